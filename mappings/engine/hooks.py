"""Record-level defaults that BC's table subscribers add on insert (sync_engine §2.11), kept as data.

BC's CDS subscriber gives a new account the relationship type of the record it comes from; without it the
account would fall outside the mapping's own Integration Table Filter (``customertypecode eq 3``) and never be
read back. Mapped fields win over these defaults.
"""

from typing import Any

from synclog.choices import PassDirection

__all__ = ["insert_defaults"]

# (BC table, Dataverse table) → columns a new Dataverse row gets.
DATAVERSE_INSERT_DEFAULTS: dict[tuple[str, str], dict[str, Any]] = {
    ("Customer", "account"): {"customertypecode": 3},
    ("Vendor", "account"): {"customertypecode": 11},
}


def insert_defaults(bc_table: str, dataverse_table: str, direction: PassDirection) -> dict[str, Any]:
    """The values a new counterpart starts with before the field mappings are applied."""
    if direction != PassDirection.TO_INTEGRATION:
        return {}
    return dict(DATAVERSE_INSERT_DEFAULTS.get((bc_table, dataverse_table), {}))
