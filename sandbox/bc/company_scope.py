"""Which BC company a request works in, and where that company's records are stored.

BC keeps every table's data per company, so a request for one company must never see or change another's
records. The sandbox's first company (the oldest Company record: the demo's CRONUS, or a test's only company)
keeps its records under the plain table names, so the seeding, the scale generator and the bulk paths need no
company at all; every other company's records are stored under ``"<table>@<company id>"``. Either way a look-up
stays on the store's indexed (service, table, key) columns. The company is set around the handling of a request
(``in_company``); ``storage_table`` then names the table of that company.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sandbox.storage.statements import select_rows

__all__ = ["GLOBAL_TABLES", "base_table", "current_company_id", "home_company_id", "in_company", "storage_table"]

# Tables whose data is shared by every company (BC's DataPerCompany = false).
GLOBAL_TABLES = frozenset({"Company"})
_SEPARATOR = "@"
_scope: ContextVar[uuid.UUID | None] = ContextVar("bc_company", default=None)
_suffix: ContextVar[str] = ContextVar("bc_company_suffix", default="")


def storage_table(table_name: str) -> str:
    """The name ``sandbox.store`` keeps ``table_name`` under for the current company."""
    suffix = _suffix.get()
    return f"{table_name}{_SEPARATOR}{suffix}" if suffix and table_name not in GLOBAL_TABLES else table_name


def base_table(stored_name: str) -> str:
    """The BC table a stored table name belongs to (the company suffix removed)."""
    return stored_name.split(_SEPARATOR, 1)[0]


def home_company_id() -> uuid.UUID | None:
    """The company whose records use the plain table names: the first one created. Asked on every BC request,
    so it runs a prepared statement rather than building an ORM query."""
    rows = select_rows(service="bc", table="Company")
    return min(rows, key=lambda row: (row.created_at, row.version)).row_id if rows else None


def current_company_id() -> uuid.UUID | None:
    """The company set by ``in_company``, or the home company outside any request."""
    return _scope.get() or home_company_id()


@contextmanager
def in_company(company_id: uuid.UUID | str) -> Iterator[uuid.UUID]:
    """Read and write BC records as company ``company_id`` until the block ends."""
    company = uuid.UUID(str(company_id))
    home = home_company_id()
    scope_token = _scope.set(company)
    suffix_token = _suffix.set("" if home is None or company == home else str(company))
    try:
        yield company
    finally:
        _suffix.reset(suffix_token)
        _scope.reset(scope_token)
