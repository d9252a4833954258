"""RetrieveUserPrivileges: a user's privileges through their roles, as the integration solution grants them."""

import base64
import uuid

import pytest

from connection_setup.solution import INTEGRATION_ROLES, build_solution_zip
from sandbox import store
from tests.sandbox.dataverse.conftest import create

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])
ADMINISTRATOR_TEMPLATE = "627090ff-40a3-4053-8790-584edc5be201"
INTEGRATION_USER_ROLE = INTEGRATION_ROLES[1]


def _user_with_role(dataverse, name: str, **role) -> tuple[str, str]:
    unit = create(dataverse, "businessunits", {"name": f"Unit of {name}"})
    user = create(dataverse, "systemusers", {"lastname": name, "businessunitid@odata.bind": f"/businessunits({unit})"})
    if role:
        role_id = create(
            dataverse, "roles", {"name": name, "businessunitid@odata.bind": f"/businessunits({unit})"} | role
        )
        store.insert("dataverse", "systemuserroles", uuid.uuid4(), {"systemuserid": user, "roleid": role_id})
    return user, unit


def _privileges(dataverse, user: str) -> list[dict]:
    response = dataverse.get(f"systemusers({user})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()")
    assert response.status_code == 200, response.text
    return response.json()["RolePrivileges"]


def test_a_user_without_roles_holds_no_privileges(dataverse):
    user, _ = _user_with_role(dataverse, "Nobody")
    assert _privileges(dataverse, user) == []


def test_a_system_administrator_holds_every_privilege_in_its_business_unit(dataverse):
    admin, unit = _user_with_role(dataverse, "Admin", roletemplateid=ADMINISTRATOR_TEMPLATE)
    privileges = {row["PrivilegeName"]: row for row in _privileges(dataverse, admin)}
    assert {"prvReadaccount", "prvWritesalesorder", "prvCreatenav_connection"} <= privileges.keys()
    read = privileges["prvReadaccount"]
    assert read["Depth"] == "Global" and read["BusinessUnitId"] == unit and uuid.UUID(read["PrivilegeId"])


def test_an_imported_role_grants_what_the_solution_declares_for_it(dataverse):
    integration, _ = _user_with_role(dataverse, "Integration", roleid=INTEGRATION_USER_ROLE.id)
    assert _privileges(dataverse, integration) == []
    caller = dataverse.get("WhoAmI").json()["UserId"]
    admin, _ = _user_with_role(dataverse, "Admin", roletemplateid=ADMINISTRATOR_TEMPLATE)
    admin_role = store.find("dataverse", "systemuserroles", systemuserid=admin)[0].data["roleid"]
    store.insert("dataverse", "systemuserroles", uuid.uuid4(), {"systemuserid": caller, "roleid": admin_role})
    payload = {"CustomizationFile": base64.b64encode(build_solution_zip()).decode()}
    assert dataverse.post("ImportSolution", json=payload).status_code == 204
    names = {row["PrivilegeName"] for row in _privileges(dataverse, integration)}
    assert names == set(INTEGRATION_USER_ROLE.privileges)
    assert "prvReadrole" in names and "prvWriterole" not in names


def test_privileges_of_an_unknown_user_are_not_found(dataverse):
    response = dataverse.get(f"systemusers({uuid.uuid4()})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()")
    assert response.status_code == 404
