"""Answers are compact UTF-8 JSON, as the real Web API sends them, whether alone or inside a `$batch`."""

import datetime as dt
import decimal
import json
import uuid

import pytest
from django.utils.translation import gettext_lazy

from sandbox.http import json_bytes
from tests.sandbox.dataverse.conftest import ROOT
from tests.sandbox.dataverse.test_batch_and_bulk import _batch, _part

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

NAME = "Müller & Söhne, 東京"


def test_a_read_answers_non_ascii_text_as_utf8_json(dataverse):
    row_id = uuid.uuid4()
    assert dataverse.patch(f"accounts({row_id})", json={"name": NAME}).status_code == 204

    response = dataverse.get(f"accounts({row_id})?$select=name")

    assert response.headers["Content-Type"].endswith("charset=utf-8")
    assert NAME.encode() in response.content and b'","' in response.content
    assert response.json()["name"] == NAME


def test_a_batch_part_answers_its_row_as_utf8_json(dataverse):
    row_id = uuid.uuid4()
    part = _part("PATCH", f"{ROOT}accounts({row_id})?$select=name", json.dumps({"name": NAME}))
    part = part.replace(
        "Content-Type: application/json\r\n", "Content-Type: application/json\r\nPrefer: return=representation\r\n"
    )

    response = _batch(dataverse, [part], changeset=False)

    assert response.status_code == 200, response.text
    body = response.content.split(b"\r\n\r\n")[-1].split(b"\r\n--batchresponse_")[0]
    assert json.loads(body)["name"] == NAME and json.loads(body)["accountid"] == str(row_id)


def test_json_bytes_writes_dates_decimals_and_lazy_text_as_django_does():
    moment = dt.datetime(2026, 11, 26, 15, 4, 5, 123456, tzinfo=dt.UTC)
    payload = {
        "at": moment,
        "on": moment.date(),
        "amount": decimal.Decimal("12.50"),
        "label": gettext_lazy("Yes"),
        1: 2,
    }

    assert json.loads(json_bytes(payload)) == {
        "at": "2026-11-26T15:04:05.123Z",
        "on": "2026-11-26",
        "amount": "12.50",
        "label": "Yes",
        "1": 2,
    }


def test_json_bytes_writes_integers_beyond_64_bits_and_lone_surrogates_as_the_standard_library_does():
    assert json_bytes({"n": 10**30, "name": "Mü"}) == b'{"n":1000000000000000000000000000000,"name":"M\\u00fc"}'
    assert json_bytes({"name": "\ud800"}) == b'{"name":"\\ud800"}'


def test_json_bytes_refuses_what_json_cannot_hold():
    with pytest.raises(TypeError):
        json_bytes({"row": object()})


def test_a_body_that_is_not_json_is_refused_with_the_readers_reason(dataverse):
    response = dataverse.post("accounts", content=b'{"name": "Adatum",', headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert "The request body is not valid JSON" in response.json()["error"]["message"]


def test_a_body_only_the_standard_reader_accepts_is_still_read(dataverse):
    """Integers beyond 64 bits are JSON; orjson refuses them, the standard library reads them, and the column's
    own rule then speaks (not a JSON error)."""
    body = b'{"name": "Adatum", "numberofemployees": ' + str(2**70).encode() + b"}"
    response = dataverse.post("accounts", content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert "not valid JSON" not in response.json()["error"]["message"]
    assert "Edm.Int32" in response.json()["error"]["message"]
