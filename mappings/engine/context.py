"""What one pass needs to know: the mapping as a plan (possibly a temporary copy) and the pass's own state."""

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from mappings.engine.types import Counters, FieldRule
from synclog.choices import PassDirection

__all__ = ["MappingPlan", "PassState"]


@dataclass(frozen=True)
class MappingPlan:
    """A table mapping resolved for the engine; one-off runs use a temporary copy made by ``temporary_copy``.

    The copy is what BC's ``AddIntegrationTableMapping`` makes (sync_engine §2.1): same field mappings and
    conflict resolutions, empty watermarks, forced writes, the caller's direction and record filters. It lives
    in memory only, so a crashed one-off run leaves no orphaned mapping behind; jobs log under the real name.
    """

    mapping_id: int
    name: str
    connection_id: int
    bc_table: str
    dataverse_table: str
    direction: str
    rules: tuple[FieldRule, ...]
    bc_filter: Any = None
    dataverse_filter: Any = None
    only_coupled: bool = True
    update_resolution: str = "None"
    deletion_resolution: str = "None"
    is_child: bool = False
    bc_watermark: datetime | None = None
    dataverse_watermark: datetime | None = None
    integration_user_id: uuid.UUID | None = None
    base_currency: str = ""
    parent_direction: str = ""
    force: bool = False
    full: bool = False
    bc_ids: tuple[uuid.UUID, ...] | None = None
    dataverse_ids: tuple[uuid.UUID, ...] | None = None
    templates: tuple = ()  # configuration templates for new records (mappings.engine.templates)
    option_field: str = ""  # an option mapping's choice column: its run is the option pass (§2.10)

    @property
    def passes(self) -> list[PassDirection]:
        """BC → Dataverse always runs first on bidirectional mappings (sync_engine §2.2)."""
        allowed = [PassDirection.TO_INTEGRATION, PassDirection.FROM_INTEGRATION]
        return [d for d in allowed if self.direction in (d.value, "Bidirectional")]

    @property
    def bidirectional(self) -> bool:
        return (self.parent_direction or self.direction) == "Bidirectional"

    def rules_for(self, direction: PassDirection) -> list[FieldRule]:
        return [r for r in self.rules if r.direction in (direction.value, "Bidirectional")]

    def uses_modified_by_filter(self) -> bool:
        """Skip rows the integration user wrote: bidirectional, recurring, no From-only field (§2.4 step 4)."""
        from_only = any(r.direction == PassDirection.FROM_INTEGRATION.value for r in self.rules)
        return self.direction == "Bidirectional" and not self.force and not from_only and bool(self.integration_user_id)

    def temporary_copy(
        self,
        *,
        direction: str | None = None,
        full: bool = False,
        only_coupled: bool = False,
        bc_ids: tuple[uuid.UUID, ...] | None = None,
        dataverse_ids: tuple[uuid.UUID, ...] | None = None,
    ) -> "MappingPlan":
        return replace(
            self,
            direction=direction or self.direction,
            parent_direction=self.direction,
            only_coupled=only_coupled,
            force=True,
            full=full,
            bc_watermark=None,
            dataverse_watermark=None,
            bc_ids=bc_ids,
            dataverse_ids=dataverse_ids,
        )


@dataclass
class PassState:
    """Running totals of one pass: counters, the latest stamp seen (for the watermark), records seen."""

    direction: PassDirection
    started_at: datetime
    job_id: int
    counters: Counters = field(default_factory=Counters)
    latest_stamp: datetime | None = None
    seen: set[uuid.UUID] = field(default_factory=set)
    run_jobs: frozenset[int] = frozenset()  # the earlier jobs of the same run (their writes count as synchronized)
    run_started: datetime | None = None  # when the first of them began
    run_wrote_to_dataverse: int = 0  # rows they inserted or modified in Dataverse
    notes: list[str] = field(default_factory=list)  # for the job's message

    def saw(self, stamp: datetime | None) -> None:
        if stamp and (self.latest_stamp is None or stamp > self.latest_stamp):
            self.latest_stamp = min(stamp, self.started_at)
