"""`$expand`: single-valued navigation properties (a look-up's target row) and the collection-valued ones BC's
sales flows read (a document's lines, an account's contacts, a price list's items, a unit group's units).

Each expansion costs one query for the whole page, whatever its size; nested `$select` shapes the expanded rows.
"""

import uuid
from collections import defaultdict

from sandbox import store
from sandbox.dataverse.api import ApiRequest
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.records import project, shape
from sandbox.dataverse.schema import Table, table_named
from sandbox.odata import ExpandItem, parse_expand

__all__ = ["COLLECTIONS", "expand"]

SERVICE = "dataverse"
# (table, collection-valued navigation property) → (related table, its look-up column back to the row)
COLLECTIONS = {
    ("salesorder", "order_details"): ("salesorderdetail", "salesorderid"),
    ("quote", "quote_details"): ("quotedetail", "quoteid"),
    ("invoice", "invoice_details"): ("invoicedetail", "invoiceid"),
    ("account", "contact_customer_accounts"): ("contact", "parentcustomerid"),
    ("pricelevel", "price_level_product_price_levels"): ("productpricelevel", "pricelevelid"),
    ("uomschedule", "unit_of_measurement_schedule_conversions"): ("uom", "uomscheduleid"),
}


def _checked(table: Table, names) -> None:
    for name in names:
        if name not in table.properties:
            raise DataverseError.bad_property(table.logical_name, name)


def expand(request: ApiRequest, table: Table, full: list[dict], records: list[dict]) -> None:
    """Add each `$expand`ed property to ``records`` (the shaped responses of the projected rows ``full``)."""
    for item in parse_expand(request.query.get("$expand")):
        if (table.logical_name, item.navigation) in COLLECTIONS:
            _attach_collection(table, full, records, item)
            continue
        column = table.column(item.navigation.lower()) or table.column(item.navigation.lower().rpartition("_")[0])
        if column is None or not column.is_lookup:
            raise DataverseError.bad_request(
                f"'{item.navigation}' is not a navigation property of {table.logical_name} that $expand supports."
            )
        _attach_target(full, records, column.property_name, item)


def _attach_target(full: list[dict], records: list[dict], property_name: str, item: ExpandItem) -> None:
    by_target: dict[str, set[uuid.UUID]] = {}
    for record in full:
        target = record.get(f"{property_name}@type")
        if target and record.get(property_name):
            by_target.setdefault(target, set()).add(uuid.UUID(record[property_name]))
    found = {}
    for target, ids in by_target.items():
        target_table = table_named(target)
        _checked(target_table, item.select)
        for row in store.get_many(SERVICE, target, ids).values():
            found[str(row.row_id)] = shape(target_table, project(target_table, row), item.select)
    for source, record in zip(full, records, strict=True):
        record[item.navigation] = found.get(source.get(property_name) or "")


def _attach_collection(table: Table, full: list[dict], records: list[dict], item: ExpandItem) -> None:
    related_name, column = COLLECTIONS[(table.logical_name, item.navigation)]
    related = table_named(related_name)
    _checked(related, item.select)
    parents = [record[table.primary_id] for record in full]
    children: dict[str, list[dict]] = defaultdict(list)
    for row in store.find_in(SERVICE, related_name, f"_{column}_value", parents):
        children[row.data[f"_{column}_value"]].append(shape(related, project(related, row), item.select))
    for source, record in zip(full, records, strict=True):
        record[item.navigation] = children.get(source[table.primary_id], [])
