"""Minimal sandbox rows for the credential checks (faster than the whole demo), the wizard's demo input, and
``sandbox_connection``, which the engine's and the flows' test worlds use as well."""

import uuid

from connection_setup.forms import AdminCredentials
from connection_setup.models import Connection
from sandbox import store
from sandbox.demo import credentials as demo
from sandbox.identity.registrations import register_app
from tests.fixtures.sandbox import in_process_transport

__all__ = [
    "ADMIN_TEMPLATE_ID",
    "BASE",
    "BUSINESS_UNIT_ID",
    "DEMO_ADMIN",
    "WIZARD_CREDENTIALS",
    "give_role",
    "in_process_transport",
    "sandbox_connection",
    "seed_integration_user",
]

BASE = "http://testserver"
BUSINESS_UNIT_ID = "11111111-2222-4333-8444-555555555555"
ADMIN_TEMPLATE_ID = "627090ff-40a3-4053-8790-584edc5be201"
# The demo's Sales administrator, who may import solutions and assign roles.
DEMO_ADMIN = AdminCredentials(demo.ADMIN_UPN, demo.ADMIN_PASSWORD)
# What an administrator types on the wizard's Credentials step for the demo.
WIZARD_CREDENTIALS = {
    "tenant": demo.TENANT_ID,
    "authority_host": f"{BASE}/sandbox/login",
    "authentication_type": "ClientSecret",
    "client_id": demo.CLIENT_ID,
    "client_secret": demo.CLIENT_SECRET,
    "import_solution": "on",
    "enable_connection": "on",
    "proxy_version": "100",
}


def seed_integration_user(*, disabled: bool = False) -> None:
    register_app(
        tenant_id=demo.TENANT_ID,
        client_id=demo.CLIENT_ID,
        display_name=demo.APP_DISPLAY_NAME,
        client_secret=demo.CLIENT_SECRET,
        tenant_domain=demo.TENANT_DOMAIN,
    )
    store.insert("dataverse", "businessunit", uuid.UUID(BUSINESS_UNIT_ID), {"name": "CRONUS USA"})
    store.insert(
        "dataverse",
        "systemuser",
        uuid.UUID(demo.INTEGRATION_USER_ID),
        {
            "fullname": demo.INTEGRATION_DISPLAY_NAME,
            "internalemailaddress": demo.INTEGRATION_UPN,
            "applicationid": demo.CLIENT_ID.lower(),
            "isdisabled": disabled,
            "_businessunitid_value": BUSINESS_UNIT_ID,
        },
    )


def give_role(user_id: str, *, name: str, template_id: str | None = None) -> None:
    role_id = uuid.uuid4()
    data = {"name": name, "_businessunitid_value": BUSINESS_UNIT_ID, "roletemplateid": template_id}
    store.insert("dataverse", "role", role_id, data)
    store.insert("dataverse", "systemuserroles", uuid.uuid4(), {"systemuserid": user_id, "roleid": str(role_id)})


def sandbox_connection(**changes) -> Connection:
    """A connection to the sandbox without a company id (the minimal rows above have no BC company)."""
    fields = {
        "name": "CRONUS USA",
        "server_address": f"{BASE}/sandbox/dataverse",
        "authority_host": f"{BASE}/sandbox/login",
        "tenant": demo.TENANT_ID,
        "client_id": demo.CLIENT_ID,
        "client_secret": demo.CLIENT_SECRET,
        "bc_service_root": f"{BASE}/sandbox/bc",
        "bc_tenant": demo.TENANT_ID,
        "bc_environment": demo.ENVIRONMENT,
        "bc_company_name": demo.COMPANY_NAME,
    }
    return Connection.objects.create(**(fields | changes))
