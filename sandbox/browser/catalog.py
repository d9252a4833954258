"""What the Sandbox Browser shows: the emulated tables of each system, their list columns and field order.

Business Central tables come from ``sandbox.bc.schema`` (BC field names, primary key first); Dataverse tables
from ``sandbox.dataverse.schema`` (logical names, primary name first). Reading goes through ``sandbox.store``;
a BC table is read in the company the view has set (``sandbox.bc.company_scope.in_company``), since BC keeps
each company's records apart.
"""

import uuid
from dataclasses import dataclass

from sandbox import store
from sandbox.bc.company_scope import home_company_id, storage_table
from sandbox.bc.entities import etag as bc_etag
from sandbox.bc.schema import tables as bc_tables
from sandbox.dataverse.records import etag as dataverse_etag
from sandbox.dataverse.schema import TABLES as DATAVERSE_TABLES
from sandbox.odata import OrderKey

__all__ = [
    "SYSTEMS",
    "BrowsedTable",
    "browsed_table",
    "browsed_tables",
    "chosen_company",
    "companies",
    "etag",
    "record_page",
    "row_count",
    "search_page",
]

SYSTEMS = {"bc": "Business Central", "dataverse": "Dynamics 365 Sales (Dataverse)"}
PAGE_SIZE = 50
_NAME_FIELDS = ("Name", "Description", "Sell-to Customer Name", "Code", "Record ID")


@dataclass(frozen=True)
class BrowsedTable:
    service: str
    name: str
    label: str
    columns: tuple[str, ...]
    fields: tuple[str, ...]


def _bc(table) -> BrowsedTable:
    names = [*table.key, *(name for name in _NAME_FIELDS if table.has_field(name) and name not in table.key)]
    return BrowsedTable("bc", table.name, f"{table.name} (table {table.number})", tuple(names[:4]),
                        tuple(f.name for f in table.fields))  # fmt: skip


def _dataverse(table) -> BrowsedTable:
    properties = [name for name in table.properties if name != table.primary_id]
    columns = [table.primary_name] if table.primary_name in table.properties else []
    columns += [name for name in ("statecode", "statuscode") if name in table.properties]
    label = f"{table.logical_name} ({table.entity_set})"
    return BrowsedTable("dataverse", table.logical_name, label, tuple(columns), tuple(properties))


def browsed_tables(service: str) -> list[BrowsedTable]:
    if service == "bc":
        return [_bc(table) for table in sorted(bc_tables(), key=lambda table: table.name)]
    return [_dataverse(DATAVERSE_TABLES[name]) for name in sorted(DATAVERSE_TABLES)]


def browsed_table(service: str, name: str) -> BrowsedTable | None:
    return (
        next((table for table in browsed_tables(service) if table.name == name), None) if service in SYSTEMS else None
    )


def companies() -> list[store.StoredRow]:
    """The BC companies, by name."""
    return sorted(store.find("bc", "Company"), key=lambda row: row.data["Name"])


def chosen_company(requested: str | None) -> store.StoredRow | None:
    """The company a BC page shows: the one asked for by id, else the first company (None when unknown)."""
    wanted = requested or str(home_company_id() or "")
    return next((row for row in companies() if str(row.row_id) == wanted.lower()), None)


def _stored(table: BrowsedTable) -> str:
    return storage_table(table.name) if table.service == "bc" else table.name


class _Search:
    """A store filter that keeps rows whose any text value contains the search words (case-insensitive)."""

    def __init__(self, query: str) -> None:
        self.query = query.casefold()

    def matches(self, record: dict) -> bool:
        return (
            not self.query
            or any(self.query in str(value).casefold() for value in record["data"].values())
            or (self.query in record["id"])
        )

    def conditions(self) -> list:
        return []


def _project(row: store.StoredRow) -> dict:
    return {"id": str(row.row_id), "data": row.data, "version": row.version, "modified": row.modified_at,
            "created": row.created_at}  # fmt: skip


def search_page(table: BrowsedTable, query: str, after: str | None) -> tuple[list[dict], str | None, int]:
    """One page of the table, most recently modified first, with the token of the next page and the match count."""
    page_query = store.PageQuery(
        service=table.service,
        table=_stored(table),
        project=_project,
        filter=_Search(query) if query else None,
        order=(OrderKey("modified", descending=True),),
        size=PAGE_SIZE,
        after=after,
        sql_columns={"modified": "modified_at", "id": "row_id"},
    )
    page = store.query_page(page_query)
    return page.records, page.next_token, store.count(page_query)


def row_count(table: BrowsedTable) -> int:
    return store.count(store.PageQuery(service=table.service, table=_stored(table), project=_project))


def etag(service: str, version: int) -> str:
    """The etag the service's API shows for this version of a record."""
    return bc_etag(version) if service == "bc" else dataverse_etag(version)


def record_page(table: BrowsedTable, row_id: uuid.UUID) -> dict | None:
    row = store.get(table.service, _stored(table), row_id)
    if row is None:
        return None
    ordered = list(table.fields) + sorted(set(row.data) - set(table.fields))
    return {**_project(row), "fields": [(name, row.data.get(name)) for name in ordered]}
