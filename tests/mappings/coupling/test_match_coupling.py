"""Match-Based Coupling: cumulative priorities, case sensitivity, empty values, dry run and the job (§4.2)."""

import pytest
from django.urls import reverse

from mappings.models import Coupling
from mappings.services.coupling_jobs import execute_match_coupling, match_based_coupling
from mappings.services.match_coupling import candidate_fields, criteria_of, plan_match_coupling, save_criteria
from mappings.services.sync_actions import service_sides
from synclog.models import SyncError

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _criteria(mapping, **chosen):
    """``chosen``: BC field (spaces as _) → (priority, case sensitive)."""
    by_field = {f.bc_field.replace(" ", "_").replace(".", ""): f.pk for f in candidate_fields(mapping)}
    return save_criteria(mapping, {by_field[name]: value for name, value in chosen.items()})


def _plan(world, **options):
    mapping = world.mapping("CUSTOMER")
    return plan_match_coupling(mapping, criteria_of(mapping), service_sides(world.connection), **options)


def test_a_single_match_couples_and_several_matches_are_ambiguous(world):
    adatum, trey = world.customer("Adatum"), world.customer("Trey")
    row = world.account("adatum")
    world.account("Trey"), world.account("TREY")
    _criteria(world.mapping("CUSTOMER"), Name=(0, False))
    outcomes = {o.bc_id: o for o in _plan(world).outcomes}
    assert (outcomes[adatum].action, outcomes[adatum].dataverse_id) == ("couple", row)
    assert outcomes[trey].action == "ambiguous"


def test_case_sensitive_matching_tells_names_apart(world):
    trey = world.customer("Trey")
    world.account("TREY")
    exact = world.account("Trey")
    _criteria(world.mapping("CUSTOMER"), Name=(0, True))
    assert [(o.action, o.dataverse_id) for o in _plan(world).outcomes if o.bc_id == trey] == [("couple", exact)]


def test_a_later_priority_breaks_the_tie_of_an_earlier_one(world):
    trey = world.customer("Trey", **{"City": "Seattle"})
    world.account("Trey", address1_city="Atlanta")
    seattle = world.account("Trey", address1_city="Seattle")
    _criteria(world.mapping("CUSTOMER"), Name=(1, False), City=(2, False))
    assert [(o.action, o.dataverse_id) for o in _plan(world).outcomes if o.bc_id == trey] == [("couple", seattle)]


def test_empty_text_values_are_not_used_as_criteria(world):
    nameless = world.customer("Adatum", **{"City": ""})
    world.account("Adatum", address1_city="Atlanta")
    _criteria(world.mapping("CUSTOMER"), City=(0, False))
    assert [o.action for o in _plan(world).outcomes if o.bc_id == nameless] == ["no match"]


def test_a_match_that_is_already_coupled_does_not_count(world):
    adatum, other = world.customer("Adatum"), world.customer("Other")
    row = world.account("Adatum")
    Coupling.objects.create(
        connection=world.connection,
        bc_table="Customer",
        bc_system_id=other,
        dataverse_table="account",
        dataverse_id=row,
    )
    _criteria(world.mapping("CUSTOMER"), Name=(0, False))
    outcomes = {o.bc_id: o.action for o in _plan(world, create_new=True).outcomes}
    assert outcomes == {adatum: "create", other: "already coupled"}


def test_the_job_couples_logs_each_unmatched_record_and_counts_them(world, run_tasks):
    adatum, lonely = world.customer("Adatum"), world.customer("Lonely")
    row = world.account("Adatum")
    _criteria(world.mapping("CUSTOMER"), Name=(0, False))
    with run_tasks():
        job = match_based_coupling(world.mapping("CUSTOMER"))
    job.refresh_from_db()
    assert (job.status, job.coupled, job.failed) == ("error", 1, 1)
    assert Coupling.objects.get(bc_system_id=adatum).dataverse_id == row
    error = SyncError.objects.get(job=job)
    assert error.bc_system_id == lonely and "No unique uncoupled matching row" in error.message


def test_the_job_without_criteria_fails_with_bc_s_message(world):
    world.customer("Adatum")
    _criteria(world.mapping("CUSTOMER"))
    job = execute_match_coupling(match_based_coupling(world.mapping("CUSTOMER")).pk)
    assert job.status == "error"
    assert (
        job.message
        == "You must specify which fields on the table mapping 'CUSTOMER' should be used for match-based coupling."
    )


def test_the_criteria_page_saves_and_shows_the_dry_run(world, admin_client):
    world.customer("Adatum")
    world.account("Adatum")
    mapping = world.mapping("CUSTOMER")
    name_field = next(f for f in candidate_fields(mapping) if f.bc_field == "Name")
    response = admin_client.post(
        reverse("mappings:coupled_match_run", args=[mapping.pk]),
        {f"match_{name_field.pk}": "1", f"priority_{name_field.pk}": "3", "dry_run": "1"},
        follow=True,
    )
    assert b"Dry run: Match-based coupling of CUSTOMER" in response.content and b"couple" in response.content
    assert criteria_of(mapping)[0].priority == 3 and not Coupling.objects.exists()


def test_a_priority_that_is_not_a_number_is_refused(world, admin_client):
    mapping = world.mapping("CUSTOMER")
    field = candidate_fields(mapping)[0]
    response = admin_client.post(
        reverse("mappings:coupled_match_run", args=[mapping.pk]),
        {f"match_{field.pk}": "1", f"priority_{field.pk}": "high"},
        follow=True,
    )
    assert "must be a whole number" in response.content.decode()
