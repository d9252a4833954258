"""The user who last modified a row, kept in a column of its own (``SandboxRecord.modified_by``).

A synchronization's change reads leave out what its own user wrote (``_modifiedby_value ne …``, as BC's engine
filters). Answered from the JSON, that comparison parsed every row a full synchronization had just written; the
column is compared as it is. Dataverse stores the value as lower-case GUID text, and so does the column.
"""

from collections.abc import Mapping

__all__ = ["MODIFIER_KEYS", "modifier_column", "modifier_of"]

# The data key that names a row's last modifier, per service (BC's API shows no modifier).
MODIFIER_KEYS = {"dataverse": "_modifiedby_value"}


def modifier_of(service: str, data: Mapping) -> str | None:
    """The ``modified_by`` column's value for a row's data."""
    key = MODIFIER_KEYS.get(service)
    value = data.get(key) if key else None
    return value.lower() if isinstance(value, str) else None


def modifier_column(service: str, stored: str | None) -> bool:
    """Whether the data column ``stored`` of ``service`` is the one the ``modified_by`` column repeats."""
    return stored is not None and MODIFIER_KEYS.get(service) == stored
