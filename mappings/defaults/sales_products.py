"""Dynamics 365 Sales mappings for units, products and prices, in both unit models and both pricing models.

Read off BC's ``CRMSetupDefaults`` codeunit (Integration/D365Sales). The unit-group switch picks UNIT GROUP,
ITEM UOM and RESOURCE UOM or the older UNIT OF MEASURE, and changes the products' and price lines' unit field;
the pricing switch picks PLHEADER-PRICE/PLLINE-PRODPRICE or the legacy CUSTPRCGRP-PRICE/SALESPRC-PRODPRICE.
"""

from mappings.choices import Direction
from mappings.defaults.spec import BOTH, TO, FieldSpec, JobSpec, MappingSpec, field_spec

__all__ = [
    "LEGACY_PRICE_MAPPINGS",
    "UNIT_GROUP_MAPPINGS",
    "UNIT_OF_MEASURE_MAPPINGS",
    "price_list_mappings",
    "product_mappings",
]

UNIT_JOB = JobSpec(30, 720)
PRICE_JOB = JobSpec(30, 1440)
PRODUCT_FILTER = "producttypecode eq {} and statecode eq 0"


def _unit_of_measure(name: str, bc_table: str, source: str) -> MappingSpec:
    return MappingSpec(
        name=name,
        bc_table=bc_table,
        dataverse_table="uom",
        direction=Direction.TO_INTEGRATION,
        dependency_filter="UNIT GROUP",
        synch_after_bulk_coupling=True,
        create_new_if_no_match=True,
        fields=(
            field_spec("Code", "name", TO, use_for_match_based_coupling=True),
            field_spec("Qty. per Unit of Measure", "quantity", TO),
        ),
        job=UNIT_JOB,
        source=f"CRMSetupDefaults.{source}",
    )


UNIT_GROUP_MAPPINGS: tuple[MappingSpec, ...] = (
    MappingSpec(
        name="UNIT GROUP",
        bc_table="Unit Group",
        dataverse_table="uomschedule",
        direction=Direction.TO_INTEGRATION,
        synch_after_bulk_coupling=True,
        create_new_if_no_match=True,
        fields=(
            field_spec("Source No.", "name", TO, use_for_match_based_coupling=True),
            field_spec("Source No.", "baseuomname", TO),
        ),
        job=UNIT_JOB,
        source="CRMSetupDefaults.ResetUnitGroupUoMScheduleMapping",
    ),
    _unit_of_measure("ITEM UOM", "Item Unit of Measure", "ResetItemUnitOfMeasureUoMMapping"),
    _unit_of_measure("RESOURCE UOM", "Resource Unit of Measure", "ResetResourceUnitOfMeasureUoMMapping"),
)

UNIT_OF_MEASURE_MAPPINGS: tuple[MappingSpec, ...] = (
    MappingSpec(
        name="UNIT OF MEASURE",
        bc_table="Unit of Measure",
        dataverse_table="uomschedule",
        direction=Direction.TO_INTEGRATION,
        fields=(field_spec("Code", "baseuomname", TO),),
        job=UNIT_JOB,
        source="CRMSetupDefaults.ResetUnitOfMeasureUoMScheduleMapping",
    ),
)


def _product(
    name: str, bc_table: str, product_type: int, fields: tuple[FieldSpec, ...], dependency: str, timeout: int
) -> MappingSpec:
    kind = "Item" if bc_table == "Item" else "Resource"
    return MappingSpec(
        name=name,
        bc_table=bc_table,
        dataverse_table="product",
        direction=Direction.BIDIRECTIONAL,
        bc_table_filter="blocked eq false",
        dataverse_table_filter=PRODUCT_FILTER.format(product_type),
        filter_by_company=True,
        dependency_filter=dependency,
        fields=fields,
        job=JobSpec(30, timeout),
        source=f"CRMSetupDefaults.Reset{kind}ProductMapping",
    )


def product_mappings(*, unit_groups: bool) -> tuple[MappingSpec, ...]:
    """ITEM-PRODUCT and RESOURCE-PRODUCT; the unit model decides their dependency and their unit field."""
    item_unit = (
        field_spec("Base Unit of Measure", "defaultuomid", BOTH)
        if unit_groups
        else field_spec("Base Unit of Measure", "defaultuomscheduleid", BOTH)
    )
    resource_unit = (field_spec("Base Unit of Measure", "defaultuomid", TO),) if unit_groups else ()
    item_fields = (
        field_spec("No.", "productnumber", TO),
        field_spec("Description", "name", BOTH),
        field_spec("Unit Price", "price", TO),
        field_spec("Unit Cost", "standardcost", TO),
        field_spec("Unit Cost", "currentcost", TO),
        field_spec("Unit Volume", "stockvolume", TO),
        field_spec("Gross Weight", "stockweight", TO),
        field_spec("Vendor No.", "vendorid", TO),
        field_spec("Vendor Item No.", "vendorpartnumber", TO),
        field_spec("Inventory", "quantityonhand", TO),
        item_unit,
    )
    resource_fields = (
        field_spec("No.", "productnumber", TO),
        field_spec("Name", "name", BOTH),
        field_spec("Unit Price", "price", TO),
        field_spec("Unit Cost", "standardcost", TO),
        field_spec("Unit Cost", "currentcost", TO),
        field_spec("Vendor No.", "vendorid", TO),
        field_spec("Capacity", "quantityonhand", TO),
        *resource_unit,
    )
    return (
        _product("ITEM-PRODUCT", "Item", 1, item_fields, "ITEM UOM" if unit_groups else "UNIT OF MEASURE", 1440),
        _product(
            "RESOURCE-PRODUCT",
            "Resource",
            3,
            resource_fields,
            "RESOURCE UOM" if unit_groups else "UNIT OF MEASURE",
            720,
        ),
    )


def _price_level(name: str, bc_table: str, fields: tuple[FieldSpec, ...], source: str, **extra) -> MappingSpec:
    return MappingSpec(
        name=name,
        bc_table=bc_table,
        dataverse_table="pricelevel",
        direction=Direction.TO_INTEGRATION,
        filter_by_company=True,
        dependency_filter="CURRENCY|ITEM-PRODUCT",
        fields=fields,
        job=PRICE_JOB,
        source=f"CRMSetupDefaults.{source}",
        **extra,
    )


def _product_price_level(
    name: str, bc_table: str, bc_filter: str, fields: tuple[FieldSpec, ...], **extra
) -> MappingSpec:
    return MappingSpec(
        name=name,
        bc_table=bc_table,
        dataverse_table="productpricelevel",
        direction=Direction.TO_INTEGRATION,
        bc_table_filter=bc_filter,
        synch_only_coupled_records=False,
        fields=fields,
        job=PRICE_JOB,
        **extra,
    )


def _price_line_fields(list_field: str, product_field: str, unit: tuple[FieldSpec, ...]) -> tuple[FieldSpec, ...]:
    return (
        field_spec(list_field, "pricelevelid", TO),
        field_spec(product_field, "productid", TO),
        field_spec(product_field, "productnumber", TO),
        field_spec("Currency Code", "transactioncurrencyid", TO),
        field_spec("", "pricingmethodcode", TO, "CurrencyAmount", validate_field=False),
        *unit,
        field_spec("Unit Price", "amount", TO),
    )


def price_list_mappings(*, unit_groups: bool) -> tuple[MappingSpec, ...]:
    """PLHEADER-PRICE and PLLINE-PRODPRICE (extended pricing); the unit model decides the line's unit column."""
    unit = field_spec("Unit of Measure Code", "uomid" if unit_groups else "uomscheduleid", TO)
    return (
        _price_level(
            "PLHEADER-PRICE",
            "Price List Header",
            (
                field_spec("Code", "name", TO),
                field_spec("Description", "description", TO),
                field_spec("Currency Code", "transactioncurrencyid", TO),
                field_spec("Starting Date", "begindate", TO),
                field_spec("Ending Date", "enddate", TO),
            ),
            "ResetPriceListHeaderPricelevelMapping",
            bc_table_filter="priceType eq 'Sale' and amountType eq 'Price' and allowUpdatingDefaults eq false",
        ),
        _product_price_level(
            "PLLINE-PRODPRICE",
            "Price List Line",
            "priceType eq 'Sale' and amountType eq 'Price' and (assetType eq 'Item' or assetType eq 'Resource')"
            " and minimumQuantity eq 0",
            _price_line_fields("Price List Code", "Asset No.", (unit,)),
            dependency_filter="PLHEADER-PRICE|ITEM-PRODUCT",
            source="CRMSetupDefaults.ResetPriceListLineProductPricelevelMapping",
        ),
    )


LEGACY_PRICE_MAPPINGS: tuple[MappingSpec, ...] = (
    _price_level(
        "CUSTPRCGRP-PRICE",
        "Customer Price Group",
        (field_spec("Code", "name", TO),),
        "ResetCustomerPriceGroupPricelevelMapping",
    ),
    _product_price_level(
        "SALESPRC-PRODPRICE",
        "Sales Price",
        "salesType eq 'Customer Price Group' and salesCode ne ''",
        _price_line_fields("Sales Code", "Item No.", ()),
        dependency_filter="CUSTPRCGRP-PRICE|ITEM-PRODUCT",
        source="CRMSetupDefaults.ResetSalesPriceProductPricelevelMapping",
    ),
)
