"""Money and Decimal columns as Dataverse treats them: text is refused with the payload error (0x80048d19, worded
as the service words it) and nothing is written; decimals beyond the column's precision are rounded."""

import pytest

from tests.sandbox.dataverse.conftest import create

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

PAYLOAD_ERROR = (
    "Error identified in Payload provided by the user for Entity :'accounts', For more information on this error "
    "please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : "
    "Microsoft.OData.ODataException: Cannot convert the literal '12,000.00' to the expected type 'Edm.Decimal'."
)


def test_text_in_a_money_column_is_refused_with_the_payload_error(dataverse):
    response = dataverse.post("accounts", json={"name": "Fabrikam", "creditlimit": "12,000.00"})

    assert response.status_code == 400
    assert response.json()["error"] == {"code": "0x80048d19", "message": PAYLOAD_ERROR}
    assert dataverse.get("accounts", params={"$filter": "name eq 'Fabrikam'"}).json()["value"] == []


def test_money_is_rounded_to_two_decimals(dataverse):
    account = create(dataverse, "accounts", {"name": "Fabrikam", "creditlimit": 1234.565, "revenue": 10.004})

    row = dataverse.get(f"accounts({account})", params={"$select": "creditlimit,revenue"}).json()

    assert (row["creditlimit"], row["revenue"]) == (1234.57, 10.0)


def test_a_decimal_keeps_the_columns_own_precision(dataverse):
    group = create(dataverse, "uomschedules", {"name": "Boxes", "baseuomname": "PCS"})
    bind = {"uomscheduleid@odata.bind": f"/uomschedules({group})"}

    unit = create(dataverse, "uoms", {"name": "Third", "quantity": 0.3333333, **bind})

    assert dataverse.get(f"uoms({unit})").json()["quantity"] == 0.33333


def test_values_of_the_columns_type_are_kept_as_given_and_others_are_still_checked(dataverse):
    """Whole numbers, booleans and fitting text are stored as sent (a money column's whole number too); a boolean
    is no whole number, and a text one character too long is refused, in a bulk message as in a single create."""
    account = create(
        dataverse,
        "accounts",
        {"name": "N" * 160, "numberofemployees": 12, "creditlimit": 5000, "donotphone": True},
    )
    row = dataverse.get(f"accounts({account})", params={"$select": "name,numberofemployees,creditlimit,donotphone"})
    assert {k: row.json()[k] for k in ("numberofemployees", "creditlimit", "donotphone")} == {
        "numberofemployees": 12,
        "creditlimit": 5000,
        "donotphone": True,
    }

    flag = dataverse.post("accounts", json={"name": "Flag", "numberofemployees": True})
    too_long = dataverse.post(
        "accounts/Microsoft.Dynamics.CRM.UpsertMultiple",
        json={"Targets": [{"accountid": "5f0e3a2b-1111-4222-8333-444455556666", "name": "N" * 161}]},
    )

    assert flag.status_code == 400 and "Edm.Int32" in flag.json()["error"]["message"]
    assert too_long.status_code == 400 and too_long.json()["error"]["code"] == "0x80044331"
