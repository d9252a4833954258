"""Who may customize the organization: ImportSolution needs the prvImportCustomization privilege, which the
System Administrator and System Customizer roles carry. A caller without either gets the service's 403
(0x80040220), which is what sends BC's connection setup to ask for administrator credentials.

Roles are recognised by their role template (as BC's own check does) or, for roles made without one, by name.
"""

import uuid

from sandbox import store
from sandbox.dataverse import errors
from sandbox.dataverse.errors import DataverseError

__all__ = ["CUSTOMIZER_TEMPLATES", "require_customizer", "roles_of"]

SERVICE = "dataverse"
CUSTOMIZER_TEMPLATES = {
    "627090ff-40a3-4053-8790-584edc5be201": "System Administrator",
    "119f245c-3cc8-4b62-b31c-d1a046ced15d": "System Customizer",
}
_IMPORT_CUSTOMIZATION = "4c1f1a1f-9c62-4b0a-8f5a-1b8e8d1a9b0e"


def roles_of(user_id: str) -> list[dict]:
    """The user's roles, each with its ``roleid``."""
    pairs = store.find(SERVICE, "systemuserroles", systemuserid=user_id)
    roles = store.get_many(SERVICE, "role", [uuid.UUID(pair.data["roleid"]) for pair in pairs])
    return [{**row.data, "roleid": str(row.row_id)} for row in roles.values()]


def _customizes(role: dict) -> bool:
    template = str(role.get("roletemplateid") or "").lower()
    return template in CUSTOMIZER_TEMPLATES or role.get("name") in CUSTOMIZER_TEMPLATES.values()


def require_customizer(user_id: str) -> None:
    """Refuse, as Dataverse does, a caller none of whose roles may import customizations."""
    roles = roles_of(user_id)
    if any(_customizes(role) for role in roles):
        return
    raise DataverseError(
        403,
        errors.NO_PRIVILEGE,
        f"Principal user (Id={user_id}, type=8, roleCount={len(roles)}, privilegeCount=0, accessMode='0'), is "
        f"missing prvImportCustomization privilege (Id={_IMPORT_CUSTOMIZATION}) on OTC=7100 for entity "
        "'solution'. Sign in as a System Administrator or System Customizer to import the solution.",
    )
