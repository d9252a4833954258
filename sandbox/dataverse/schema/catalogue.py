"""Every emulated table, by logical name and by entity set name."""

from sandbox.dataverse.schema import activity, customers, organization, products, sales, users
from sandbox.dataverse.schema.types import Table

__all__ = ["TABLES", "key_columns", "table_for_entity_set", "table_named"]

TABLES: dict[str, Table] = {
    item.logical_name: item
    for module in (customers, organization, products, sales, activity, users)
    for item in (getattr(module, name) for name in module.__all__)
}
_BY_SET = {item.entity_set.lower(): item for item in TABLES.values()}
# Columns the emulator looks rows up by, beyond the alternate keys: intersect rows by their first side, the
# application user of an app, solutions by unique name.
_INDEXED = {
    "systemuserroles": ("systemuserid", "roleid"),
    "teamroles": ("teamid", "roleid"),
    "systemuser": ("applicationid",),
    "solution": ("uniquename",),
}


def table_named(logical_name: str) -> Table | None:
    return TABLES.get(logical_name.lower())


def table_for_entity_set(entity_set: str) -> Table | None:
    return _BY_SET.get(entity_set.lower())


def key_columns(logical_name: str) -> tuple[str, ...]:
    """The columns ``sandbox.store`` indexes for a table: its alternate key, or the look-up columns above."""
    table = TABLES.get(logical_name)
    return _INDEXED.get(logical_name) or (table.alternate_keys if table else ())
