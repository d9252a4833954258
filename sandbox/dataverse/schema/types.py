"""Column and table descriptions, and the compact text form the catalogue modules are written in.

One column per line: ``name Type [length] [target|target] [!]`` where ``!`` marks a required column, ``ro``
a column the service sets itself (created on, version number …), and look-up targets follow the type.
"""

from dataclasses import dataclass, field

__all__ = ["LOOKUP_TYPES", "Column", "Table", "parse_columns"]

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


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    length: int | None = None
    targets: tuple[str, ...] = ()
    required: bool = False
    read_only: bool = False

    @property
    def is_lookup(self) -> bool:
        return self.type in LOOKUP_TYPES

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

    @property
    def properties(self) -> dict[str, Column]:
        return {column.property_name: column for column in self.columns.values()}


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
        flags = {word for word in rest if word in ("!", "ro")}
        targets = tuple(target for word in rest if word not in flags for target in word.split("|"))
        columns[name] = Column(name, kind, length, targets, "!" in flags, "ro" in flags)
    return columns
