"""A customer's Primary Contact No. receiving a blank from Sales (sync_engine §2.11): BC keeps its value unless the
current primary contact is itself coupled, so a full synchronization does not rewrite every customer in BC."""

import pytest

from mappings.models import Coupling
from sandbox import store
from tests.mappings.engine.world import age_records, bc_create, bc_row, bc_update, sales_create, sales_update

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _customer_with_primary_contact(name: str) -> tuple:
    """Customer ``name`` with a person contact as its primary contact; returns (customer id, contact id, No.)."""
    customer = store.find("bc", "Customer", **{"Name": name})[0].row_id
    contact = bc_create("Contact", {"Type": "Person", "First Name": "Ada", "Surname": "Lovelace"})
    number = bc_row("Contact", contact)["No."]
    bc_update("Customer", customer, {"Primary Contact No.": number})
    return customer, contact, number


def test_an_account_without_a_coupled_primary_contact_keeps_the_customers_primary_contact_no(world):
    customer, _, number = _customer_with_primary_contact("Customer 1")
    to_dataverse, to_bc = world.run("CUSTOMER", full=True)
    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (3, 0)
    assert bc_row("Customer", customer)["Primary Contact No."] == number
    assert (to_bc.counters.modified, to_bc.counters.failed) == (0, 0)


def test_a_blank_from_sales_clears_the_primary_contact_no_when_the_current_contact_is_coupled(world):
    customer, contact, number = _customer_with_primary_contact("Customer 2")
    person = sales_create("contact", {"firstname": "Ada", "lastname": "Lovelace"})
    Coupling.objects.create(
        connection=world.connection,
        bc_table="Contact",
        bc_system_id=contact,
        dataverse_table="contact",
        dataverse_id=person,
    )
    world.run("CUSTOMER", full=True)
    assert bc_row("Customer", customer)["Primary Contact No."] == number
    age_records()
    account = Coupling.objects.get(bc_table="Customer", bc_system_id=customer).dataverse_id
    sales_update("account", account, {"primarycontactid@odata.bind": None})
    _, to_bc = world.run("CUSTOMER")
    assert (to_bc.counters.modified, to_bc.counters.failed) == (1, 0)
    assert bc_row("Customer", customer)["Primary Contact No."] == ""
