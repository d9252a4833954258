"""The registry speaks BC's and Dataverse's table and field names and alone knows the endpoints."""

import pytest

from connection_setup.clients.registry import (
    BC_CUSTOM_API,
    UnknownFieldError,
    UnknownTableError,
    bc_api_name,
    bc_table,
    bc_tables,
    dataverse_table,
)


@pytest.mark.parametrize(
    "bc_field, api_name",
    [
        ("No.", "no"),
        ("Name", "name"),
        ("Salesperson Code", "salespersonCode"),
        ("Credit Limit (LCY)", "creditLimitLCY"),
        ("E-Mail", "eMail"),
        ("Country/Region Code", "countryRegionCode"),
        ("Line Discount %", "lineDiscountPercent"),
        ("GTIN", "gtin"),
        ("VAT %", "vatPercent"),
        ("Qty. per Unit of Measure", "qtyPerUnitOfMeasure"),
    ],
)
def test_bc_field_names_become_the_api_pages_camel_case(bc_field, api_name):
    assert bc_api_name(bc_field) == api_name


@pytest.mark.parametrize(
    "name",
    [
        "Customer",
        "Contact",
        "Salesperson/Purchaser",
        "Item",
        "Resource",
        "Unit of Measure",
        "Item Unit of Measure",
        "Resource Unit of Measure",
        "Unit Group",
        "Currency",
        "Payment Terms",
        "Shipment Method",
        "Shipping Agent",
        "Vendor",
        "Customer Price Group",
        "Sales Price",
        "Price List Header",
        "Price List Line",
        "Opportunity",
        "Sales Header",
        "Sales Line",
        "Sales Invoice Header",
        "Sales Invoice Line",
        "Record Link",
        "Sales Header Archive",
    ],
)
def test_every_bc_table_the_mappings_use_has_an_endpoint_keyed_by_system_id(name):
    table = bc_table(name)
    assert table.api == BC_CUSTOM_API
    assert (table.key, table.modified_field) == ("id", "lastModifiedDateTime")
    assert table.entity_set and table.fields


def test_posted_and_archived_documents_are_read_only():
    assert {t.name for t in bc_tables() if t.read_only} == {
        "Sales Header Archive",
        "Sales Line Archive",
        "Sales Invoice Header",
        "Sales Invoice Line",
    }


def test_records_translate_between_bc_and_api_names():
    customer = bc_table("Customer")
    assert customer.api_name("Salesperson Code") == "salespersonCode"
    assert customer.api_name("salespersonCode") == "salespersonCode"
    assert customer.api_name("lastModifiedDateTime") == "lastModifiedDateTime"
    assert customer.to_api({"No.": "10000", "Name": "Adatum"}) == {"no": "10000", "name": "Adatum"}
    row = {"id": "x", "no": "10000", "@odata.etag": 'W/"1"', "unknownProperty": 1}
    assert customer.to_bc(row) == {"id": "x", "No.": "10000", "@odata.etag": 'W/"1"', "unknownProperty": 1}


def test_an_unknown_field_or_table_is_named_in_the_error():
    with pytest.raises(UnknownFieldError, match="Customer has no field 'Colour'"):
        bc_table("Customer").api_name("Colour")
    with pytest.raises(UnknownTableError, match="BC table called 'Customers'"):
        bc_table("Customers")
    with pytest.raises(UnknownTableError, match="Dataverse table called 'accounts'"):
        dataverse_table("accounts")


def test_dataverse_tables_carry_entity_set_and_primary_columns():
    account = dataverse_table("account")
    assert (account.entity_set, account.primary_id, account.primary_name) == ("accounts", "accountid", "name")
    assert dataverse_table("opportunity").entity_set == "opportunities"
    assert dataverse_table("transactioncurrency").entity_set == "transactioncurrencies"
    assert dataverse_table("contact").modified_field == "modifiedon"
