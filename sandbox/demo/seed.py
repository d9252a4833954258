"""``seed_demo()``: the demo tenant, one BC company (CRONUS USA, Inc.) and one Sales environment.

Idempotent: the identity registrations are updated in place, and each emulated system is seeded only when it
is empty of demo data, so ``manage.py sandbox seed`` can run any number of times.
"""

import uuid
from dataclasses import dataclass, field

from django.db import transaction

from sandbox import store
from sandbox.demo import credentials as demo
from sandbox.demo.bc_documents import seed_documents
from sandbox.demo.bc_seed import seed_master_data
from sandbox.demo.dataverse_seed import seed_sales
from sandbox.identity.registrations import register_app, register_user
from sandbox.routers import SANDBOX_DB

__all__ = ["SeedSummary", "seed_demo"]

COUNTED = {
    "bc": ("Customer", "Contact", "Item", "Resource", "Sales Header", "Sales Invoice Header"),
    "dataverse": ("systemuser", "account", "contact", "product", "salesorder", "quote"),
}


@dataclass
class SeedSummary:
    """What was seeded now (False when the system already held the demo data) and what each system holds."""

    business_central: bool
    sales: bool
    counts: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        seeded = [name for name, done in (("Business Central", self.business_central), ("Sales", self.sales)) if done]
        head = f"Seeded: {', '.join(seeded)}." if seeded else "The demo data was already there; nothing added."
        counts = ", ".join(f"{name} {count}" for name, count in self.counts.items())
        return "\n".join([head, f"Records: {counts}", *demo.summary_lines()])


def _register_identities() -> None:
    common = {"tenant_id": demo.TENANT_ID, "tenant_domain": demo.TENANT_DOMAIN}
    register_app(
        **common,
        client_id=demo.CLIENT_ID,
        display_name=demo.APP_DISPLAY_NAME,
        client_secret=demo.CLIENT_SECRET,
        certificate_pem=demo.CERTIFICATE_PEM,
    )
    register_user(
        **common,
        upn=demo.ADMIN_UPN,
        password=demo.ADMIN_PASSWORD,
        display_name=demo.ADMIN_DISPLAY_NAME,
        object_id=demo.ADMIN_USER_ID,
    )
    register_user(
        **common,
        upn=demo.INTEGRATION_UPN,
        password=demo.INTEGRATION_PASSWORD,
        display_name=demo.INTEGRATION_DISPLAY_NAME,
        object_id=demo.INTEGRATION_USER_ID,
    )


def seed_demo() -> SeedSummary:
    """Register the demo identities and seed whichever emulated system does not hold the demo data yet."""
    _register_identities()
    with transaction.atomic(using=SANDBOX_DB):
        business_central = store.get("bc", "Company", uuid.UUID(demo.COMPANY_ID)) is None
        if business_central:
            seed_master_data()
            seed_documents()
    with transaction.atomic(using=SANDBOX_DB):
        sales = store.get("dataverse", "organization", uuid.UUID(demo.ORGANIZATION_ID)) is None
        if sales:
            seed_sales()
    counts = {table: len(store.find(service, table)) for service, tables in COUNTED.items() for table in tables}
    return SeedSummary(business_central, sales, counts)
