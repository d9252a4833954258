"""Stored rows as the Web API shows them: every property (null when unset), system stamps and the ETag.

``project`` builds the record `$filter` and `$orderby` see (unset columns are simply absent, read as null);
``shape`` then keeps the `$select`ed
properties and adds look-up annotations when the caller asked for them with ``odata.include-annotations``.
"""

from functools import cache, lru_cache

from sandbox.dataverse.schema import Table
from sandbox.store import StoredRow

__all__ = ["LOOKUP_NAME", "etag", "project", "shape", "sql_columns", "stored_columns", "timestamp"]

LOOKUP_NAME = "@Microsoft.Dynamics.CRM.lookuplogicalname"
_SQL_COLUMNS = {"modifiedon": "modified_at", "createdon": "created_at", "versionnumber": "version"}


@lru_cache(maxsize=4096)
def timestamp(value) -> str:
    """Remembered: the rows of one bulk write share their timestamps, and a new row's two stamps are equal."""
    return value.isoformat(timespec="seconds")[:19] + "Z"


def etag(version: int) -> str:
    return f'W/"{version}"'


@cache
def sql_columns(table: Table) -> dict[str, str]:
    return {**_SQL_COLUMNS, table.primary_id: "row_id"}


@cache
def stored_columns(table: Table) -> dict[str, str]:
    """Properties stored under their own name (columns and ``_x_value`` look-ups, not the system stamps or the
    names copied from other columns): a list of their values can narrow the rows in SQL."""
    derived = {*sql_columns(table), *(name for name, _ in table.entity_name_columns)}
    return {name: name for name in table.properties if name not in derived}


def project(table: Table, row: StoredRow) -> dict:
    record = dict(row.data)
    record[table.primary_id] = str(row.row_id)
    record["createdon"] = timestamp(row.created_at)
    record["modifiedon"] = timestamp(row.modified_at)
    record["versionnumber"] = row.version
    record["@odata.etag"] = etag(row.version)
    for name, target in table.entity_name_columns:
        record[name] = record.get(target)
    return record


def shape(table: Table, record: dict, select: tuple[str, ...] = (), *, annotations: bool = False) -> dict:
    """The response body of one row: `$select`ed properties (all when empty), the key and the ETag."""
    get = record.get
    shaped = {"@odata.etag": record["@odata.etag"]}
    if select:
        shaped.update([(name, get(name)) for name in select])
    else:
        # Most columns of a row are unset: start from all-null and copy the few set ones.
        properties = table.properties
        shaped.update(table.null_record)
        shaped.update([(name, value) for name, value in record.items() if name in properties])
    if annotations:
        for name in select or table.property_names:
            target = get(f"{name}@type")
            if target:
                shaped[f"{name}{LOOKUP_NAME}"] = target
    shaped[table.primary_id] = record[table.primary_id]
    return shaped
