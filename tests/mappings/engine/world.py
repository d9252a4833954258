"""A small, fast sandbox world for the engine's end-to-end tests: a few records on each side, a connection to them.

The demo seed builds a whole company (tens of seconds); each rule needs only a handful of records, so this world
creates them through the emulators' own services (their rules and timestamps apply) and reaches the sandbox
in-process through ``settings.BCSALES_HTTP_TRANSPORT``, as the connection set-up's tests do.
"""

import uuid
from dataclasses import dataclass, field

from connection_setup.models import Connection
from mappings.engine.endpoints import ServiceSides
from mappings.models import Coupling, TableMapping
from mappings.services.mapping_setup import apply_default_synchronization_setup
from mappings.services.sync_actions import run_mapping_now
from sandbox import store
from sandbox.bc import service as bc
from sandbox.dataverse import service as dataverse
from sandbox.dataverse.schema import table_named
from sandbox.demo import credentials as demo
from tests.connection_setup.sandbox_setup import BUSINESS_UNIT_ID, sandbox_connection, seed_integration_user
from tests.mappings.sides import RecordingSides

__all__ = ["SALES_USER", "World", "build_world"]

SALES_USER = demo.ADMIN_USER_ID  # a person editing in Sales: anyone but the integration user
SALESPEOPLE = (("JR", "Jim Red", "jim@cronus.test"), ("LT", "Lina Town", "lina@cronus.test"))


@dataclass
class World:
    """The connection and the sides of the last run, whose clients count requests (``stats``)."""

    connection: Connection
    _sides: RecordingSides = field(default_factory=RecordingSides)  # the ``sides_factory`` of every run

    @property
    def sides(self) -> list[ServiceSides]:
        return self._sides.built

    def mapping(self, name: str) -> TableMapping:
        return TableMapping.objects.get(connection=self.connection, name=name)

    def run(self, name: str, *, full: bool = False):
        """Run a mapping in the foreground as ``manage.py sync`` does; returns its pass results."""
        return run_mapping_now(self.mapping(name), full=full, sides_factory=self._sides)

    @property
    def requests(self) -> int:
        """Requests of the last run to both services."""
        last = self.sides[-1]
        return last.bc_client.stats.requests + last.dataverse_client.stats.requests


def bc_create(table: str, values: dict) -> uuid.UUID:
    return bc.create(table, values).row_id


def bc_update(table: str, row_id: uuid.UUID, values: dict) -> None:
    bc.update(table, row_id, values)


def bc_row(table: str, row_id: uuid.UUID) -> dict:
    return store.get("bc", table, row_id).data


def bc_rows(table: str) -> list[dict]:
    return [row.data for row in store.find("bc", table)]


def sales_create(table: str, body: dict, *, caller: str = SALES_USER) -> uuid.UUID:
    return dataverse.create(table_named(table), body, caller_id=caller).row_id


def sales_update(table: str, row_id: uuid.UUID, body: dict, *, caller: str = SALES_USER) -> None:
    dataverse.update(table_named(table), row_id, body, caller_id=caller)


def sales_row(table: str, row_id: uuid.UUID) -> dict | None:
    row = store.get("dataverse", table, row_id)
    return row.data if row else None


def sales_rows(table: str) -> list:
    return store.find("dataverse", table)


def _seed_sales_people() -> None:
    for code, name, email in SALESPEOPLE:
        bc_create("Salesperson/Purchaser", {"Code": code, "Name": name, "E-Mail": email})
        first, last = name.split()
        body = {"firstname": first, "lastname": last, "fullname": name, "internalemailaddress": email}
        body["businessunitid@odata.bind"] = f"/businessunits({BUSINESS_UNIT_ID})"
        sales_create("systemuser", body | {"isdisabled": False, "islicensed": True, "isintegrationuser": False})


def build_world(*, ownership: str = "Team", customers: int = 3, base: str = "") -> World:
    """The demo identities, a BC company with salespeople, a currency and customers, and an empty Sales side.

    ``base`` points the connection at a sandbox served on a port (default: in-process, http://testserver).
    """
    seed_integration_user()
    bc.create("Company", {"Name": "CRONUS", "Display Name": demo.COMPANY_NAME}, row_id=demo.COMPANY_ID)
    _seed_sales_people()
    bc_create("Currency", {"Code": "EUR", "Description": "Euro", "Symbol": "€", "ISO Code": "EUR"})
    for number in range(1, customers + 1):
        bc_create("Customer", {"Name": f"Customer {number}", "City": "Seattle", "Phone No.": f"+1 555 010{number}"})
    served = (
        {
            "server_address": f"{base}/sandbox/dataverse",
            "authority_host": f"{base}/sandbox/login",
            "bc_service_root": f"{base}/sandbox/bc",
        }
        if base
        else {}
    )
    connection = sandbox_connection(
        bc_company_id=demo.COMPANY_ID,
        integration_user_id=demo.INTEGRATION_USER_ID,
        ownership_model=ownership,
        **served,
    )
    apply_default_synchronization_setup(connection)
    return World(connection)


def age_records(hours: int = 1) -> None:
    """Time passes: every emulated record and coupling stamp moves an hour back, so a change made now is later than
    anything synchronized, even within the second (Dataverse's ``modifiedon`` has whole seconds), and records
    already read lie before the watermarks' one-second overlap."""
    from datetime import timedelta

    from django.db.models import F

    from mappings.models import Coupling
    from sandbox.models import SandboxRecord

    shift = timedelta(hours=hours)
    SandboxRecord.objects.using("sandbox").update(
        modified_at=F("modified_at") - shift, created_at=F("created_at") - shift
    )
    Coupling.objects.update(
        bc_modified_on=F("bc_modified_on") - shift, dataverse_modified_on=F("dataverse_modified_on") - shift
    )


def company_of_customer(name: str) -> str:
    """A company contact with a Customer business relation to the customer called ``name``; returns its No."""
    customer = store.find("bc", "Customer", **{"Name": name})[0].data
    company = bc_create("Contact", {"Type": "Company", "Name": name})
    number = bc_row("Contact", company)["No."]
    relation = {"Contact No.": number, "Business Relation Code": "CUST", "Link to Table": "Customer"}
    bc_create("Contact Business Relation", relation | {"No.": customer["No."]})
    return number


def account_of(name: str) -> uuid.UUID:
    """The account the customer called ``name`` is coupled to."""
    customer = store.find("bc", "Customer", **{"Name": name})[0]
    return Coupling.objects.get(bc_table="Customer", bc_system_id=customer.row_id).dataverse_id
