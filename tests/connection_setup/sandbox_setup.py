"""A connection to the sandbox with the demo credentials, and the Dataverse rows its checks read."""

import uuid

import httpx
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from connection_setup.models import Connection
from sandbox import store
from sandbox.demo import credentials as demo
from sandbox.identity.registrations import register_app
from tests.fixtures.sandbox import _TestApplication

BASE = "http://testserver"
BUSINESS_UNIT_ID = "11111111-2222-4333-8444-555555555555"
ADMIN_TEMPLATE_ID = "627090ff-40a3-4053-8790-584edc5be201"


class _InsideTheTest(_TestApplication):
    """Django's test Client reconnects ``close_old_connections`` after each of its requests; on PostgreSQL that
    would close the test transaction's connection when a page calls the sandbox, so keep it disconnected."""

    def __call__(self, environ: dict, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        yield from super().__call__(environ, start_response)


def in_process_transport() -> httpx.WSGITransport:
    return httpx.WSGITransport(app=_InsideTheTest({}))


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
