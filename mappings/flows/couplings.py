"""Coupling look-ups and writes the flows share: BC record ↔ Dataverse row, per BC table (sales_flows §1.3)."""

import uuid

from django.utils import timezone

from connection_setup.models import Connection
from mappings.models import Coupling
from mappings.models.coupling import SynchResult

__all__ = ["couple", "coupled_bc_id", "coupled_dataverse_id", "coupling_of_row", "order_couplings", "uncouple"]


def coupling_of_row(connection: Connection, bc_table: str, dataverse_table: str, row_id: object) -> Coupling | None:
    return Coupling.objects.filter(
        connection=connection, bc_table=bc_table, dataverse_table=dataverse_table, dataverse_id=row_id
    ).first()


def _usable(coupling: Coupling | None) -> bool:
    """A lookup may follow only a coupling whose counterpart exists: not Skipped, not a pending (or failed) create."""
    return coupling is not None and not coupling.skipped and not coupling.pending


def coupled_bc_id(connection: Connection, bc_table: str, dataverse_table: str, row_id: object) -> uuid.UUID | None:
    coupling = coupling_of_row(connection, bc_table, dataverse_table, row_id)
    return coupling.bc_system_id if _usable(coupling) else None


def coupled_dataverse_id(connection: Connection, bc_table: str, bc_id: object) -> uuid.UUID | None:
    coupling = Coupling.objects.filter(connection=connection, bc_table=bc_table, bc_system_id=bc_id).first()
    return coupling.dataverse_id if _usable(coupling) else None


def couple(
    connection: Connection, bc_table: str, bc_id: object, dataverse_table: str, row_id: object, *, mapping: str = ""
) -> Coupling:
    """Couple the pair (or complete a pending coupling of the same Dataverse row) with a successful result."""
    coupling, _ = Coupling.objects.update_or_create(
        connection=connection,
        bc_table=bc_table,
        dataverse_table=dataverse_table,
        dataverse_id=row_id,
        defaults={
            "bc_system_id": bc_id,
            "mapping_name": mapping,
            "pending": "",
            "pending_since": None,
            "pending_match": {},
            "last_result_from": SynchResult.SUCCESS,
            "bc_modified_on": timezone.now(),
        },
    )
    return coupling


def uncouple(connection: Connection, bc_table: str, dataverse_table: str, row_id: object) -> int:
    removed, _ = Coupling.objects.filter(
        connection=connection, bc_table=bc_table, dataverse_table=dataverse_table, dataverse_id=row_id
    ).delete()
    return removed


def order_couplings(connection: Connection):
    """Couplings of BC sales orders to Sales orders, but those bidirectional mode flagged archived."""
    return Coupling.objects.filter(
        connection=connection,
        bc_table="Sales Header",
        dataverse_table="salesorder",
        bc_system_id__isnull=False,
        archived_sales_order=False,
    )
