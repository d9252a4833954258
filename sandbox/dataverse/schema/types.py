"""Column and table descriptions, and the compact text form the catalogue modules are written in.

One column per line: ``name Type [length] [.precision] [target|target] [!! | ! | ~] [=N] [ro]`` where

- ``!!``, ``!`` and ``~`` give the column's requirement level as the table reference on Microsoft Learn lists it:
  ``!!`` SystemRequired (the platform refuses a create that leaves it empty and an update that clears it),
  ``!`` ApplicationRequired ("business required": only forms enforce it, the Web API accepts a row without it),
  ``~`` Recommended; a column without a mark is None;
- ``=N`` is the value the platform gives the column when a create leaves it out (a system-required choice such as
  a product's structure), so such a create never fails on it;
- ``ro`` marks a column the service sets itself (created on, version number …);
- ``.N`` gives the decimal places a Decimal or Money column keeps (2 unless given), and look-up targets follow the
  type.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

__all__ = ["EDM_TYPES", "LOOKUP_TYPES", "ROUNDED_TYPES", "SYSTEM_REQUIRED", "Column", "Table", "parse_columns"]

LOOKUP_TYPES = frozenset({"Lookup", "Owner", "Customer"})
_TYPES = (
    frozenset(
        {
            "String",
            "Memo",
            "Integer",
            "BigInt",
            "Decimal",
            "Money",
            "Double",
            "Boolean",
            "DateTime",
            "Picklist",
            "State",
            "Status",
            "Uniqueidentifier",
            "EntityName",
            "Virtual",
        }
    )
    | LOOKUP_TYPES
)

# The requirement levels (``AttributeRequiredLevel``) and the marks that stand for them in the column lines.
SYSTEM_REQUIRED = "SystemRequired"
_NO_REQUIREMENT = "None"
_LEVEL_MARKS = {"!!": SYSTEM_REQUIRED, "!": "ApplicationRequired", "~": "Recommended"}

# Column types whose values the service rounds to the column's precision on every write.
ROUNDED_TYPES = frozenset({"Decimal", "Money"})
_DEFAULT_PRECISION = 2

# The Web API type of each column type that is not a string.
EDM_TYPES = {
    "Integer": "Edm.Int32",
    "BigInt": "Edm.Int64",
    "Picklist": "Edm.Int32",
    "State": "Edm.Int32",
    "Status": "Edm.Int32",
    "Decimal": "Edm.Decimal",
    "Money": "Edm.Decimal",
    "Double": "Edm.Double",
    "Boolean": "Edm.Boolean",
    "DateTime": "Edm.DateTimeOffset",
    "Uniqueidentifier": "Edm.Guid",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    length: int | None = None
    targets: tuple[str, ...] = ()
    required_level: str = _NO_REQUIREMENT
    read_only: bool = False
    precision: int | None = None
    default: int | None = None

    def rounded(self, value: int | float) -> int | float:
        """``value`` as the service stores it: Decimal and Money columns keep ``precision`` decimal places."""
        if self.type not in ROUNDED_TYPES or isinstance(value, int):
            return value
        return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP))

    @property
    def places(self) -> int:
        """The decimal places a Decimal or Money column keeps."""
        return self.precision if self.precision is not None else _DEFAULT_PRECISION

    @property
    def system_required(self) -> bool:
        """Whether the platform itself refuses the column empty (forms alone enforce the other levels)."""
        return self.required_level == SYSTEM_REQUIRED

    @property
    def is_lookup(self) -> bool:
        return self.type in LOOKUP_TYPES

    @property
    def edm_type(self) -> str:
        """The Web API type of the column's property (a look-up's ``_x_value`` is a GUID)."""
        return "Edm.Guid" if self.is_lookup else EDM_TYPES.get(self.type, "Edm.String")

    @property
    def property_name(self) -> str:
        """The Web API property: ``_x_value`` for a look-up, else the logical name."""
        return f"_{self.name}_value" if self.is_lookup else self.name


@dataclass(frozen=True, eq=False)
class Table:
    """One Dataverse table. ``states`` maps each statecode to its allowed statuscodes (the first is the default)."""

    logical_name: str
    entity_set: str
    primary_id: str
    primary_name: str
    columns: dict[str, Column]
    states: dict[int, tuple[int, ...]] = field(default_factory=dict)
    alternate_keys: tuple[str, ...] = ()
    change_tracking: bool = True
    object_type_code: int = 10000

    def column(self, name: str) -> Column | None:
        return self.columns.get(name)

    @cached_property
    def properties(self) -> dict[str, Column]:
        return {column.property_name: column for column in self.columns.values()}

    @cached_property
    def property_names(self) -> tuple[str, ...]:
        return tuple(self.properties)

    @cached_property
    def entity_name_columns(self) -> tuple[tuple[str, str], ...]:
        """``(owneridtype, _ownerid_value@type)`` pairs: the table a polymorphic look-up points into."""
        return tuple(
            (column.name, f"_{column.name[: -len('type')]}_value@type")
            for column in self.columns.values()
            if column.type == "EntityName" and self.column(column.name[: -len("type")]) is not None
        )

    @cached_property
    def null_record(self) -> dict[str, None]:
        """Every property, null: the start of a row's response body."""
        return dict.fromkeys(self.properties)


def parse_columns(text: str) -> dict[str, Column]:
    columns = {}
    for line in text.strip().splitlines():
        words = line.split()
        if not words:
            continue
        name, kind, rest = words[0], words[1], words[2:]
        if kind not in _TYPES:
            raise ValueError(f"Unknown column type {kind} for {name}")
        length = int(rest.pop(0)) if rest and rest[0].isdigit() else None
        precision = int(rest.pop(0)[1:]) if rest and rest[0].startswith(".") else None
        levels = [_LEVEL_MARKS[word] for word in rest if word in _LEVEL_MARKS]
        if len(levels) > 1:
            raise ValueError(f"Column {name} has more than one requirement level")
        defaults = [int(word[1:]) for word in rest if word.startswith("=")]
        flags = {word for word in rest if word in _LEVEL_MARKS or word == "ro" or word.startswith("=")}
        targets = tuple(target for word in rest if word not in flags for target in word.split("|"))
        level = levels[0] if levels else _NO_REQUIREMENT
        default = defaults[0] if defaults else None
        columns[name] = Column(name, kind, length, targets, level, "ro" in flags, precision, default)
    return columns
