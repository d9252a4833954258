"""Every emulated table, by logical name and by entity set name."""

from sandbox.dataverse.schema import activity, customers, organization, products, sales, users
from sandbox.dataverse.schema.types import Table

__all__ = ["TABLES", "VALUE_INDEXES", "key_columns", "table_for_entity_set", "table_named", "value_index_columns"]

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

# Columns that lists of values look rows up by, compared without regard to case as Dataverse does; the real
# service indexes its alternate keys and look-up columns, so ``sandbox.store`` keeps an index on their lowered
# values: accounts and products by number (their alternate keys), contacts by parent account and e-mail, units by
# their unit group, products by their default unit group. Every index costs each write of the table a little, so
# only columns that synchronizations look up by lists belong here.
VALUE_INDEXES: dict[str, tuple[str, ...]] = {
    "account": ("accountnumber",),
    "contact": ("_parentcustomerid_value", "emailaddress1"),
    "product": ("productnumber", "_defaultuomscheduleid_value"),
    "uom": ("_uomscheduleid_value",),
}


def table_named(logical_name: str) -> Table | None:
    return TABLES.get(logical_name.lower())


def table_for_entity_set(entity_set: str) -> Table | None:
    return _BY_SET.get(entity_set.lower())


def key_columns(logical_name: str) -> tuple[str, ...]:
    """The columns ``sandbox.store`` indexes for a table: its alternate key, or the look-up columns above."""
    table = TABLES.get(logical_name)
    return _INDEXED.get(logical_name) or (table.alternate_keys if table else ())


def value_index_columns(logical_name: str) -> tuple[str, ...]:
    return VALUE_INDEXES.get(logical_name, ())
