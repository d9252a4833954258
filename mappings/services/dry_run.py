"""Dry runs: what a full synchronization or a match-based coupling would do with each record, before it writes.

Both read the two services inside the mapping's filters and the couplings, and write nothing. A full
synchronization forces every coupled record (update) and inserts every uncoupled one on the other side (create),
in each direction the mapping allows; skipped couplings are left alone (skip).
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field

from mappings.engine.plan import raw_filter
from mappings.models import Coupling, TableMapping
from mappings.services.match_coupling import criteria_of, plan_match_coupling, record_label
from mappings.services.sync_actions import SidesFactory, service_sides
from synclog.choices import PassDirection

__all__ = ["DryRun", "DryRunOutcome", "plan_coupling", "plan_full_synchronization"]


@dataclass(frozen=True)
class DryRunOutcome:
    direction: str
    action: str  # create, update, skip, couple, ambiguous, no match, already coupled
    label: str
    bc_id: uuid.UUID | None
    dataverse_id: uuid.UUID | None
    detail: str = ""


@dataclass
class DryRun:
    title: str
    outcomes: list[DryRunOutcome] = field(default_factory=list)

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        counted = Counter((o.direction, o.action) for o in self.outcomes)
        return [(direction, action, count) for (direction, action), count in sorted(counted.items())]


def _outcome(direction: PassDirection, record, coupling: Coupling | None, to_dataverse: bool) -> DryRunOutcome:
    bc_id, dataverse_id = (record.record_id, None) if to_dataverse else (None, record.record_id)
    if coupling is None:
        action, detail = (
            "create",
            f"A new record is created in {'Dynamics 365 Sales' if to_dataverse else 'Business Central'}.",
        )
    else:
        bc_id, dataverse_id = coupling.bc_system_id, coupling.dataverse_id
        action, detail = ("skip", "The coupling is skipped.") if coupling.skipped else ("update", "")
    return DryRunOutcome(direction.label, action, record_label(record.values), bc_id, dataverse_id, detail)


def plan_full_synchronization(mapping: TableMapping, *, sides_factory: SidesFactory = service_sides) -> DryRun:
    couplings = Coupling.objects.filter(connection_id=mapping.connection_id, bc_table=mapping.bc_table)
    run = DryRun(f"Full synchronization of {mapping.name}")
    with sides_factory(mapping.connection) as sides:
        for direction in PassDirection:
            if mapping.direction not in (direction.value, "Bidirectional"):
                continue
            to_dataverse = direction == PassDirection.TO_INTEGRATION
            if to_dataverse:
                source = sides.bc(mapping.bc_table)
                by_id = {c.bc_system_id: c for c in couplings}
                table_filter = raw_filter(mapping.bc_table_filter)
            else:
                source = sides.dataverse(mapping.dataverse_table)
                by_id = {c.dataverse_id: c for c in couplings.filter(dataverse_table=mapping.dataverse_table)}
                table_filter = raw_filter(mapping.dataverse_table_filter)
            for page in source.pages(since=None, table_filter=table_filter):
                run.outcomes += [_outcome(direction, r, by_id.get(r.record_id), to_dataverse) for r in page]
    return run


def plan_coupling(
    mapping: TableMapping,
    *,
    create_new: bool = False,
    bc_ids: list[uuid.UUID] | None = None,
    sides_factory: SidesFactory = service_sides,
) -> DryRun:
    """The match-based coupling with the criteria stored on the mapping's field mappings."""
    with sides_factory(mapping.connection) as sides:
        plan = plan_match_coupling(mapping, criteria_of(mapping), sides, create_new=create_new, bc_ids=bc_ids)
    direction = "Match-based coupling"
    return DryRun(
        f"Match-based coupling of {mapping.name}",
        [DryRunOutcome(direction, o.action, o.label, o.bc_id, o.dataverse_id, o.detail) for o in plan.outcomes],
    )
