"""Coupling criteria preselected where BC's setup chooses none: the obvious match field, creation of what has no
match and synchronization after coupling; BC's own criteria and an administrator's choice are left alone."""

import pytest

from mappings.models import FieldMapping, TableMapping
from mappings.services.mapping_setup import apply_default_synchronization_setup, preselect_coupling_criteria
from tests.mappings.defaults.connections import make_connection

pytestmark = pytest.mark.django_db


def _criteria(connection, name: str) -> list[tuple[str, int]]:
    fields = FieldMapping.objects.filter(
        table_mapping__connection=connection, table_mapping__name=name, use_for_match_based_coupling=True
    )
    return sorted(fields.values_list("bc_field", "match_priority"))


def test_customers_contacts_and_products_get_their_obvious_match_field_and_create_what_has_no_match():
    connection = make_connection()
    apply_default_synchronization_setup(connection)
    assert _criteria(connection, "CUSTOMER") == [("Name", 1)]
    assert _criteria(connection, "CONTACT") == [("E-Mail", 1), ("First Name", 2), ("Surname", 2)]
    assert _criteria(connection, "ITEM-PRODUCT") == [("No.", 1)]
    customer = TableMapping.objects.get(connection=connection, name="CUSTOMER")
    assert (customer.create_new_if_no_match, customer.synch_after_bulk_coupling) == (True, True)


def test_bcs_own_criteria_stay_as_bc_sets_them():
    connection = make_connection()
    apply_default_synchronization_setup(connection)
    assert _criteria(connection, "CURRENCY") == [("Code", 0)]
    assert _criteria(connection, "UNIT GROUP") == [("Source No.", 0)]


def test_an_administrators_own_criteria_are_never_replaced():
    connection = make_connection()
    apply_default_synchronization_setup(connection)
    customer = TableMapping.objects.get(connection=connection, name="CUSTOMER")
    customer.field_mappings.update(use_for_match_based_coupling=False, match_priority=0)
    customer.field_mappings.filter(bc_field="Phone No.").update(use_for_match_based_coupling=True)
    assert preselect_coupling_criteria(customer) is False
    assert _criteria(connection, "CUSTOMER") == [("Phone No.", 0)]
