"""Which fields are lookups: BC table relations and Dataverse lookup columns (sync_engine §2.11).

BC translates a value through couplings when both fields are relations and a mapping couples the two related
tables; the relations themselves live in BC's table metadata, so the ones the default mappings use are listed
here as data. A Dataverse lookup column is read as ``_name_value`` and written as ``name@odata.bind``.
"""

from dataclasses import dataclass

from mappings.engine.types import LookupRule

__all__ = [
    "BC_RELATIONS",
    "BUSINESS_RELATION_TABLES",
    "COMPANY_CONTACT_FIELDS",
    "DATAVERSE_LOOKUPS",
    "OPTION_CONSTANTS",
    "OPTION_TABLES",
    "RECORD_LOOKUPS",
    "UNIT_SOURCES",
    "DataverseLookup",
    "lookup_type_column",
]

# BC field → (related BC table, the related table's key field the value holds).
BC_RELATIONS: dict[str, tuple[str, str]] = {
    "Salesperson Code": ("Salesperson/Purchaser", "Code"),
    "Purchaser Code": ("Salesperson/Purchaser", "Code"),
    "Currency Code": ("Currency", "Code"),
    "Primary Contact No.": ("Contact", "No."),
    "Customer Price Group": ("Customer Price Group", "Code"),
    "Base Unit of Measure": ("Unit of Measure", "Code"),
    "Unit of Measure Code": ("Unit of Measure", "Code"),
    "Sell-to Customer No.": ("Customer", "No."),
    "Bill-to Customer No.": ("Customer", "No."),
    "Customer No.": ("Customer", "No."),
    "Document No.": ("Sales Header", "No."),
    "Parent Company No.": ("Customer", "No."),
    "Price List Code": ("Price List Header", "Code"),
    "Payment Terms Code": ("Payment Terms", "Code"),
    "Shipment Method Code": ("Shipment Method", "Code"),
    "Shipping Agent Code": ("Shipping Agent", "Code"),
    "Company No.": ("Contact", "No."),
    "Contact Company No.": ("Contact", "No."),
    "Contact No.": ("Contact", "No."),
}

# BC tables whose codes map to the values of a Dataverse choice column through an option mapping (§2.10): a
# field related to one of them is translated through the option mapping's rows, never sent as text.
OPTION_TABLES = frozenset({"Payment Terms", "Shipment Method", "Shipping Agent"})

# Fields holding a company contact's No.: the Dataverse account they stand for is the one coupled to the customer
# or vendor that the company has a business relation with (BC's Contact Business Relation, Link to Table).
COMPANY_CONTACT_FIELDS = frozenset({"Company No.", "Contact Company No."})
BUSINESS_RELATION_TABLES = ("Customer", "Vendor")


# Dataverse choice columns whose constants the default mappings give by member name (BC's option constants accept
# captions or member names): column → member name → option value.
OPTION_CONSTANTS: dict[str, dict[str, int]] = {
    "pricingmethodcode": {
        "CurrencyAmount": 1,
        "PercentofList": 2,
        "PercentMarkupCurrentCost": 3,
        "PercentMarginCurrentCost": 4,
        "PercentMarkupStandardCost": 5,
        "PercentMarginStandardCost": 6,
    },
}

# A unit of an item or resource (ITEM UOM, RESOURCE UOM) → (the table it belongs to, the field holding its No.).
UNIT_SOURCES = {"Item Unit of Measure": ("Item", "Item No."), "Resource Unit of Measure": ("Resource", "Resource No.")}

_ASSET_TABLES = ("Asset Type", (("Item", "Item"), ("Resource", "Resource")))
_ASSET_UNIT_TABLES = ("Asset Type", (("Item", "Item Unit of Measure"), ("Resource", "Resource Unit of Measure")))

# (BC table, BC field, Dataverse column) → lookups whose related record depends on the record itself. With Unit
# Group Mapping on, BC's subscriber (CRM Synch. Helper, ConvertBaseUnitOfMeasureToUomId) translates a base unit
# through the coupling of the item's (resource's) own unit of measure, not the shared Unit of Measure; a price list
# line's Asset No. and unit name an item or a resource as its Asset Type says.
RECORD_LOOKUPS: dict[tuple[str, str, str], LookupRule] = {
    ("Item", "Base Unit of Measure", "defaultuomid"): LookupRule(
        "Item Unit of Measure", "uom", "Code", owner_field="No."
    ),
    ("Resource", "Base Unit of Measure", "defaultuomid"): LookupRule(
        "Resource Unit of Measure", "uom", "Code", owner_field="No."
    ),
    ("Price List Line", "Asset No.", "productid"): LookupRule("Item", "product", "No.", table_by=_ASSET_TABLES),
    ("Price List Line", "Unit of Measure Code", "uomid"): LookupRule(
        "Item Unit of Measure", "uom", "Code", table_by=_ASSET_UNIT_TABLES, owner_field="Asset No."
    ),
}


@dataclass(frozen=True)
class DataverseLookup:
    target: str
    bind: str
    entity_set: str

    def bind_for(self, column: str, target: str) -> str:
        """The navigation property to bind for a row of ``target``: polymorphic lookups name their target."""
        return self.bind if target == self.target or self.bind == column else f"{column}_{target}"


def lookup_type_column(column: str) -> str:
    """The column that says which table a polymorphic lookup points to (``parentcustomeridtype``)."""
    return column + "type"


def _lookup(target: str, bind: str = "", entity_set: str = "") -> DataverseLookup:
    return DataverseLookup(target, bind, entity_set or target + "s")


# Dataverse lookup column → its target table, the navigation property to bind (polymorphic ones name the
# target), and the target's entity set.
DATAVERSE_LOOKUPS: dict[str, DataverseLookup] = {
    "ownerid": _lookup("systemuser", "ownerid"),
    "transactioncurrencyid": _lookup("transactioncurrency", "transactioncurrencyid", "transactioncurrencies"),
    "primarycontactid": _lookup("contact", "primarycontactid"),
    "parentcustomerid": _lookup("account", "parentcustomerid_account"),
    "parentaccountid": _lookup("account", "parentaccountid"),
    "parentcontactid": _lookup("contact", "parentcontactid"),
    "customerid": _lookup("account", "customerid_account"),
    "defaultuomscheduleid": _lookup("uomschedule", "defaultuomscheduleid"),
    "uomscheduleid": _lookup("uomschedule", "uomscheduleid"),
    "defaultuomid": _lookup("uom", "defaultuomid"),
    "uomid": _lookup("uom", "uomid"),
    "pricelevelid": _lookup("pricelevel", "pricelevelid"),
    "productid": _lookup("product", "productid"),
    "salesorderid": _lookup("salesorder", "salesorderid"),
    "invoiceid": _lookup("invoice", "invoiceid"),
}
