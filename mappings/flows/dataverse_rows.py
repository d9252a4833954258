"""Reading and writing Dataverse rows the way the flows need them: look-ups, binds and the state toggle.

A submitted order, a won quote and a paid invoice are read-only in Dataverse; BC sets them back to their first
state, writes, and sets the state again (sales_flows §1.4). ``writable`` does that around one write.
"""

import uuid
from collections.abc import Iterable, Iterator, Sequence

from connection_setup.clients import odata
from connection_setup.clients.dataverse import DataverseClient
from connection_setup.clients.registry import dataverse_table

__all__ = [
    "ORDER_ACTIVE",
    "ORDER_INVOICED",
    "ORDER_SUBMITTED",
    "bind",
    "lookup",
    "lookup_table",
    "rows_by_id",
    "rows_matching",
    "rows_where",
    "set_state",
    "writable",
]

ORDER_ACTIVE, ORDER_SUBMITTED, ORDER_INVOICED = 0, 1, 4
ORDER_PENDING, ORDER_STATUS_INVOICED = 2, 100003
LOOKUP_NAME = "@Microsoft.Dynamics.CRM.lookuplogicalname"


def lookup(row: dict, column: str) -> uuid.UUID | None:
    """The id a look-up column points at, or None."""
    value = row.get(f"_{column}_value")
    return uuid.UUID(value) if value else None


def lookup_table(row: dict, column: str) -> str:
    """The logical name of the table a polymorphic look-up (customerid, objectid) points at."""
    return row.get(f"_{column}_value{LOOKUP_NAME}") or ""


def bind(column: str, table: str, row_id: object) -> dict:
    """The ``@odata.bind`` entry that sets a look-up; ``column`` may carry the target (customerid_account)."""
    if not row_id:
        return {f"{column}@odata.bind": None}
    return {f"{column}@odata.bind": f"/{dataverse_table(table).entity_set}({row_id})"}


def rows_where(client: DataverseClient, table: str, where: odata.Filter | None = None) -> Iterator[dict]:
    for page in client.iter_pages(table, filter=where):
        yield from page


def rows_matching(
    client: DataverseClient,
    table: str,
    column: str,
    values: Iterable[object],
    where: odata.Filter | None = None,
    select: Sequence[str] | None = None,
) -> list[dict]:
    """Rows whose ``column`` holds one of ``values`` (and match ``where``), with their look-up annotations; only
    the ``select`` columns (and the id and ``modifiedon``) when given."""
    return client.rows_matching(table, column, values, where=where, select=select)


def rows_by_id(
    client: DataverseClient, table: str, ids: Iterable[object], select: Sequence[str] | None = None
) -> dict[uuid.UUID, dict]:
    """Rows by primary id, with their look-up annotations; only the ``select`` columns (and the id and
    ``modifiedon``) when given."""
    key = dataverse_table(table).primary_id
    wanted = [uuid.UUID(i) for i in dict.fromkeys(str(i) for i in ids if i)]
    return {uuid.UUID(row[key]): row for row in client.rows_matching(table, key, wanted, select=select)}


def set_state(client: DataverseClient, table: str, row_id: object, state: int, status: int | None = None) -> None:
    body = {"statecode": state} | ({"statuscode": status} if status is not None else {})
    client.update(table, row_id, body)


def writable(client: DataverseClient, table: str, row: dict, changes: dict, *, state_after: int | None = None) -> None:
    """Write ``changes`` to a document row, reactivating it first when it is not Active and restoring the state.

    ``state_after`` sets another final state (an order pushed from BC ends Submitted whatever it was).
    """
    row_id = row[dataverse_table(table).primary_id]
    state = row.get("statecode") or 0
    if state:
        set_state(client, table, row_id, 0)
    if changes:
        client.update(table, row_id, changes)
    final = state if state_after is None else state_after
    if final:
        set_state(client, table, row_id, final)
