"""Record-level behaviour that BC's table subscribers add to the generic engine (sync_engine §2.3, §2.11), as data.

- Insert defaults: BC's CDS subscriber gives a new account the relationship type of the record it comes from;
  without it the account would fall outside the mapping's own Integration Table Filter (``customertypecode eq 3``)
  and never be read back; a new product likewise gets its type and its quantity precision. Mapped fields win over
  these defaults.
- Implicit rules: a person contact's company is its parent account in Sales. BC sets it in a subscriber, not in a
  field mapping, so the CONTACT mapping carries no such row; the engine adds it to the plan.
- Kept when blanked: BC's subscriber keeps a customer's ``Primary Contact No.`` when Sales sends a blank (an account
  without a primary contact, or one whose contact is not coupled) unless the current primary contact is itself
  coupled; otherwise every full synchronization would blank, and so rewrite, every customer in BC.
- Post-filters: rows a mapping reads but ignores, uncounted. Dataverse's Web API cannot filter on the target type
  of a polymorphic lookup (BC's proxy table has ``ParentCustomerIdType``), so contacts whose parent is another
  contact are dropped after reading, from the ``lookuplogicalname`` annotation.
"""

from collections.abc import Callable
from typing import Any

from mappings.engine.relations import lookup_type_column
from mappings.engine.types import FieldRule, LookupRule
from synclog.choices import PassDirection

__all__ = ["COMPANY_LOOKUP", "KEPT_WHEN_BLANKED", "implicit_rules", "insert_defaults", "is_ignored"]

# (BC table, Dataverse table) → columns a new Dataverse row gets.
DATAVERSE_INSERT_DEFAULTS: dict[tuple[str, str], dict[str, Any]] = {
    ("Customer", "account"): {"customertypecode": 3},
    ("Vendor", "account"): {"customertypecode": 11},
    # BC's product subscriber: quantities with two decimals (CRMSetupDefaults.GetProductQuantityPrecision) and the
    # product type its mapping's filter reads back (Sales Inventory for items, Services for resources).
    ("Item", "product"): {"quantitydecimal": 2, "producttypecode": 1},
    ("Resource", "product"): {"quantitydecimal": 2, "producttypecode": 3},
}

COMPANY_LOOKUP = LookupRule(
    bc_table="Customer", dataverse_table="account", bc_key="No.", through_business_relation=True
)

IMPLICIT_RULES: dict[tuple[str, str], tuple[FieldRule, ...]] = {
    ("Contact", "contact"): (
        FieldRule("Company No.", "parentcustomerid", "Bidirectional", lookup=COMPANY_LOOKUP, caption="Company No."),
    ),
}

# BC fields a blank from Dataverse clears only when the related record they name now is coupled.
KEPT_WHEN_BLANKED = frozenset({"Primary Contact No."})

POST_FILTERS: dict[tuple[str, PassDirection], Callable[[dict[str, Any]], bool]] = {
    ("contact", PassDirection.FROM_INTEGRATION): lambda row: (
        row.get(lookup_type_column("parentcustomerid")) in (None, "account")
    ),
}


def insert_defaults(bc_table: str, dataverse_table: str, direction: PassDirection) -> dict[str, Any]:
    """The values a new counterpart starts with before the field mappings are applied."""
    if direction != PassDirection.TO_INTEGRATION:
        return {}
    return dict(DATAVERSE_INSERT_DEFAULTS.get((bc_table, dataverse_table), {}))


def implicit_rules(bc_table: str, dataverse_table: str, mapped: set[str]) -> tuple[FieldRule, ...]:
    """The subscriber-made field rules of a table pair, unless the administrator mapped that column already."""
    return tuple(r for r in IMPLICIT_RULES.get((bc_table, dataverse_table), ()) if r.dataverse_field not in mapped)


def is_ignored(source_table: str, direction: PassDirection, values: dict[str, Any]) -> bool:
    """Whether a row read by a pass is dropped before the per-record algorithm (no counter, §2.12)."""
    keep = POST_FILTERS.get((source_table, direction))
    return keep is not None and not keep(values)
