"""CONTACT both ways and the company of a contact (sync_engine §2.3, §2.11; Appendix A.20): a person contact's
parent account is the account coupled to the customer its company has a business relation with."""

import pytest

from mappings.models import Coupling
from synclog.models import SyncError
from tests.mappings.engine.world import (
    account_of,
    bc_create,
    bc_row,
    company_of_customer,
    sales_create,
    sales_row,
    sales_rows,
)

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_a_person_contact_goes_to_sales_under_the_account_of_its_company(world):
    world.run("CUSTOMER", full=True)
    company = company_of_customer("Customer 1")
    person = bc_create(
        "Contact", {"Type": "Person", "First Name": "Ada", "Surname": "Lovelace", "Company No.": company}
    )
    to_dataverse, _ = world.run("CONTACT", full=True)
    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (1, 0)
    contact = sales_row("contact", Coupling.objects.get(bc_table="Contact", bc_system_id=person).dataverse_id)
    assert (contact["firstname"], contact["lastname"]) == ("Ada", "Lovelace")
    assert contact["_parentcustomerid_value"] == str(account_of("Customer 1"))


def test_a_contact_of_a_company_without_a_coupled_customer_fails_with_must_be_coupled(world):
    world.run("CUSTOMER", full=True)
    company = bc_create("Contact", {"Type": "Company", "Name": "Nobody's Company"})
    number = bc_row("Contact", company)["No."]
    person = bc_create("Contact", {"Type": "Person", "First Name": "Lone", "Surname": "Ranger", "Company No.": number})
    to_dataverse, _ = world.run("CONTACT", full=True)
    assert to_dataverse.counters.failed == 1
    error = SyncError.objects.get()
    assert (error.bc_system_id, error.message) == (
        person,
        f"Company No. {number} must be coupled to a record in Dynamics 365 Sales.",
    )


def test_a_sales_contact_of_a_coupled_account_comes_to_bc_under_the_company_of_its_customer(world):
    world.run("CUSTOMER", full=True)
    company = company_of_customer("Customer 2")
    bind = {"parentcustomerid_account@odata.bind": f"/accounts({account_of('Customer 2')})"}
    contact = sales_create("contact", {"firstname": "Grace", "lastname": "Hopper", "statecode": 0} | bind)
    parent = sales_create("contact", {"firstname": "Parent", "lastname": "Contact", "statecode": 0} | bind)
    child = {"parentcustomerid_contact@odata.bind": f"/contacts({parent})"}
    sales_create("contact", {"firstname": "Child", "lastname": "Of A Contact", "statecode": 0} | child)
    _, to_bc = world.run("CONTACT", full=True)
    assert (to_bc.counters.inserted, to_bc.counters.failed) == (2, 0)  # the contact under a contact is ignored
    person = bc_row("Contact", Coupling.objects.get(bc_table="Contact", dataverse_id=contact).bc_system_id)
    assert (person["First Name"], person["Surname"], person["Type"], person["Company No."]) == (
        "Grace",
        "Hopper",
        "Person",
        company,
    )
    assert len(sales_rows("contact")) == 3


def test_an_opportunity_gets_the_account_of_its_contact_company(world):
    world.run("CUSTOMER", full=True)
    company = company_of_customer("Customer 3")
    person = bc_create("Contact", {"Type": "Person", "First Name": "Alan", "Surname": "Turing", "Company No.": company})
    world.run("CONTACT", full=True)
    opportunity = bc_create("Opportunity", {"Description": "Bicycles", "Contact No.": bc_row("Contact", person)["No."]})
    to_dataverse, _ = world.run("OPPORTUNITY", full=True)
    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (1, 0)
    row = sales_row("opportunity", Coupling.objects.get(bc_table="Opportunity", bc_system_id=opportunity).dataverse_id)
    assert row["_parentaccountid_value"] == str(account_of("Customer 3"))
    contact = Coupling.objects.get(bc_table="Contact", bc_system_id=person).dataverse_id
    assert row["_parentcontactid_value"] == str(contact)
