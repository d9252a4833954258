"""Match-Based Coupling: couple uncoupled BC records to the Dataverse rows whose fields match (sync_engine §4.2).

Both tables are read once (inside the mapping's filters) and matched in memory, so a table of thousands of
records costs a few page reads instead of one query per record. Priorities are cumulative tie-breakers: the
conditions of a later priority are added to those of the earlier ones, and only a single, uncoupled row couples.
The same plan serves the dry run (what would happen, per record) and the coupling job itself.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mappings.engine.plan import raw_filter
from mappings.engine.transform import same_value
from mappings.models import Coupling, FieldMapping, TableMapping

__all__ = [
    "MatchCriterion",
    "MatchOutcome",
    "MatchPlan",
    "candidate_fields",
    "criteria_of",
    "plan_match_coupling",
    "record_label",
    "save_criteria",
]

LABEL_FIELDS = ("No.", "Code", "Name", "Description", "Display Name", "fullname", "name")


@dataclass(frozen=True)
class MatchCriterion:
    """One field to match on, as chosen on the "Select Coupling Criteria" page."""

    bc_field: str
    dataverse_field: str
    priority: int = 0
    case_sensitive: bool = False


@dataclass
class MatchOutcome:
    """What match-based coupling does (or would do) with one BC record."""

    bc_id: uuid.UUID
    label: str
    action: str  # couple, create, ambiguous, no match, already coupled
    dataverse_id: uuid.UUID | None = None
    detail: str = ""


@dataclass
class MatchPlan:
    mapping: TableMapping
    outcomes: list[MatchOutcome] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(outcome.action for outcome in self.outcomes))

    def having(self, *actions: str) -> list[MatchOutcome]:
        return [outcome for outcome in self.outcomes if outcome.action in actions]


def record_label(values: dict[str, Any]) -> str:
    """A human name for a record of any table: its number or code and its name, whichever it has."""
    parts = [str(values[name]) for name in LABEL_FIELDS if values.get(name) not in (None, "")]
    return " · ".join(dict.fromkeys(parts[:2])) or "(no name)"


def candidate_fields(mapping: TableMapping) -> list[FieldMapping]:
    """Field mappings that can serve as match criteria: both sides named and no constant (BC's candidate rows)."""
    return [
        f
        for f in mapping.field_mappings.filter(status="Enabled").order_by("position", "pk")
        if f.bc_field and f.dataverse_field and not f.constant_value
    ]


def criteria_of(mapping: TableMapping) -> list[MatchCriterion]:
    return [
        MatchCriterion(f.bc_field, f.dataverse_field, f.match_priority or 0, f.case_sensitive_matching)
        for f in candidate_fields(mapping)
        if f.use_for_match_based_coupling
    ]


def save_criteria(mapping: TableMapping, chosen: dict[int, tuple[int, bool]]) -> list[MatchCriterion]:
    """Store the criteria on the field mappings (``chosen``: field mapping id → (priority, case sensitive))."""
    for candidate in candidate_fields(mapping):
        priority, case_sensitive = chosen.get(candidate.pk, (0, False))
        candidate.use_for_match_based_coupling = candidate.pk in chosen
        candidate.match_priority = priority
        candidate.case_sensitive_matching = case_sensitive and candidate.pk in chosen
        candidate.save(update_fields=["use_for_match_based_coupling", "match_priority", "case_sensitive_matching"])
    return criteria_of(mapping)


def _matches(criterion: MatchCriterion, bc_value: Any, row_value: Any) -> bool:
    if isinstance(bc_value, str) and isinstance(row_value, str) and not criterion.case_sensitive:
        return bc_value.strip().casefold() == row_value.strip().casefold()
    return same_value(bc_value, row_value)


def _conditions(criteria: list[MatchCriterion], values: dict[str, Any]) -> list[list[MatchCriterion]]:
    """Cumulative condition groups by ascending priority; empty text values are never used as conditions."""
    groups: list[list[MatchCriterion]] = []
    usable: list[MatchCriterion] = []
    for priority in sorted({c.priority for c in criteria}):
        for criterion in (c for c in criteria if c.priority == priority):
            value = values.get(criterion.bc_field)
            if not (isinstance(value, str) and not value.strip()) and value is not None:
                usable.append(criterion)
        groups.append(list(usable))
    return groups


def _match(criteria: list[MatchCriterion], record, rows, coupled_rows: set[uuid.UUID]) -> MatchOutcome:
    label = record_label(record.values)
    groups = [group for group in _conditions(criteria, record.values) if group]
    if not groups:
        return MatchOutcome(record.record_id, label, "no match", detail="No match field has a value on this record.")
    for group in groups:
        found = [
            row
            for row in rows
            if all(_matches(c, record.values.get(c.bc_field), row.values.get(c.dataverse_field)) for c in group)
        ]
        if not found:
            return MatchOutcome(record.record_id, label, "no match")
        if len(found) == 1:
            row = found[0]
            if row.record_id in coupled_rows:
                return MatchOutcome(
                    record.record_id, label, "no match", row.record_id, "The only match is already coupled."
                )
            return MatchOutcome(record.record_id, label, "couple", row.record_id, record_label(row.values))
    return MatchOutcome(record.record_id, label, "ambiguous", detail=f"{len(found)} rows match every criterion.")


def plan_match_coupling(
    mapping: TableMapping,
    criteria: list[MatchCriterion],
    sides,
    *,
    create_new: bool = False,
    bc_ids: list[uuid.UUID] | None = None,
) -> MatchPlan:
    """What match-based coupling would do with each uncoupled BC record (the dry run); nothing is written."""
    bc_side = sides.bc(mapping.bc_table)
    if bc_ids:
        records = list(bc_side.read(bc_ids).values())
    else:
        records = [
            r for page in bc_side.pages(since=None, table_filter=raw_filter(mapping.bc_table_filter)) for r in page
        ]
    dataverse_pages = sides.dataverse(mapping.dataverse_table).pages(
        since=None, table_filter=raw_filter(mapping.dataverse_table_filter)
    )
    rows = [row for page in dataverse_pages for row in page]
    couplings = Coupling.objects.filter(connection_id=mapping.connection_id, bc_table=mapping.bc_table)
    coupled_records = set(couplings.values_list("bc_system_id", flat=True))
    coupled_rows = set(couplings.values_list("dataverse_id", flat=True))
    plan = MatchPlan(mapping)
    taken: set[uuid.UUID] = set()
    for record in records:
        if record.record_id in coupled_records:
            plan.outcomes.append(MatchOutcome(record.record_id, record_label(record.values), "already coupled"))
            continue
        outcome = _match(criteria, record, rows, coupled_rows | taken)
        if outcome.action == "couple":
            taken.add(outcome.dataverse_id)
        elif create_new:
            outcome.action, outcome.detail = "create", outcome.detail or "No unique match: a new row is created."
        plan.outcomes.append(outcome)
    return plan
