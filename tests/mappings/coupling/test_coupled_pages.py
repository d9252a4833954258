"""The coupled-record pages: index, list with search and filters, the record's timeline, the Open in … links."""

import uuid

import pytest
from django.urls import reverse

from mappings.models import Coupling
from synclog.choices import PassDirection, RecordAction
from synclog.models import RecordChange, SyncJob

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _coupling(world, bc_id, row_id, **values) -> Coupling:
    return Coupling.objects.create(
        connection=world.connection,
        bc_table="Customer",
        bc_system_id=bc_id,
        dataverse_table="account",
        dataverse_id=row_id,
        **values,
    )


def test_the_index_counts_coupled_and_skipped_records_per_table(world, viewer_client):
    _coupling(world, world.customer("Adatum"), world.account("Adatum"), skipped=True)
    response = viewer_client.get(reverse("mappings:coupled_index"))
    assert response.status_code == 200
    row = response.content.decode().split(">Customer</a>")[1].split("</tr>")[0]
    assert row.count('class="num">1<') + row.count(">1</a>") == 2


def test_the_list_searches_and_filters_by_coupling_state(world, viewer_client):
    _coupling(world, world.customer("Adatum"), world.account("Adatum"))
    world.customer("Trey Research")
    url = reverse("mappings:coupled_list", args=[world.mapping("CUSTOMER").pk])
    assert b"Trey Research" in viewer_client.get(url, {"state": "uncoupled"}).content
    assert b"Trey Research" not in viewer_client.get(url, {"state": "coupled"}).content
    found = viewer_client.get(url, {"q": "adat"}).content
    assert b"Adatum" in found and b"Trey Research" not in found


def test_the_record_page_shows_its_timeline_in_both_directions(world, viewer_client):
    adatum, row = world.customer("Adatum"), world.account("Adatum")
    _coupling(world, adatum, row)
    job = SyncJob.objects.create(connection=world.connection, mapping_name="CUSTOMER")
    common = {"job": job, "bc_table": "Customer", "dataverse_table": "account", "action": RecordAction.MODIFIED}
    RecordChange.objects.create(
        **common, direction=PassDirection.TO_INTEGRATION, bc_system_id=adatum, fields={"name": [None, "Adatum"]}
    )
    RecordChange.objects.create(
        **common,
        direction=PassDirection.FROM_INTEGRATION,
        dataverse_row_id=row,
        fields={"Name": ["Adatum", "Adatum Corp"]},
    )
    response = viewer_client.get(reverse("mappings:coupled_record", args=[world.mapping("CUSTOMER").pk, adatum]))
    text = response.content.decode()
    assert "Adatum → Adatum Corp" in text and "∅ → Adatum" in text
    assert "Couple</button>" not in text


def test_open_in_sales_links_to_the_row(world, viewer_client):
    row = uuid.uuid4()
    response = viewer_client.get(reverse("mappings:open_in_sales", args=[world.mapping("CUSTOMER").pk, row]))
    assert response.url == f"{world.connection.server_address}/main.aspx?pagetype=entityrecord&etn=account&id={row}"


def test_open_in_business_central_from_a_row_finds_the_coupled_record(world, viewer_client):
    adatum, row = world.customer("Adatum"), world.account("Adatum")
    _coupling(world, adatum, row)
    response = viewer_client.get(reverse("mappings:open_in_bc"), {"entity": "account", "id": str(row)})
    assert response.url == reverse("mappings:coupled_record", args=[world.mapping("CUSTOMER").pk, adatum])
    world.connection.bc_web_client_url = "https://businesscentral.dynamics.com/tenant/production"
    world.connection.save()
    response = viewer_client.get(reverse("mappings:open_in_bc"), {"entity": "account", "id": str(row)})
    assert (
        response.url.startswith("https://businesscentral.dynamics.com/tenant/production?company=")
        and "page=21" in response.url
    )


def test_open_in_business_central_for_an_uncoupled_row_says_so(world, viewer_client):
    row = uuid.uuid4()
    response = viewer_client.get(reverse("mappings:open_in_bc"), {"entity": "account", "id": str(row)}, follow=True)
    assert f"The account row {row} is not coupled to a Business Central record." in response.content.decode()
    assert viewer_client.get(reverse("mappings:open_in_bc"), {"entity": "account", "id": "nope"}).status_code == 404


def test_the_couple_lookup_searches_rows_by_name_inside_the_filter(world, admin_client):
    adatum = world.customer("Adatum")
    world.account("Adatum Corporation")
    world.account("Adatum Vendor", customertypecode=11)
    url = reverse("mappings:coupled_search", args=[world.mapping("CUSTOMER").pk, adatum])
    text = admin_client.get(url, {"name": "Adat"}).content.decode()
    assert "Adatum Corporation" in text and "Adatum Vendor" not in text
    assert (
        "A record with the name Zeta does not exist in account."
        in admin_client.get(url, {"name": "Zeta"}).content.decode()
    )
