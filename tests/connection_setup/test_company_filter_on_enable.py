"""Enabling the connection and Use Default Synchronization Setup write the default company filter, as BC's
ResetConfiguration does (connection_setup §1.3, §6.7; sync_engine §4.3), against the seeded demo."""

import uuid

import pytest

from connection_setup.models import Connection
from connection_setup.services.defaults import use_default_synchronization_setup
from connection_setup.services.enablement import enable_connection
from mappings.models import TableMapping
from mappings.services.multi_company import NO_COMPANY, company_clause
from sandbox import store
from sandbox.demo import credentials as demo
from tests.connection_setup.sandbox_setup import DEMO_ADMIN

pytestmark = [pytest.mark.django_db(databases=["default", "sandbox"]), pytest.mark.usefixtures("demo_sandbox")]


def _enabled(make) -> Connection:
    connection = make()
    enable_connection(connection, admin=DEMO_ADMIN)
    return connection


def _customer_filter(connection: Connection) -> str:
    return TableMapping.objects.get(connection=connection, name="CUSTOMER").dataverse_table_filter


def _company_row() -> uuid.UUID:
    (row,) = [row for row in store.find("dataverse", "cdm_company") if row.data["bcbi_externalid"] == demo.COMPANY_ID]
    return row.row_id


def test_enabling_writes_this_companys_filter_into_the_company_scoped_mappings(demo_connection):
    connection = _enabled(demo_connection)
    clause = company_clause(_company_row())
    assert _customer_filter(connection) == f"statecode eq 0 and customertypecode eq 3 and {clause}"
    currency = TableMapping.objects.get(connection=connection, name="CURRENCY").dataverse_table_filter
    assert "bcbi_companyid" not in currency


def test_use_default_synchronization_setup_writes_the_clause_again_and_only_once(demo_connection):
    connection = _enabled(demo_connection)
    expected = _customer_filter(connection)
    TableMapping.objects.filter(connection=connection, name="CUSTOMER").update(dataverse_table_filter="statecode eq 1")
    done = use_default_synchronization_setup(connection)
    assert done[0] == "The default synchronization setup has completed successfully."
    assert _customer_filter(connection) == expected
    assert len(store.find("dataverse", "cdm_company")) == 1


def test_use_default_synchronization_setup_without_a_company_says_the_filter_was_not_added(demo_connection):
    connection = _enabled(demo_connection)
    Connection.objects.filter(pk=connection.pk).update(bc_company_id=None)
    connection.refresh_from_db()
    done = use_default_synchronization_setup(connection)
    assert f"The company filter was not added to the Integration Table Filters: {NO_COMPANY}" in done
    assert _customer_filter(connection) == "statecode eq 0 and customertypecode eq 3"
