"""BC's answers to a page's look-ups asked ahead, on the pipeline's reading thread: requests only, asked once."""

import uuid
from types import SimpleNamespace

import pytest

from mappings.engine.hooks import IMPLICIT_RULES
from mappings.engine.lookups import CouplingLookups
from mappings.engine.types import FieldRule, LookupRule, SourceRecord
from mappings.models import Coupling
from mappings.services import sync_actions
from synclog.choices import PassDirection
from tests.mappings.engine.world import account_of, age_records, bc_create, build_world, company_of_customer, sales_row

TO_DATAVERSE = PassDirection.TO_INTEGRATION
(COMPANY,) = IMPLICIT_RULES[("Contact", "contact")]
CURRENCY = FieldRule(
    "Currency Code",
    "transactioncurrencyid",
    "Bidirectional",
    lookup=LookupRule("Currency", "transactioncurrency", "Code"),
)


class FakeBC:
    """BC's records by table, as the sides answer for them, with every question asked of it written down."""

    def __init__(self, records: dict[str, list[SourceRecord]]) -> None:
        self.records, self.asked = records, []

    def side(self, table: str):
        def matching(field, values, extra=None, select=None):
            self.asked.append((table, field, tuple(sorted(values))))
            return [r for r in self.records.get(table, []) if r.values.get(field) in values]

        def ids_by_key(field, values):
            return {r.values[field]: r.record_id for r in matching(field, values)}

        return SimpleNamespace(matching=matching, ids_by_key=ids_by_key)


def _contacts(*companies: str) -> list[SourceRecord]:
    return [SourceRecord(uuid.uuid4(), None, {"Company No.": company, "Currency Code": "EUR"}) for company in companies]


def _company_world(connection):
    customer, vendor, euro, account, currency = (uuid.uuid4() for _ in range(5))
    for bc_table, bc_id, dataverse_table, dataverse_id in (
        ("Customer", customer, "account", account),
        ("Currency", euro, "transactioncurrency", currency),
    ):
        pair = {"bc_table": bc_table, "bc_system_id": bc_id, "dataverse_table": dataverse_table}
        Coupling.objects.create(connection=connection, dataverse_id=dataverse_id, **pair)
    relations = [
        SourceRecord(uuid.uuid4(), None, {"Contact No.": "CT1", "Link to Table": "Customer", "No.": "C1"}),
        SourceRecord(uuid.uuid4(), None, {"Contact No.": "CT2", "Link to Table": "Vendor", "No.": "V1"}),
    ]
    bc = FakeBC(
        {
            "Contact Business Relation": relations,
            "Customer": [SourceRecord(customer, None, {"No.": "C1"})],
            "Vendor": [SourceRecord(vendor, None, {"No.": "V1"})],
            "Currency": [SourceRecord(euro, None, {"Code": "EUR"})],
        }
    )
    return bc, account, currency


def test_prefetch_asks_bc_without_the_database_and_prepare_does_not_ask_again(connection, django_assert_num_queries):
    bc, account, _ = _company_world(connection)
    lookups = CouplingLookups(connection.pk, bc.side)
    page = _contacts("CT1", "CT2", "CT3")

    with django_assert_num_queries(0):
        lookups.prefetch([COMPANY], page, TO_DATAVERSE)
    asked_ahead = list(bc.asked)
    lookups.prepare([COMPANY], page, TO_DATAVERSE)

    assert asked_ahead[0] == ("Contact Business Relation", "Contact No.", ("CT1", "CT2", "CT3"))
    assert bc.asked == asked_ahead  # prepare read the couplings only
    assert lookups.resolve(COMPANY, "CT1", TO_DATAVERSE) == (True, account)
    assert lookups.resolve(COMPANY, "CT2", TO_DATAVERSE) == (False, None)  # its vendor is not coupled
    assert lookups.resolve(COMPANY, "CT3", TO_DATAVERSE) == (False, None)  # no business relation at all
    assert lookups.fetched[COMPANY.lookup] == {}  # taken: nothing held beyond the page


def _priced(*codes: str) -> list[SourceRecord]:
    return [SourceRecord(uuid.uuid4(), None, {"Company No.": "CT1", "Currency Code": code}) for code in codes]


def test_a_code_is_asked_by_the_first_page_s_prepare_and_a_later_page_s_new_codes_ahead(connection):
    bc, _, currency = _company_world(connection)
    bc.records["Currency"].append(SourceRecord(uuid.uuid4(), None, {"Code": "USD"}))
    lookups = CouplingLookups(connection.pk, bc.side)

    lookups.prefetch([CURRENCY], _priced("EUR"), TO_DATAVERSE)
    asked_ahead_first = list(bc.asked)
    lookups.prepare([CURRENCY], _priced("EUR"), TO_DATAVERSE)
    lookups.prefetch([CURRENCY], _priced("EUR", "USD"), TO_DATAVERSE)
    asked_ahead_second = bc.asked[len(asked_ahead_first) + 1 :]
    lookups.prepare([CURRENCY], _priced("EUR", "USD"), TO_DATAVERSE)

    assert asked_ahead_first == []  # whether currencies are coupled at all takes the database: prepare finds out
    assert asked_ahead_second == [("Currency", "Code", ("USD",))]  # only the new code, on the reading thread
    assert bc.asked == [("Currency", "Code", ("EUR",)), ("Currency", "Code", ("USD",))]  # each once
    assert lookups.resolve(CURRENCY, "EUR", TO_DATAVERSE) == (True, currency)
    assert lookups.resolve(CURRENCY, "USD", TO_DATAVERSE) == (False, None)  # in BC, not coupled


def test_codes_of_a_table_without_couplings_are_never_asked(connection):
    bc, _, _ = _company_world(connection)
    Coupling.objects.filter(bc_table="Currency").delete()
    lookups = CouplingLookups(connection.pk, bc.side)

    for page in (_priced("EUR"), _priced("USD")):
        lookups.prefetch([CURRENCY], page, TO_DATAVERSE)
        lookups.prepare([CURRENCY], page, TO_DATAVERSE)

    assert bc.asked == []
    assert lookups.resolve(CURRENCY, "USD", TO_DATAVERSE) == (False, None)


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_a_full_contact_run_in_pages_of_two_puts_each_person_under_its_companys_account(
    monkeypatch, in_process_sandbox
):
    monkeypatch.setattr(sync_actions, "SYNC_PAGE_SIZE", 2)
    world = build_world(customers=3)
    world.run("CUSTOMER", full=True)
    expected = {}
    for number, name in enumerate(["Customer 1", "Customer 2", "Customer 3"] * 2):
        company = company_of_customer(name) if number < 3 else expected[f"Person {number - 3}"][0]
        person = {"Type": "Person", "Surname": f"Person {number}", "Company No.": company}
        expected[f"Person {number}"] = (company, bc_create("Contact", person), account_of(name))
    age_records()

    to_dataverse, _ = world.run("CONTACT", full=True)

    assert (to_dataverse.counters.inserted, to_dataverse.counters.failed) == (6, 0)
    for _, person, account in expected.values():
        contact = Coupling.objects.get(bc_table="Contact", bc_system_id=person).dataverse_id
        assert sales_row("contact", contact)["_parentcustomerid_value"] == str(account)
