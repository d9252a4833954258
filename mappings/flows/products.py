"""Product rules on top of ITEM-PRODUCT and RESOURCE-PRODUCT, and the default price list (sales_flows §8.1-§8.3).

After the mappings have written their fields, the coupled products whose item, resource or product changed since
the last run get what BC's table subscribers add: their type (Sales Inventory for items, Services for resources),
the default price list with one item per unit of their unit group, the local currency, no negative price or
quantity on hand, and their state: Retired when the item or resource is blocked, else Active. The type, price list
and currency already come with the mapping's own write (``product_columns``); they are checked here all the same,
for products written before that or changed in Sales since. The write-in item or resource of Sales & Receivables
Setup is never a product.
"""

import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Q

from connection_setup.clients import odata
from connection_setup.clients.batch import OperationResult, chunks
from connection_setup.models import Connection
from mappings.flows.base import FlowOptions, FlowResult, FlowRun, RecordRef, last_success
from mappings.flows.dataverse_rows import bind, lookup, rows_by_id
from mappings.flows.price_lists import (
    DEFAULT_PRICE_LIST,
    default_price_list,
    existing_items,
    local_currency,
    price_list_item_writes,
    units_of,
)
from mappings.flows.product_columns import PRODUCT_TYPES
from mappings.flows.sales_setup import write_in_number
from mappings.models import Coupling

__all__ = ["DEFAULT_PRICE_LIST", "PRODUCT_RULES_JOB", "apply_product_rules", "product_changes"]

PRODUCT_RULES_JOB = "PRODUCT-RULES"
ACTIVE, RETIRED = (0, 1), (1, 2)
# Products held at once, with one chunk read ahead and one being written; a full run holds every No. and Blocked,
# and one page of products.
RULES_CHUNK = 2000
# What the rules read: of the item or resource, its number and whether it is blocked; of the product, what
# product_changes compares and what the default price list's items are made from.
RECORD_FIELDS = ("No.", "Blocked")
PRODUCT_COLUMNS = (
    "producttypecode",
    "statecode",
    "statuscode",
    "price",
    "quantityonhand",
    "_pricelevelid_value",
    "_transactioncurrencyid_value",
    "_defaultuomscheduleid_value",
)


def product_changes(record: dict, kind: str, product: dict, price_list: uuid.UUID, currency: uuid.UUID) -> dict:
    """The columns BC's rules set on a coupled product, only where they differ from the row."""
    state, status = RETIRED if record.get("Blocked") else ACTIVE
    wanted = {
        "producttypecode": PRODUCT_TYPES[kind],
        "statecode": state,
        "statuscode": status,
        "price": max(product.get("price") or 0, 0),
        "quantityonhand": max(product.get("quantityonhand") or 0, 0),
    }
    changes = {k: v for k, v in wanted.items() if product.get(k) != v}
    if lookup(product, "pricelevelid") != price_list:
        changes |= bind("pricelevelid", "pricelevel", price_list)
    if lookup(product, "transactioncurrencyid") != currency:
        changes |= bind("transactioncurrencyid", "transactioncurrency", currency)
    return changes


class CoupledProduct(NamedTuple):
    """What the rules read of a coupling: a full run holds one per product, so not the model instance (a tenth of
    the cost to load)."""

    bc_table: str
    bc_system_id: uuid.UUID
    dataverse_id: uuid.UUID


def _records(run: FlowRun, kind: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict]:
    """Items or resources by SystemId."""
    return {uuid.UUID(row["id"]): row for row in run.bc.rows_matching(kind, "id", ids, select=RECORD_FIELDS)}


def _every_record(run: FlowRun, couplings: list[CoupledProduct]) -> dict[str, dict[uuid.UUID, dict]]:
    """The coupled items and resources of a run that covers them all, read whole in BC's largest pages: by id,
    they would cost a request per hundred."""
    wanted = {kind: {c.bc_system_id for c in couplings if c.bc_table == kind} for kind in PRODUCT_TYPES}
    records: dict[str, dict[uuid.UUID, dict]] = {kind: {} for kind in PRODUCT_TYPES}
    for kind, ids in wanted.items():
        if not ids:
            continue
        for page in run.bc.iter_pages(kind, select=RECORD_FIELDS):
            for row in page:
                if (key := uuid.UUID(row["id"])) in ids:  # the fields only: held for the whole run
                    records[kind][key] = {name: row.get(name) for name in RECORD_FIELDS}
    return records


def _due(run: FlowRun, since) -> list[CoupledProduct]:
    """Couplings whose record or product changed since the last run (a blocked item leaves the mapping's filter,
    so its change is read here), all of them on a first or full run."""
    couplings = Coupling.objects.filter(
        connection=run.connection, bc_table__in=PRODUCT_TYPES, dataverse_table="product", skipped=False, pending=""
    )
    if since is None or run.options.full:
        return _coupled(couplings)
    changed = set()
    for kind in PRODUCT_TYPES:
        for page in run.bc.iter_pages(kind, filter=odata.gt("lastModifiedDateTime", since), select=["No."]):
            changed |= {uuid.UUID(row["id"]) for row in page}
    stamps = Q(bc_modified_on__gt=since) | Q(dataverse_modified_on__gt=since) | Q(bc_system_id__in=changed)
    return _coupled(couplings.filter(stamps))


def _coupled(couplings) -> list[CoupledProduct]:
    return [CoupledProduct(*row) for row in couplings.values_list("bc_table", "bc_system_id", "dataverse_id")]


@dataclass
class _Read:
    """What the rules of one chunk of couplings read: requests only, so that the next chunk is read while this
    chunk's writes are in flight."""

    records: dict[str, dict[uuid.UUID, dict]]  # items and resources by SystemId, per BC table
    rows: dict[uuid.UUID, dict]  # their products by id
    units: dict[uuid.UUID, list[dict]]  # the units of the products' unit groups


def _read(run: FlowRun, couplings: list[CoupledProduct]) -> _Read:
    """A chunk of couplings read by id: their items or resources, products and units."""
    records = {
        kind: _records(run, kind, [c.bc_system_id for c in couplings if c.bc_table == kind]) for kind in PRODUCT_TYPES
    }
    rows = rows_by_id(run.dataverse, "product", [c.dataverse_id for c in couplings], select=PRODUCT_COLUMNS)
    return _Read(records, rows, units_of(run, rows.values()))


def _reads_by_id(run: FlowRun, couplings: list[CoupledProduct]) -> Iterator[tuple[list[CoupledProduct], _Read]]:
    """The couplings that changed, a chunk at a time."""
    for chunk in chunks(couplings, RULES_CHUNK):
        part = list(chunk)
        yield part, _read(run, part)


def _reads_of_every_product(
    run: FlowRun, couplings: list[CoupledProduct], every: dict[str, dict[uuid.UUID, dict]]
) -> Iterator[tuple[list[CoupledProduct], _Read]]:
    """A run that covers every coupled product reads the products in Dataverse's largest pages, as it reads the
    items and resources: by id, a request per 400 cost Sales three times as much per row. The couplings whose
    product no longer exists come last, with no row, and fail."""
    by_row = {c.dataverse_id: c for c in couplings}
    for page in run.dataverse.iter_pages("product", select=PRODUCT_COLUMNS):
        rows = {key: row for row in page if (key := uuid.UUID(row["productid"])) in by_row}
        for ids in chunks(list(rows), RULES_CHUNK):
            part_rows = {key: rows[key] for key in ids}
            yield [by_row.pop(key) for key in ids], _Read(every, part_rows, units_of(run, part_rows.values()))
    if by_row:
        yield list(by_row.values()), _Read(every, {}, {})


def _rule_writes(
    run: FlowRun, couplings: list[CoupledProduct], read: _Read, price_list, currency
) -> tuple[list[tuple[uuid.UUID, dict]], list]:
    records, rows = read.records, read.rows
    write_in = write_in_number(run)
    writes, refs = [], []
    for coupling in couplings:
        record, product = records[coupling.bc_table].get(coupling.bc_system_id), rows.get(coupling.dataverse_id)
        ref = RecordRef(coupling.bc_table, coupling.bc_system_id, "product", coupling.dataverse_id)
        if record is None or product is None:
            run.fail(f"The coupled {coupling.bc_table.lower()} or its product no longer exists.", ref)
        elif (coupling.bc_table, record["No."]) == write_in:
            run.fail(f"{record['No.']} is the write-in product and is never synchronized with a product.", ref)
        elif changes := product_changes(record, coupling.bc_table, product, price_list, currency):
            writes.append((coupling.dataverse_id, changes))
            refs.append(ref)
        else:
            run.count(unchanged=1)
    return writes, refs


def apply_product_rules(connection: Connection, *, options: FlowOptions | None = None) -> FlowResult:
    """Run the rules over the coupled items and resources that changed; a failed product is logged with both ids."""
    since = last_success(connection, PRODUCT_RULES_JOB)
    with FlowRun(connection, PRODUCT_RULES_JOB, mapping_name="ITEM-PRODUCT", options=options) as run:
        couplings = _due(run, since)
        if not couplings:
            return run.result
        currency = local_currency(run)
        price_list = default_price_list(run, currency)
        existing = existing_items(run, price_list, [c.dataverse_id for c in couplings])
        every = _every_record(run, couplings) if since is None or run.options.full else None
        added = 0
        reads = _reads_by_id(run, couplings) if every is None else _reads_of_every_product(run, couplings, every)
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="product-rules") as reader,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="product-writes") as writer,
        ):
            in_flight: tuple[list[RecordRef], Future] | None = None
            upcoming = reader.submit(next, reads, None)
            while (chunk := upcoming.result()) is not None:
                upcoming = reader.submit(next, reads, None)
                part, read = chunk
                writes, refs = _rule_writes(run, part, read, price_list, currency)
                items = price_list_item_writes(price_list, read.rows, existing, read.units)
                sent = writer.submit(_send, run, writes, items)
                if in_flight is not None:
                    added += _settle(run, *in_flight)
                in_flight = (refs, sent)
            if in_flight is not None:
                added += _settle(run, *in_flight)
        run.note(f"{added} price list item(s) added to the default price list.")
    return run.result


def _send(
    run: FlowRun, writes: list[tuple[uuid.UUID, dict]], items: list[tuple[uuid.UUID, dict]]
) -> tuple[list[OperationResult], list[OperationResult]]:
    """A chunk's product changes, then its price list items: requests only, so that they are in flight while the
    next chunk's rules are worked out."""
    changed = run.dataverse.update_rows("product", writes, stamps=False)
    return changed, run.dataverse.upsert_rows("productpricelevel", items, stamps=False)


def _settle(run: FlowRun, refs: list[RecordRef], sent: Future) -> int:
    """Count a chunk's product changes (a failure logged with both ids); the number of price list items added."""
    changed, items = sent.result()
    for ref, result in zip(refs, changed, strict=True):
        run.count(modified=1) if result.ok else run.fail(result.error.message, ref)
    return sum(result.ok for result in items)
