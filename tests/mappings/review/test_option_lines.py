"""Option mappings in the Full Synchronization Review (sync_engine §5.2, §5.3): their lines, recommendations and
place before CUSTOMER, and Sync All running their option pass."""

import pytest

from mappings.models import FullSyncReviewLine, OptionMapping, Recommendation, ReviewStatus
from mappings.services import full_sync_review as review
from sandbox.bc import service as bc

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

OPTION_MAPPINGS = ("PAYMENT TERMS", "SHIPMENT METHOD", "SHIPPING AGENT")


def _line(world, name: str) -> FullSyncReviewLine:
    return FullSyncReviewLine.objects.get(connection=world.connection, mapping__name=name)


def test_an_option_line_recommends_couple_records_when_bc_holds_codes_else_no_records_found(world):
    bc.create("Shipment Method", {"Code": "CFR", "Description": "Cost and Freight"})
    review.generate_review(world.connection)
    recommendations = {name: _line(world, name).recommendation for name in OPTION_MAPPINGS}
    assert recommendations == {
        "PAYMENT TERMS": Recommendation.NO_RECORDS_FOUND,
        "SHIPMENT METHOD": Recommendation.COUPLE_RECORDS,
        "SHIPPING AGENT": Recommendation.NO_RECORDS_FOUND,
    }


def test_customer_waits_for_an_option_line_with_codes_to_finish(world):
    bc.create("Shipment Method", {"Code": "CFR", "Description": "Cost and Freight"})
    world.customer("Adatum", **{"Shipment Method Code": "CFR"})
    lines = review.generate_review(world.connection)
    assert "SHIPMENT METHOD" in review.unmet_dependencies(_line(world, "CUSTOMER"), lines)


def test_sync_all_runs_the_option_pass_before_the_customers(world, run_tasks, admin_user):
    bc.create("Shipment Method", {"Code": "CFR", "Description": "Cost and Freight"})
    world.customer("Adatum", **{"Shipment Method Code": "CFR"})
    review.generate_review(world.connection)
    with run_tasks():
        started = review.sync_all(world.connection, user=admin_user)
    assert "SHIPMENT METHOD" in [line.mapping.name for line in started]
    option, customer = _line(world, "SHIPMENT METHOD"), _line(world, "CUSTOMER")
    assert (option.status, option.job.inserted) == (ReviewStatus.FINISHED, 1)
    assert OptionMapping.objects.get().bc_code == "CFR"
    assert (customer.status, customer.job.failed) == (ReviewStatus.FINISHED, 0)
