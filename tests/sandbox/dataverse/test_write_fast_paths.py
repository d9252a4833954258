"""The shortcuts of the write path give the general path's answer on both sides of their boundaries: a float
with as many decimals as the column keeps is stored as given and one with more is rounded, a GUID already in its
lower-case form is kept and any other form is normalized, and of two missing look-up targets the first in column
order is reported whatever order the body names them in."""

import uuid

import pytest

from tests.sandbox.dataverse.conftest import create

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _stored(dataverse, path: str, select: str) -> dict:
    return dataverse.get(path, params={"$select": select}).json()


def test_money_with_the_columns_decimals_is_kept_and_with_more_is_rounded_half_up(dataverse):
    kept = create(dataverse, "accounts", {"name": "Kept", "creditlimit": 1234.56, "revenue": 0.1})
    rounded = create(dataverse, "accounts", {"name": "Rounded", "creditlimit": 2.675, "revenue": 1e-05})

    row = _stored(dataverse, f"accounts({kept})", "creditlimit,revenue")
    assert (row["creditlimit"], row["revenue"]) == (1234.56, 0.1)
    row = _stored(dataverse, f"accounts({rounded})", "creditlimit,revenue")
    assert (row["creditlimit"], row["revenue"]) == (2.68, 0.0)


def test_a_decimal_with_its_own_precision_is_kept_up_to_it_and_rounded_beyond(dataverse):
    group = create(dataverse, "uomschedules", {"name": "Boxes", "baseuomname": "PCS"})
    bind = {"uomscheduleid@odata.bind": f"/uomschedules({group})"}

    kept = create(dataverse, "uoms", {"name": "Fifth", "quantity": 0.12345, **bind})
    rounded = create(dataverse, "uoms", {"name": "Sixth", "quantity": 0.123455, **bind})

    assert dataverse.get(f"uoms({kept})").json()["quantity"] == 0.12345
    assert dataverse.get(f"uoms({rounded})").json()["quantity"] == 0.12346


def test_a_guid_column_stores_the_lower_case_form_whatever_form_was_sent(dataverse):
    lower, upper = str(uuid.uuid4()), str(uuid.uuid4()).upper()

    first = create(dataverse, "accounts", {"name": "Lower", "accountid": lower})
    second = create(dataverse, "accounts", {"name": "Upper", "accountid": upper})

    assert first == lower and second == upper.lower()
    assert dataverse.get(f"accounts({upper.lower()})").json()["name"] == "Upper"


def test_of_two_missing_look_up_targets_the_first_column_is_reported_in_any_body_order(dataverse):
    currency, account = uuid.uuid4(), uuid.uuid4()
    binds = {
        "transactioncurrencyid@odata.bind": f"/transactioncurrencies({currency})",
        "parentaccountid@odata.bind": f"/accounts({account})",
    }
    reported = set()
    for body in (binds, dict(reversed(binds.items()))):
        response = dataverse.post("accounts", json={"name": "Orphan", **body})
        assert response.status_code == 404
        reported.add(response.json()["error"]["message"])

    assert len(reported) == 1
