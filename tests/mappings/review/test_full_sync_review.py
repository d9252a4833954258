"""The Full Synchronization Review: recommendations from both sides, dependency order, Sync All and its cascade."""

import pytest

from mappings.models import FullSyncReviewLine, Recommendation, ReviewStatus
from mappings.services import full_sync_review as review
from sandbox.bc import service as bc
from synclog.choices import JobStatus
from synclog.models import SyncJob

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _line(world, name: str) -> FullSyncReviewLine:
    return FullSyncReviewLine.objects.get(connection=world.connection, mapping__name=name)


def test_lines_come_in_dependency_order_without_line_or_team_model_mappings(world):
    names = [line.mapping.name for line in review.generate_review(world.connection)]
    assert names.index("CUSTOMER") < names.index("CONTACT") < names.index("OPPORTUNITY")
    assert names.index("CURRENCY") < names.index("CUSTOMER")
    assert names.index("PAYMENT TERMS") < names.index("CUSTOMER")
    assert not {"POSTEDSALESLINE-INV", "SALESORDER-ORDER", "SALESPEOPLE"} & set(names)


def test_recommendations_follow_what_both_sides_hold(world):
    world.customer("Adatum")
    world.currency("EUR")
    world.dataverse_currency("USD", 1.0)
    world.account("Trey Research")
    review.generate_review(world.connection)
    assert (_line(world, "CUSTOMER").recommendation, _line(world, "CUSTOMER").bc_count) == ("couple", 1)
    assert _line(world, "CURRENCY").recommendation == Recommendation.FULL_SYNCHRONIZATION
    assert _line(world, "VENDOR").recommendation == Recommendation.NO_RECORDS_FOUND


def test_a_currency_table_beyond_the_base_currency_recommends_coupling(world):
    world.dataverse_currency("USD", 1.0)
    world.dataverse_currency("EUR", 0.92)
    review.generate_review(world.connection)
    assert _line(world, "CURRENCY").recommendation == Recommendation.COUPLE_RECORDS


def test_recommend_full_synchronization_overrides_couple_records_until_reset(world):
    world.customer("Adatum")
    world.account("Adatum")
    review.generate_review(world.connection)
    review.recommend_full_synchronization(_line(world, "CUSTOMER"))
    assert _line(world, "CUSTOMER").recommendation == Recommendation.FULL_SYNCHRONIZATION
    review.reset_review(world.connection)
    assert _line(world, "CUSTOMER").recommendation == Recommendation.COUPLE_RECORDS


def test_a_deleted_line_stays_out_of_the_review_until_reset(world):
    review.generate_review(world.connection)
    review.delete_line(_line(world, "VENDOR"))
    names = [line.mapping.name for line in review.generate_review(world.connection)]
    assert "VENDOR" not in names
    assert "VENDOR" in [line.mapping.name for line in review.reset_review(world.connection)]


def test_a_line_waits_for_its_dependencies_to_finish(world):
    world.customer("Adatum")
    world.currency("EUR")
    lines = review.generate_review(world.connection)
    customer = _line(world, "CUSTOMER")
    assert review.unmet_dependencies(customer, lines) == ["CURRENCY"]
    FullSyncReviewLine.objects.filter(mapping__name="CURRENCY").update(status=ReviewStatus.FINISHED)
    assert review.unmet_dependencies(customer, list(FullSyncReviewLine.objects.select_related("mapping"))) == []


def test_sync_all_runs_the_lines_and_the_dependents_start_by_themselves(world, run_tasks, admin_user):
    world.currency("EUR")
    rate = {"Currency Code": "EUR", "Starting Date": "2024-01-01", "Exchange Rate Amount": 92}
    bc.create("Currency Exchange Rate", rate | {"Relational Exch. Rate Amount": 100})  # synchronized after coupling
    world.dataverse_currency("USD", 1.0)
    world.dataverse_currency("EUR", 0.92)
    world.customer("Adatum")
    review.generate_review(world.connection)
    with run_tasks():
        started = review.sync_all(world.connection, user=admin_user)
    assert [line.mapping.name for line in started] == ["CURRENCY"]
    currency, customer = _line(world, "CURRENCY"), _line(world, "CUSTOMER")
    assert (currency.status, currency.job.coupled) == (ReviewStatus.FINISHED, 1)
    assert customer.status in (ReviewStatus.FINISHED, ReviewStatus.ERROR)
    assert SyncJob.objects.filter(run_id=customer.run_id, full=True).exists()
    assert not SyncJob.objects.filter(status__in=JobStatus.enqueued()).exists()
