"""The review page, its live lines partial, its actions through the guard, and the dry run with its CSV."""

import pytest
from django.urls import reverse

from mappings.models import FullSyncReviewLine, ReviewStatus
from mappings.services import full_sync_review as review

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _line(world, name: str) -> FullSyncReviewLine:
    return FullSyncReviewLine.objects.get(connection=world.connection, mapping__name=name)


def test_the_page_generates_the_lines_on_first_opening(world, viewer_client):
    response = viewer_client.get(reverse("mappings:full_sync_review"))
    assert response.status_code == 200
    assert b"CUSTOMER" in response.content and b"Sync All" not in response.content
    assert FullSyncReviewLine.objects.filter(connection=world.connection).exists()


def test_a_couple_records_line_links_to_its_coupling_criteria_and_says_whether_they_are_chosen(world, viewer_client):
    world.customer("Adatum Corporation")
    world.account("Adatum Corporation")
    world.mapping("CUSTOMER").field_mappings.update(use_for_match_based_coupling=False)
    review.generate_review(world.connection)
    url = reverse("mappings:coupled_match", args=[world.mapping("CUSTOMER").pk])
    page = viewer_client.get(reverse("mappings:full_sync_review")).content.decode()
    assert f'<a href="{url}">Select Coupling Criteria</a>' in page
    world.mapping("CUSTOMER").field_mappings.filter(bc_field="Name").update(use_for_match_based_coupling=True)
    page = viewer_client.get(reverse("mappings:full_sync_review")).content.decode()
    assert f'<a href="{url}">Review Selected Coupling Criteria</a>' in page


def test_the_lines_partial_stops_polling_when_nothing_runs(world, admin_client):
    review.generate_review(world.connection)
    response = admin_client.get(reverse("mappings:full_sync_review_lines"), headers={"HX-Request": "true"})
    assert response.status_code == 286
    assert b"hx-trigger" not in response.content


def test_a_running_line_keeps_the_partial_polling_with_its_progress(world, admin_client):
    world.customer("Adatum")
    review.generate_review(world.connection)
    review.start_line(_line(world, "CUSTOMER"))
    response = admin_client.get(reverse("mappings:full_sync_review_lines"))
    assert response.status_code == 200
    assert b'hx-trigger="every 2s"' in response.content and b"In Process" in response.content


def test_a_viewer_cannot_start_a_line(world, viewer_client):
    review.generate_review(world.connection)
    line = _line(world, "CURRENCY")
    response = viewer_client.post(reverse("mappings:full_sync_review_start", args=[line.pk]))
    assert response.status_code == 403
    assert _line(world, "CURRENCY").status == ReviewStatus.BLANK


def test_starting_a_line_whose_dependencies_have_not_finished_is_refused(world, admin_client):
    world.currency("EUR")
    world.customer("Adatum")
    review.generate_review(world.connection)
    response = admin_client.post(
        reverse("mappings:full_sync_review_start", args=[_line(world, "CUSTOMER").pk]), follow=True
    )
    assert "CUSTOMER waits for CURRENCY to finish first." in response.content.decode()
    assert _line(world, "CUSTOMER").job is None


def test_restart_is_refused_for_a_line_that_has_not_run(world, admin_client):
    review.generate_review(world.connection)
    response = admin_client.post(
        reverse("mappings:full_sync_review_restart", args=[_line(world, "VENDOR").pk]), follow=True
    )
    assert "Only a line that has finished or failed can be restarted." in response.content.decode()


def test_delete_line_and_reset_through_the_page(world, admin_client):
    review.generate_review(world.connection)
    admin_client.post(reverse("mappings:full_sync_review_delete", args=[_line(world, "VENDOR").pk]))
    assert _line(world, "VENDOR").deleted
    admin_client.post(reverse("mappings:full_sync_review_reset"), {"connection": world.connection.pk})
    assert not _line(world, "VENDOR").deleted


def test_the_dry_run_lists_each_record_and_downloads_as_csv(world, viewer_client):
    adatum = world.customer("Adatum")
    world.account("Trey Research")
    review.generate_review(world.connection)
    review.recommend_full_synchronization(_line(world, "CUSTOMER"))
    url = reverse("mappings:full_sync_review_dry_run", args=[_line(world, "CUSTOMER").pk])
    assert b"Adatum" in viewer_client.get(url).content
    rows = viewer_client.get(url, {"format": "csv"}).content.decode().splitlines()
    assert rows[0].startswith("Direction,Action,Record")
    assert any(row.startswith("Business Central to Dataverse,create,") and f"Adatum,{adatum}," in row for row in rows)
    assert any(row.startswith("Dataverse to Business Central,create,Trey Research") for row in rows)
