"""What each security role grants, and ``systemusers(id)/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()``.

A solution's customizations.xml lists each role's privileges (``<RolePrivilege name="prvReadaccount"
level="Global"/>``); ImportSolution records them per role id, so a role made later with that id grants them.
The System Administrator role grants every privilege on every table, as in Dataverse. A user's privileges are
the union over their roles; each privilege is answered once, at the widest depth any role grants.
"""

import uuid
import zipfile
from xml.etree import ElementTree

from sandbox import store
from sandbox.dataverse.api import ApiRequest, ApiResponse
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.privileges import CUSTOMIZER_TEMPLATES, roles_of
from sandbox.dataverse.schema import TABLES

__all__ = ["record_role_privileges", "retrieve_user_privileges", "user_privileges"]

SERVICE = "dataverse"
DEPTHS = ("Basic", "Local", "Deep", "Global")
ACCESS_KINDS = ("Create", "Read", "Write", "Delete", "Append", "AppendTo", "Assign", "Share")
ADMINISTRATOR_TEMPLATE = next(key for key, name in CUSTOMIZER_TEMPLATES.items() if name == "System Administrator")


def privilege_id(name: str) -> str:
    """Privileges have fixed ids in an organization; a name-derived id keeps them stable across resets."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"dataverse-privilege/{name.lower()}"))


def record_role_privileges(archive: zipfile.ZipFile) -> int:
    """Store the privileges of every role in the solution's customizations.xml (replacing earlier imports)."""
    if "customizations.xml" not in archive.namelist():
        return 0
    roles = ElementTree.fromstring(archive.read("customizations.xml")).findall(".//Roles/Role")
    for role in roles:
        role_id = str(uuid.UUID(role.get("id", "").strip("{}")))
        stale = [row.row_id for row in store.find(SERVICE, "roleprivileges", roleid=role_id)]
        store.delete_many(SERVICE, "roleprivileges", stale)
        for granted in role.findall("./RolePrivileges/RolePrivilege"):
            name, depth = granted.get("name", ""), granted.get("level", "Global")
            if not name.startswith("prv") or depth not in DEPTHS:
                raise DataverseError.bad_request(
                    f"Role {role_id} grants '{name}' at level '{depth}'; expected a prv… name and one of "
                    f"{', '.join(DEPTHS)}.",
                    "0x80048033",
                )
            row_id = uuid.uuid5(uuid.NAMESPACE_URL, f"roleprivileges/{role_id}/{name.lower()}")
            store.insert(SERVICE, "roleprivileges", row_id, {"roleid": role_id, "privilegename": name, "depth": depth})
    return len(roles)


def _administrator(role: dict) -> bool:
    template = str(role.get("roletemplateid") or "").lower()
    return template == ADMINISTRATOR_TEMPLATE or role.get("name") == "System Administrator"


def _every_privilege() -> dict[str, str]:
    return {f"prv{kind}{table.logical_name}": "Global" for table in TABLES.values() for kind in ACCESS_KINDS}


def user_privileges(user_id: str) -> dict[str, str]:
    """Privilege name → the widest depth the user's roles grant it."""
    roles = roles_of(user_id)
    if any(_administrator(role) for role in roles):
        return _every_privilege()
    role_ids = [str(role["roleid"]) for role in roles if role.get("roleid")]
    granted: dict[str, str] = {}
    for row in store.find_in(SERVICE, "roleprivileges", "roleid", role_ids) if role_ids else []:
        name, depth = row.data["privilegename"], row.data["depth"]
        if DEPTHS.index(depth) >= DEPTHS.index(granted.get(name, "Basic")):
            granted[name] = depth
    return granted


def retrieve_user_privileges(request: ApiRequest, user_id: uuid.UUID) -> ApiResponse:
    if request.method != "GET":
        raise DataverseError(405, "0x80060888", "RetrieveUserPrivileges is a function: call it with GET.")
    user = store.get(SERVICE, "systemuser", user_id)
    if user is None:
        raise DataverseError.not_found("systemuser", user_id)
    business_unit = user.data.get("_businessunitid_value") or str(uuid.UUID(int=0))
    rows = [
        {"Depth": depth, "PrivilegeId": privilege_id(name), "BusinessUnitId": business_unit, "PrivilegeName": name}
        for name, depth in sorted(user_privileges(str(user_id)).items())
    ]
    body = {
        "@odata.context": f"{request.root}$metadata#Microsoft.Dynamics.CRM.RetrieveUserPrivilegesResponse",
        "RolePrivileges": rows,
    }
    return ApiResponse(200, body)
