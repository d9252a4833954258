"""The run's cache of look-up answers stays bounded by a page's needs, whatever the table's size."""

import uuid

from mappings.engine.lookups import CACHE_LIMIT, CouplingLookups
from mappings.engine.types import FieldRule, LookupRule, SourceRecord
from mappings.models import Coupling
from synclog.choices import PassDirection

TO_DATAVERSE = PassDirection.TO_INTEGRATION
CONTACT = FieldRule(
    "Primary Contact SystemId", "primarycontactid", "ToIntegrationTable", lookup=LookupRule("Contact", "contact")
)


def _page(ids: list[uuid.UUID]) -> list[SourceRecord]:
    return [SourceRecord(uuid.uuid4(), None, {"Primary Contact SystemId": str(i)}) for i in ids]


def _no_bc_side(table: str):
    raise AssertionError(f"a look-up by SystemId must not ask BC ({table})")


def test_values_unique_to_each_record_do_not_fill_the_cache_past_its_limit(connection):
    lookups = CouplingLookups(connection.pk, _no_bc_side)
    pages = [[uuid.uuid4() for _ in range(1000)] for _ in range(CACHE_LIMIT // 1000 + 3)]
    for ids in pages:
        lookups.prepare([CONTACT], _page(ids), TO_DATAVERSE)
        assert len(lookups.cache) <= CACHE_LIMIT + 1000
    assert lookups.resolve(CONTACT, str(pages[-1][0]), TO_DATAVERSE) == (False, None)


def test_a_page_keeps_the_answers_it_needs_when_the_cache_is_cut(connection):
    contact, account = uuid.uuid4(), uuid.uuid4()
    Coupling.objects.create(
        connection=connection, bc_table="Contact", dataverse_table="contact", bc_system_id=contact, dataverse_id=account
    )
    lookups = CouplingLookups(connection.pk, _no_bc_side)
    lookups.prepare([CONTACT], _page([contact] + [uuid.uuid4() for _ in range(CACHE_LIMIT)]), TO_DATAVERSE)
    lookups.prepare([CONTACT], _page([contact, uuid.uuid4()]), TO_DATAVERSE)
    assert len(lookups.cache) == 2
    assert lookups.resolve(CONTACT, str(contact), TO_DATAVERSE) == (True, account)
