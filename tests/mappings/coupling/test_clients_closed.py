"""Every action that builds service clients closes them when it returns, and when it raises (issue 10).

An unclosed client keeps its sockets open until the garbage collector finds it; a server that counts connections
(waitress allows 100) then stops accepting new ones, and a worker's next run hangs.
"""

import pytest
from django.urls import reverse

from mappings.models import FullSyncReviewLine
from mappings.services import coupling_actions, coupling_jobs, dry_run, multi_company, sync_actions
from mappings.services import full_sync_review as review
from mappings.services.match_coupling import candidate_fields, save_criteria
from synclog.choices import PassDirection
from tests.connection_setup.counting_transport import CountingTransport
from tests.mappings.sides import RecordingSides

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])
TO = PassDirection.TO_INTEGRATION.value


def _coupled(world):
    """The CUSTOMER mapping and a BC customer coupled to an account."""
    mapping, adatum = world.mapping("CUSTOMER"), world.customer("Adatum")
    world.coupling(mapping, adatum, world.account("Adatum Corporation"))
    return mapping, adatum


def _line(world) -> FullSyncReviewLine:
    review.generate_review(world.connection, sides_factory=RecordingSides())
    return FullSyncReviewLine.objects.get(connection=world.connection, mapping__name="CUSTOMER")


def _queued_sync(world, sides, **options):
    job = sync_actions.synchronize_now(world.mapping("CUSTOMER"), **options)
    return sync_actions.execute_queued_sync(job.pk, sides_factory=sides, **options)


def _split_full_sync(world, sides):
    world.customer("Adatum")
    return _queued_sync(world, sides, full=True, direction=TO, split=True)


def _split_part(world, sides):
    """The first part of a split full synchronization, planned with other sides than the part runs with."""
    world.customer("Adatum")
    job = sync_actions.synchronize_now(world.mapping("CUSTOMER"), full=True, direction=TO, split=True)
    sync_actions.execute_queued_sync(job.pk, full=True, direction=TO, split=True, sides_factory=RecordingSides())
    part = job.parts.get(part_no=1)
    return sync_actions.execute_full_sync_part(job.pk, 1, part.first_key, part.last_key, sides_factory=sides)


def _uncoupling(world, sides):
    mapping, _ = _coupled(world)
    return sync_actions.execute_uncoupling(sync_actions.uncouple_all(mapping).pk, sides_factory=sides)


def _uncouple_records(world, sides):
    mapping, adatum = _coupled(world)
    job = coupling_jobs.uncouple_records(mapping, bc_ids=[adatum])
    return coupling_jobs.execute_uncouple_records(job.pk, bc_ids=[str(adatum)], sides_factory=sides)


def _match_coupling(world, sides):
    mapping = world.mapping("CUSTOMER")
    name = next(f for f in candidate_fields(mapping) if f.bc_field == "Name")
    save_criteria(mapping, {name.pk: (0, False)})
    job = coupling_jobs.match_based_coupling(mapping)
    return coupling_jobs.execute_match_coupling(job.pk, sides_factory=sides)


def _couple(world, sides):
    mapping = world.mapping("CUSTOMER")
    adatum, account = world.customer("Adatum"), world.account("Adatum Corporation")
    return coupling_actions.couple_record(mapping, bc_id=adatum, dataverse_id=account, sides_factory=sides)


def _create_new(world, sides):
    mapping = world.mapping("CUSTOMER")
    return coupling_actions.create_new(mapping, bc_ids=[world.customer("Adatum")], sides_factory=sides)


def _synchronize_selected(world, sides):
    mapping, adatum = _coupled(world)
    return coupling_actions.synchronize_selected(mapping, bc_ids=[adatum], direction=TO, sides_factory=sides)


ENTRY_POINTS = {
    "mapping_has_changes": lambda w, s: sync_actions.mapping_has_changes(w.mapping("CUSTOMER"), sides_factory=s),
    "execute_queued_sync": _queued_sync,
    "execute_queued_sync split": _split_full_sync,
    "execute_full_sync_part": _split_part,
    "execute_uncoupling": _uncoupling,
    "execute_uncouple_records": _uncouple_records,
    "execute_match_coupling": _match_coupling,
    "plan_full_synchronization": lambda w, s: dry_run.plan_full_synchronization(w.mapping("CUSTOMER"), sides_factory=s),
    "plan_coupling": lambda w, s: dry_run.plan_coupling(w.mapping("CUSTOMER"), sides_factory=s),
    "generate_review": lambda w, s: review.generate_review(w.connection, sides_factory=s),
    "restart_line": lambda w, s: review.restart_line(_line(w), sides_factory=s),
    "recommend_full_synchronization": lambda w, s: review.recommend_full_synchronization(_line(w), sides_factory=s),
    "toggle_multi_company": lambda w, s: multi_company.toggle_multi_company(_line(w), sides_factory=s),
    "apply_default_company_filters": lambda w, s: multi_company.apply_default_company_filters(
        w.connection, sides_factory=s
    ),
    "couple_record": _couple,
    "create_new": _create_new,
    "synchronize_selected": _synchronize_selected,
}


@pytest.mark.parametrize("call", ENTRY_POINTS.values(), ids=ENTRY_POINTS.keys())
def test_an_action_closes_the_service_clients_it_built_when_it_returns(world, call):
    sides = RecordingSides()
    call(world, sides)
    assert sides.all_closed(), sides.open_clients


def test_a_refused_couple_closes_the_service_clients_it_built(world):
    sides = RecordingSides()
    with pytest.raises(coupling_actions.CouplingRefused, match="no longer exists in Dynamics 365 Sales"):
        coupling_actions.couple_record(
            world.mapping("CUSTOMER"),
            bc_id=world.customer("Adatum"),
            dataverse_id=world.customer("Trey"),
            sides_factory=sides,
        )
    assert sides.all_closed(), sides.open_clients


def test_a_refused_company_toggle_closes_the_service_clients_it_built(world):
    line = _line(world)
    world.connection.bc_company_id = None
    world.connection.save()
    sides = RecordingSides()
    with pytest.raises(multi_company.MultiCompanyRefused, match=multi_company.NO_COMPANY):
        multi_company.toggle_multi_company(line, sides_factory=sides)
    assert sides.all_closed(), sides.open_clients


@pytest.mark.parametrize("page", ["mappings:coupled_list", "mappings:coupled_search"])
def test_a_page_that_reads_a_service_closes_both_service_clients(world, admin_client, settings, page):
    settings.BCSALES_HTTP_TRANSPORT = transport = CountingTransport()
    mapping = world.mapping("CUSTOMER")
    args = [mapping.pk] if page == "mappings:coupled_list" else [mapping.pk, world.customer("Adatum")]
    assert admin_client.get(reverse(page, args=args), {"name": "Adatum"}).status_code == 200
    # Both service clients, and the sign-in client of the one service the page read (the other never signed in).
    assert transport.closes == 3
