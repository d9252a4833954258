"""BC's Sales & Receivables Setup as the sales flows read it: write-in product, Archive Orders, freight account (§0).

Sales lines without a product become lines of the write-in item or resource; that record must not be coupled to
a Sales product (BC refuses it in the setup, we refuse to use it). Bidirectional order synchronization needs
Archive Orders on, because the archived-orders job reads what BC archives; its first run switches it on, as BC
does when the switch is turned on. A Sales order's freight amount becomes a line on the setup's Freight G/L
account (BC's Sales Line "InsertFreightLine").

Extended price calculation is BC's feature switch for the new sales pricing; the connection's mapping set shows
which pricing model it was set up with: PLHEADER-PRICE (extended) or CUSTPRCGRP-PRICE (legacy).
"""

from dataclasses import dataclass

from connection_setup.clients import odata
from mappings.flows.resolution import WriteIn
from mappings.models import Coupling, TableMapping

__all__ = [
    "SETUP_TABLE",
    "SalesSetup",
    "ensure_archive_orders",
    "extended_pricing",
    "read_sales_setup",
    "write_in_number",
]

SETUP_TABLE = "Sales & Receivables Setup"
COUPLED_WRITE_IN = "You must choose a record that is not coupled to a product in Dynamics 365 Sales."


@dataclass(frozen=True)
class SalesSetup:
    """The setup values the flows use; ``row_id`` is None when the company has no setup record."""

    write_in: WriteIn | None
    archive_orders: bool
    row_id: str | None = None
    freight_account: str = ""


def _write_in(run, row: dict) -> WriteIn | None:
    kind, number = row.get("Write-in Product Type") or "Item", row.get("Write-in Product No.") or ""
    if not number:
        return None
    records = [r for p in run.bc.iter_pages(kind, filter=odata.eq("No.", number), select=["No."]) for r in p]
    if not records:
        return WriteIn(kind, number, f"The {kind.lower()} {number} chosen as write-in product does not exist.")
    coupled = Coupling.objects.filter(
        connection=run.connection, bc_table=kind, bc_system_id=records[0]["id"], dataverse_table="product"
    ).exists()
    return WriteIn(kind, number, COUPLED_WRITE_IN if coupled else "")


def read_sales_setup(run) -> SalesSetup:
    rows = [row for page in run.bc.iter_pages(SETUP_TABLE) for row in page]
    if not rows:
        return SalesSetup(None, False)
    row = rows[0]
    freight = row.get("Freight G/L Acc. No.") or ""
    return SalesSetup(_write_in(run, row), bool(row.get("Archive Orders")), row["id"], freight)


def write_in_number(run) -> tuple[str, str] | None:
    """(Type, No.) of the write-in product, for flows that recognise its lines on the BC side."""
    write_in = run.sales_setup.write_in
    return (write_in.type, write_in.number) if write_in else None


def ensure_archive_orders(run) -> bool:
    """Switch Archive Orders on for bidirectional synchronization; True when it had to be switched on."""
    setup = run.sales_setup
    if setup.archive_orders or setup.row_id is None:
        return False
    run.bc.update(SETUP_TABLE, setup.row_id, {"Archive Orders": True})
    run.note("Archive Orders was switched on in Sales & Receivables Setup: bidirectional synchronization needs it.")
    return True


def extended_pricing(connection) -> bool:
    """Whether the connection synchronizes price list headers (extended price calculation) rather than customer
    price groups."""
    return TableMapping.objects.filter(connection=connection, name="PLHEADER-PRICE").exists()
