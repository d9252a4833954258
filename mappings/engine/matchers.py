"""Find uncoupled destination (sync_engine §2.5 step 1): built-in matchers for tables whose counterpart usually
exists before the first synchronization.

Every Sales environment has its base currency, and often more currencies, before BC's CURRENCY mapping first runs;
creating them again would fail on their unique ISO code. Like BC's subscriber, a BC currency without a coupling is
coupled to the uncoupled Dataverse currency with the same ISO code, and then updated (the pair counts as changed,
its stamps being empty), instead of being created.
"""

import uuid

from connection_setup.clients import odata
from mappings.engine.couplings import CouplingScope
from mappings.engine.types import SourceRecord
from mappings.models import Coupling, PendingCreate
from synclog.choices import PassDirection

__all__ = ["couple_uncoupled_matches"]

MATCH_FIELDS = {("Currency", "transactioncurrency"): ("Code", "isocurrencycode")}


def _uncoupled(coupling: Coupling | None) -> bool:
    """No coupling, or a create held after a failure (nothing in flight, no Dataverse row behind it)."""
    if coupling is None:
        return True
    return coupling.pending == PendingCreate.IN_DATAVERSE and coupling.pending_since is None


def couple_uncoupled_matches(
    scope: CouplingScope, destination, direction: PassDirection, records: list[SourceRecord], couplings: dict
) -> None:
    """Couple each uncoupled source record to its unique uncoupled match; ``couplings`` gets the new couplings."""
    fields = MATCH_FIELDS.get((scope.bc_table, scope.dataverse_table))
    if fields is None or direction != PassDirection.TO_INTEGRATION:
        return
    source_field, match_field = fields
    wanted = {
        str(r.values.get(source_field) or "").upper(): r for r in records if _uncoupled(couplings.get(r.record_id))
    }
    wanted.pop("", None)
    if not wanted:
        return
    rows: dict[str, list[uuid.UUID]] = {}
    for page in destination.pages(table_filter=odata.in_(match_field, sorted(wanted))):
        for row in page:
            rows.setdefault(str(row.values.get(match_field) or "").upper(), []).append(row.record_id)
    taken = set(
        scope.queryset()
        .filter(dataverse_id__in=[i for ids in rows.values() for i in ids])
        .values_list("dataverse_id", flat=True)
    )
    for code, record in wanted.items():
        free = [i for i in rows.get(code, []) if i not in taken]
        if len(free) != 1:
            continue
        coupling = couplings.get(record.record_id) or scope.new(bc_system_id=record.record_id)
        coupling.dataverse_id, coupling.pending, coupling.pending_match = free[0], "", {}
        coupling.save()
        couplings[record.record_id] = coupling
