"""Columns every table has (audit stamps, version) and the ownership columns of user- or team-owned tables.

The key, the owner and the state are system-required on every table; the service fills all three itself (a new
key, the caller as owner, the first state), so a create never has to give them.
"""

from sandbox.dataverse.schema.types import SYSTEM_REQUIRED, Column, Table, parse_columns

__all__ = ["OWNED", "SYSTEM", "table"]

SYSTEM = """
createdon DateTime ro
createdby Lookup systemuser ro
modifiedon DateTime ro
modifiedby Lookup systemuser ro
createdonbehalfby Lookup systemuser ro
modifiedonbehalfby Lookup systemuser ro
versionnumber BigInt ro
overriddencreatedon DateTime
importsequencenumber Integer
timezoneruleversionnumber Integer
utcconversiontimezonecode Integer
"""

OWNED = """
ownerid Owner systemuser|team !!
owneridtype EntityName !! ro
owningbusinessunit Lookup businessunit ro
owninguser Lookup systemuser ro
owningteam Lookup team ro
"""


def table(
    logical_name: str,
    entity_set: str,
    primary_name: str,
    columns: str,
    *,
    owned: bool = True,
    states: dict[int, tuple[int, ...]] | None = None,
    primary_id: str = "",
    alternate_keys: tuple[str, ...] = (),
    object_type_code: int = 10000,
) -> Table:
    """A table from its own columns plus the system (and ownership) columns it inherits."""
    primary_id = primary_id or f"{logical_name}id"
    merged: dict[str, Column] = {primary_id: Column(primary_id, "Uniqueidentifier", required_level=SYSTEM_REQUIRED)}
    merged.update(parse_columns(SYSTEM))
    if owned:
        merged.update(parse_columns(OWNED))
    if states:
        merged.update(parse_columns("statecode State !! =0\nstatuscode Status"))
    merged.update(parse_columns(columns))
    return Table(
        logical_name,
        entity_set,
        primary_id,
        primary_name,
        merged,
        states or {},
        alternate_keys,
        object_type_code=object_type_code,
    )
