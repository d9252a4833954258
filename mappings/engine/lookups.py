"""Lookups through couplings, resolved for a whole page at once (sync_engine §2.11).

To Dataverse: the BC value (a code, or a SystemId) → the related BC record → its coupling → the Dataverse id.
From Dataverse: the Dataverse id → its coupling → the related BC record → its code (or SystemId). A related
record that is not coupled answers "not found": the transform step then clears the value or fails the record.
Each page costs one coupling query and at most one service request per lookup field; answers are cached for
the run, so owners and currencies repeated on every page are resolved once. Values that differ on every record (a
customer's primary contact, a contact's company) would fill the cache in proportion to the table: past
``CACHE_LIMIT`` answers, a page keeps only those of its own direction it needs itself.

A look-up to Dataverse asks BC first (which record a code, a company or an item's unit names) and the couplings
second. In a forced run every record of the To pass is transformed, so the pipeline asks BC for the next page's
companies and units, which differ from record to record, on its reading thread (``prefetch``) while this thread
decides the page before: ``prepare`` then finds BC's answers waiting and reads only the couplings. Only requests
run there; the couplings are read here. Codes are asked ahead too once a page has shown that their table has
couplings (a table with none is never asked, and that takes the database): the codes a later page brings (a
currency not seen before) no longer hold up its preparation.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from connection_setup.clients import odata
from mappings.engine.coupling_rows import coupled_counterparts
from mappings.engine.hooks import KEPT_WHEN_BLANKED
from mappings.engine.relations import BUSINESS_RELATION_TABLES, UNIT_SOURCES
from mappings.engine.sides import Side
from mappings.engine.types import KEY_SEPARATOR, FieldRule, LookupRule, SourceRecord
from mappings.models import Coupling
from synclog.choices import PassDirection

__all__ = ["CouplingLookups"]

NOT_COUPLED = (False, None)
CACHE_LIMIT = 5000  # answers kept for the run before a page drops those it does not need (a page holds 2,000 records)
CURRENCY_TABLE = "transactioncurrency"
RELATION_TABLE = "Contact Business Relation"
RELATION_FIELDS = ("Contact No.", "Link to Table", "No.")  # what a company look-up reads of a business relation
# BC's answer for one looked-up value: the related records it may stand for, as (BC table, SystemId), in the order
# their couplings are tried (a company's customer and vendor); empty when BC has none.
Candidates = tuple[tuple[str, uuid.UUID], ...]


def _as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


class CouplingLookups:
    """The ``Lookups`` the transform step asks; ``prepare`` must see a page before its records are transformed."""

    def __init__(
        self, connection_id: int, bc_side: Callable[[str], Side], local_currency: Callable[[], Any] | None = None
    ) -> None:
        self.connection_id = connection_id
        self.bc_side = bc_side
        self.local_currency = local_currency  # the Dataverse id of BC's LCY currency, for blank currency codes
        self.cache: dict[tuple[str, PassDirection, Any], tuple[bool, Any]] = {}
        self.fetched: dict[LookupRule, dict[str, Candidates]] = {}  # BC's answers asked ahead, until prepare takes them
        self.coupled: dict[LookupRule, bool] = {}  # whether a code look-up's table has couplings, once seen to

    def resolve(self, rule: FieldRule, value: Any, direction: PassDirection) -> tuple[bool, Any]:
        to_dataverse = direction == PassDirection.TO_INTEGRATION
        if rule.lookup.dataverse_table == CURRENCY_TABLE and self.local_currency is not None:
            if to_dataverse and value in (None, ""):
                return True, self.local_currency()
            if not to_dataverse and value not in (None, "") and _as_uuid(value) == self.local_currency():
                return True, ""
        if value in (None, ""):
            return True, None if to_dataverse else ""
        return self.cache.get((rule.lookup, direction, str(value)), NOT_COUPLED)

    def _wanted(
        self, rules: Iterable[FieldRule], records: list[SourceRecord], direction: PassDirection
    ) -> list[tuple[FieldRule, set[str]]]:
        wanted = []
        for rule in rules:
            if rule.lookup is None or rule.constant is not None:
                continue
            field = rule.source_field(direction)
            keys = (rule.lookup.key(r.values, r.values.get(field), direction) for r in records)
            wanted.append((rule, {str(k) for k in keys if k not in (None, "")}))
        return wanted

    def prepare(self, rules: Iterable[FieldRule], records: list[SourceRecord], direction: PassDirection) -> None:
        wanted = self._wanted(rules, records, direction)
        if len(self.cache) > CACHE_LIMIT:
            self._keep_only(direction, {(rule.lookup, direction, v) for rule, values in wanted for v in values})
        for rule, values in wanted:
            missing = [v for v in values if (rule.lookup, direction, v) not in self.cache]
            if missing:
                for value, answer in self._resolve(rule, missing, direction).items():
                    self.cache[(rule.lookup, direction, value)] = answer
            fetched = self.fetched.get(rule.lookup)
            if fetched:  # taken, or answered from the cache: the page no longer needs them
                for value in values:
                    fetched.pop(value, None)

    def prefetch(self, rules: Iterable[FieldRule], records: Iterable[SourceRecord], direction: PassDirection) -> None:
        """Ask BC now what ``prepare`` will ask it for these records (values not answered yet), on a helper thread:
        requests only, never the database. ``records`` is not read when no look-up is asked ahead."""
        if direction != PassDirection.TO_INTEGRATION:
            return
        asked = [r for r in rules if r.lookup is not None and r.constant is None and self._asked_ahead(r.lookup)]
        if not asked:
            return
        for rule, values in self._wanted(asked, list(records), direction):
            fetched = self.fetched.setdefault(rule.lookup, {})
            missing = [v for v in values if (rule.lookup, direction, v) not in self.cache and v not in fetched]
            if missing:
                fetched.update(self._bc_question(rule)(missing))

    def _asked_ahead(self, lookup: LookupRule) -> bool:
        """Companies and units always; codes once their table is known to have couplings (which takes the database,
        so ``prepare`` finds it out); a look-up by SystemId asks BC nothing."""
        if lookup.through_business_relation or lookup.depends_on_record:
            return True
        return bool(lookup.bc_key) and self.coupled.get(lookup, False)

    def _keep_only(self, direction: PassDirection, needed: set) -> None:
        """Drop this direction's answers the page does not need; the other direction's may serve the same page."""
        self.cache = {key: answer for key, answer in self.cache.items() if key[1] != direction or key in needed}

    def prepare_current(
        self, rules: Iterable[FieldRule], counterparts: list[SourceRecord], direction: PassDirection
    ) -> None:
        """Whether the related records named by the BC fields a blank must not clear are coupled (From passes)."""
        if direction == PassDirection.FROM_INTEGRATION:
            kept = [r for r in rules if r.lookup is not None and r.bc_field in KEPT_WHEN_BLANKED]
            self.prepare(kept, counterparts, PassDirection.TO_INTEGRATION)

    def _resolve(self, rule: FieldRule, values: list[str], direction: PassDirection) -> dict[str, tuple[bool, Any]]:
        to_dataverse = direction == PassDirection.TO_INTEGRATION
        if rule.lookup.through_business_relation and to_dataverse:
            resolved = self._coupled(self._answers(rule, values), self._where_company)
        elif rule.lookup.through_business_relation:
            resolved = self._company_to_bc(values)
        elif to_dataverse and rule.lookup.depends_on_record:
            where = partial(self._where_tables, dataverse_table=rule.lookup.dataverse_table)
            resolved = self._coupled(self._answers(rule, values), where)
        else:
            resolved = self._to_dataverse(rule, values) if to_dataverse else self._to_bc(rule, values)
        return {value: resolved.get(value, NOT_COUPLED) for value in values}

    def _bc_question(self, rule: FieldRule) -> Callable[[list[str]], dict[str, Candidates]]:
        """What BC is asked for a look-up's values to Dataverse (by company, by the record's own item, or by code)."""
        lookup = rule.lookup
        if lookup.through_business_relation:
            return self._companies_in_bc
        if lookup.depends_on_record:
            return partial(self._record_keys_in_bc, lookup)
        return partial(self._codes_in_bc, lookup)

    def _answers(self, rule: FieldRule, values: list[str]) -> dict[str, Candidates]:
        """BC's answers for ``values``: those asked ahead by ``prefetch``, the others asked now."""
        fetched = self.fetched.get(rule.lookup, {})
        answers = {value: fetched[value] for value in values if value in fetched}
        rest = [value for value in values if value not in answers]
        if rest:
            answers.update(self._bc_question(rule)(rest))
        return answers

    def _coupled(self, answers: dict[str, Candidates], where: Callable[[str], dict]) -> dict[str, tuple[bool, Any]]:
        """Value → (True, Dataverse id) through the couplings of BC's answers; of several candidates the last
        coupled one."""
        ids: dict[str, set] = defaultdict(set)
        for candidates in answers.values():
            for table, bc_id in candidates:
                ids[table].add(bc_id)
        coupled = {
            table: coupled_counterparts(where(table), "bc_system_id", found, "dataverse_id")
            for table, found in ids.items()
        }
        resolved = {}
        for value, candidates in answers.items():
            for table, bc_id in candidates:
                if bc_id in coupled[table]:
                    resolved[value] = (True, coupled[table][bc_id])
        return resolved

    def _where_company(self, bc_table: str) -> dict[str, object]:
        """The couplings of a company's customer or vendor (to whatever account, skipped or not)."""
        return {"connection_id": self.connection_id, "bc_table": bc_table, "pending": ""}

    def _where_tables(self, bc_table: str, dataverse_table: str) -> dict[str, object]:
        """The couplings a look-up may use: of the two tables, neither pending nor skipped."""
        return {
            "connection_id": self.connection_id,
            "bc_table": bc_table,
            "dataverse_table": dataverse_table,
            "pending": "",
            "skipped": False,
        }

    def _where(self, rule: FieldRule) -> dict[str, object]:
        return self._where_tables(rule.lookup.bc_table, rule.lookup.dataverse_table)

    def _couplings(self, rule: FieldRule):
        return Coupling.objects.filter(**self._where(rule))

    def _to_dataverse(self, rule: FieldRule, values: list[str]) -> dict[str, tuple[bool, Any]]:
        lookup = rule.lookup
        if not lookup.bc_key:
            ids = {v: u for v in values if (u := _as_uuid(v))}
            coupled = coupled_counterparts(self._where(rule), "bc_system_id", ids.values(), "dataverse_id")
            return {value: (True, coupled[bc_id]) for value, bc_id in ids.items() if bc_id in coupled}
        if not self.coupled.get(lookup):
            self.coupled[lookup] = self._couplings(rule).exists()
        if not self.coupled[lookup]:
            return {}  # nothing of that table is coupled yet: no need to ask BC which records the codes name
        return self._coupled(self._answers(rule, values), lambda table: self._where(rule))

    def _codes_in_bc(self, lookup: LookupRule, values: list[str]) -> dict[str, Candidates]:
        ids = {str(k): i for k, i in self.bc_side(lookup.bc_table).ids_by_key(lookup.bc_key, values).items()}
        return {value: ((lookup.bc_table, ids[value]),) if value in ids else () for value in values}

    def _record_keys_in_bc(self, lookup: LookupRule, keys: list[str]) -> dict[str, Candidates]:
        """Keys made by ``LookupRule.key``: per related table, the records (of their owners)."""
        by_table: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for key in keys:
            table, owner, value = key.split(KEY_SEPARATOR)
            if table:
                by_table[table].append((owner, value, key))
        found = dict.fromkeys(keys, ())
        for table, wanted in by_table.items():
            found.update((key, ((table, bc_id),)) for key, bc_id in self._related_ids(table, lookup, wanted).items())
        return found

    def _related_ids(self, table: str, lookup: LookupRule, wanted: list[tuple[str, str, str]]) -> dict[str, Any]:
        """Key → SystemId of the related record: by the owner's No. and the code, or by the code alone."""
        side = self.bc_side(table)
        if lookup.owner_field:
            owner_field = UNIT_SOURCES[table][1]
            owners = sorted({owner for owner, _, _ in wanted})
            records = side.matching(owner_field, owners, select=[owner_field, lookup.bc_key])
            found = {(r.values.get(owner_field), r.values.get(lookup.bc_key)): r.record_id for r in records}
            return {key: found[(owner, value)] for owner, value, key in wanted if (owner, value) in found}
        found = side.ids_by_key(lookup.bc_key, sorted({value for _, value, _ in wanted}))
        return {key: found[value] for _, value, key in wanted if value in found}

    def _to_bc(self, rule: FieldRule, values: list[str]) -> dict[str, tuple[bool, Any]]:
        lookup = rule.lookup
        ids = {v: u for v in values if (u := _as_uuid(v))}
        coupled = coupled_counterparts(self._where(rule), "dataverse_id", ids.values(), "bc_system_id")
        keys = self.bc_side(lookup.bc_table).keys_by_id(lookup.bc_key, list(coupled.values())) if lookup.bc_key else {}
        answers = {}
        for value, dataverse_id in ids.items():
            bc_id = coupled.get(dataverse_id)
            if bc_id is not None and (not lookup.bc_key or bc_id in keys):
                answers[value] = (True, keys[bc_id] if lookup.bc_key else bc_id)
        return answers

    def _companies_in_bc(self, companies: list[str]) -> dict[str, Candidates]:
        """Company contact No. → its customers and vendors (business relations), in the relations' order."""
        related: dict[str, dict[str, str]] = defaultdict(dict)  # Link to Table → {customer/vendor No.: company No.}
        relations = self.bc_side(RELATION_TABLE).matching("Contact No.", companies, select=RELATION_FIELDS)
        for relation in relations:
            if relation.values.get("Link to Table") in BUSINESS_RELATION_TABLES:
                related[relation.values["Link to Table"]][relation.values.get("No.")] = relation.values["Contact No."]
        found: dict[str, Candidates] = dict.fromkeys(companies, ())
        for table, companies_by_no in related.items():
            for number, bc_id in self.bc_side(table).ids_by_key("No.", list(companies_by_no)).items():
                company = companies_by_no[number]
                found[company] = (*found[company], (table, bc_id))
        return found

    def _company_to_bc(self, accounts: list[str]) -> dict[str, tuple[bool, Any]]:
        """Account → the customer or vendor coupled to it → the company contact related to that record."""
        ids = {u: v for v in accounts if (u := _as_uuid(v))}
        rows = Coupling.objects.filter(
            connection_id=self.connection_id,
            bc_table__in=BUSINESS_RELATION_TABLES,
            dataverse_id__in=list(ids),
            bc_system_id__isnull=False,
            pending="",
        ).values_list("bc_table", "bc_system_id", "dataverse_id")
        rows = list(rows)
        answers = {}
        for table in BUSINESS_RELATION_TABLES:
            coupled = {bc_id: dv_id for t, bc_id, dv_id in rows if t == table}
            numbers = self.bc_side(table).keys_by_id("No.", list(coupled)) if coupled else {}
            if not numbers:
                continue
            link = odata.eq("Link to Table", table)
            companies = {
                r.values.get("No."): r.values["Contact No."]
                for r in self.bc_side(RELATION_TABLE).matching("No.", list(numbers.values()), link, RELATION_FIELDS)
            }
            for bc_id, number in numbers.items():
                if number in companies:
                    answers[ids[coupled[bc_id]]] = (True, companies[number])
        return answers
