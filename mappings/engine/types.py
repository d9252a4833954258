"""Typed values passed between the engine's steps (STYLE 5): what a pass reads, decides, writes and reports."""

import enum
import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cached_property
from typing import Any

from synclog.choices import PassDirection

__all__ = [
    "KEY_SEPARATOR",
    "Action",
    "Counters",
    "FieldRule",
    "LookupRule",
    "PassResult",
    "SourceRecord",
    "WriteOutcome",
    "WritePlan",
]

KEY_SEPARATOR = "\x1f"  # joins the parts of a lookup key that depends on the record (never in a BC code)


class Action(enum.Enum):
    """What the per-record algorithm decided (sync_engine §2.5)."""

    INSERT = "insert"
    MODIFY = "modify"
    UNCHANGED = "unchanged"
    SKIP = "skip"
    FAIL = "fail"
    NONE = "none"


@dataclass(frozen=True)
class LookupRule:
    """A value translated through the couplings of a related mapping (owner, currency, unit, parent account)."""

    bc_table: str
    dataverse_table: str
    bc_key: str | None = None  # API field of the related BC record held by the source field; None: it is the id
    # The source holds a company contact's No.: the related record is the customer or vendor that company has a
    # business relation with (BC's Contact Business Relation), as BC's contact subscribers resolve it.
    through_business_relation: bool = False
    # The related table follows another field of the record (a price list line's Asset Type): (field, value → table).
    table_by: tuple[str, tuple[tuple[str, str], ...]] | None = None
    # The related record belongs to the record's own item or resource (Item Unit of Measure: Item No. and Code):
    # the source field that holds that item's (resource's) No.
    owner_field: str = ""

    @property
    def depends_on_record(self) -> bool:
        return self.table_by is not None or bool(self.owner_field)

    def related_table(self, values: dict[str, Any]) -> str:
        """The BC table the value names for this record; blank when the record names none that is mapped."""
        if self.table_by is None:
            return self.bc_table
        field_name, tables = self.table_by
        return dict(tables).get(str(values.get(field_name) or ""), "")

    def key(self, values: dict[str, Any], value: Any, direction: PassDirection) -> Any:
        """What a value is looked up by: the value itself, or (to Dataverse, when the related record depends on the
        record) the related table, the owner's No. and the value, joined by ``KEY_SEPARATOR``."""
        if direction != PassDirection.TO_INTEGRATION or not self.depends_on_record or value in (None, ""):
            return value
        owner = str(values.get(self.owner_field) or "") if self.owner_field else ""
        return KEY_SEPARATOR.join((self.related_table(values), owner, str(value)))


@dataclass(frozen=True)
class FieldRule:
    """One enabled field mapping, resolved to API names on both sides."""

    bc_field: str
    dataverse_field: str
    direction: str
    constant: str | None = None
    lookup: LookupRule | None = None
    options: tuple[tuple[str, Any], ...] = ()  # (BC value, Dataverse option value) pairs
    is_option: bool = False  # translated through an option mapping's rows, even when it has none yet
    clear_on_failed: bool = False
    not_null: bool = False
    caption: str = ""
    transformation: Any = ""  # a rule name, or a mappings.engine.transformations.Transformation

    @property
    def bidirectional(self) -> bool:
        return self.direction == "Bidirectional"

    @cached_property
    def copies_value(self) -> bool:
        """The source value is written as it is: no constant, transformation, option or lookup (a field mapping
        without a transformation rule carries an empty one)."""
        rule = getattr(self.transformation, "kind", self.transformation)
        plain = self.constant is None and not rule and self.lookup is None
        return plain and not self.is_option and not self.options

    def source_field(self, direction: PassDirection) -> str:
        return self.bc_field if direction == PassDirection.TO_INTEGRATION else self.dataverse_field

    def destination_field(self, direction: PassDirection) -> str:
        return self.dataverse_field if direction == PassDirection.TO_INTEGRATION else self.bc_field


@dataclass
class SourceRecord:
    """A record as one side returned it: its id, its modification stamp and its API values."""

    record_id: uuid.UUID
    modified_on: datetime | None
    values: dict[str, Any]
    modified_by: uuid.UUID | None = None
    version: int | None = None  # Dataverse's row version (versionnumber): finer than modifiedon's whole seconds


@dataclass
class WritePlan:
    """One write the apply step sends: an insert under an id (Dataverse: chosen by us) or a modify."""

    action: Action
    source: SourceRecord
    payload: dict[str, Any]
    target_id: uuid.UUID | None
    coupling: Any = None
    both_modified: bool = False
    before: dict[str, Any] = field(default_factory=dict)  # the destination's values of the written fields


@dataclass
class WriteOutcome:
    plan: WritePlan
    target_id: uuid.UUID | None = None
    error: str = ""
    modified_on: datetime | None = None
    version: int | None = None

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class Counters:
    """The eight counters of a pass (sync_engine §2.12)."""

    inserted: int = 0
    modified: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    coupled: int = 0
    uncoupled: int = 0

    def add(self, other: "Counters") -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def as_dict(self) -> dict[str, int]:
        return {item.name: getattr(self, item.name) for item in fields(self)}

    @property
    def processed(self) -> int:
        return sum(self.as_dict().values())


@dataclass
class PassResult:
    """The outcome of one pass; ``line()`` is exactly what ``manage.py sync`` prints."""

    mapping_name: str
    direction: PassDirection
    counters: Counters = field(default_factory=Counters)
    job_id: int | None = None
    message: str = ""

    def line(self) -> str:
        counts = " ".join(f"{name}={value}" for name, value in self.counters.as_dict().items())
        return f"{self.mapping_name} {PassDirection(self.direction).short}: {counts}"
