"""BC's Sales & Receivables Setup as the sales flows read it: the write-in product and Archive Orders (§0).

Sales lines without a product become lines of the write-in item or resource; that record must not be coupled to
a Sales product (BC refuses it in the setup, we refuse to use it). Bidirectional order synchronization needs
Archive Orders on, because the archived-orders job reads what BC archives; its first run switches it on, as BC
does when the switch is turned on.
"""

from dataclasses import dataclass

from connection_setup.clients import odata
from mappings.flows.resolution import WriteIn
from mappings.models import Coupling

__all__ = ["SETUP_TABLE", "SalesSetup", "ensure_archive_orders", "read_sales_setup", "write_in_number"]

SETUP_TABLE = "Sales & Receivables Setup"
COUPLED_WRITE_IN = "You must choose a record that is not coupled to a product in Dynamics 365 Sales."


@dataclass(frozen=True)
class SalesSetup:
    """The setup values the flows use; ``row_id`` is None when the company has no setup record."""

    write_in: WriteIn | None
    archive_orders: bool
    row_id: str | None = None


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
    return SalesSetup(_write_in(run, rows[0]), bool(rows[0].get("Archive Orders")), rows[0]["id"])


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
