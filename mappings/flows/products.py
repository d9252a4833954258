"""Product rules on top of ITEM-PRODUCT and RESOURCE-PRODUCT, and the default price list (sales_flows §8.1-§8.3).

After the mappings have written their fields, every coupled product gets what BC's table subscribers add: its
type (Sales Inventory for items, Services for resources), the default price list and a price list item, the
local currency, no negative price or quantity on hand, and its state: Retired when the item or resource is
blocked, else Active.
"""

import uuid

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.models import Connection
from mappings.flows.base import FlowError, FlowResult, FlowRun, RecordRef
from mappings.flows.dataverse_rows import bind, lookup, rows_by_id
from mappings.models import Coupling

__all__ = ["PRODUCT_RULES_JOB", "apply_product_rules", "default_price_list", "local_currency", "product_changes"]

PRODUCT_RULES_JOB = "PRODUCT-RULES"
DEFAULT_PRICE_LIST = "Business Central Default Price List"
PRODUCT_TYPES = {"Item": 1, "Resource": 3}
ACTIVE, RETIRED = (0, 1), (1, 2)


def local_currency(run: FlowRun) -> uuid.UUID:
    iso = run.connection.base_currency_code or ""
    rows = [
        r for p in run.dataverse.iter_pages("transactioncurrency", filter=odata.eq("isocurrencycode", iso)) for r in p
    ]
    if not rows:
        raise FlowError(
            f"Your local currency code {iso} does not match any ISO Currency Code in the Dataverse currency table."
        )
    return uuid.UUID(rows[0]["transactioncurrencyid"])


def default_price_list(run: FlowRun) -> uuid.UUID:
    """The default price list in the local currency, created with an id of our choosing when it is missing."""
    currency = local_currency(run)
    where = odata.eq("name", DEFAULT_PRICE_LIST)
    for page in run.dataverse.iter_pages("pricelevel", filter=where):
        for row in page:
            if lookup(row, "transactioncurrencyid") == currency:
                return uuid.UUID(row["pricelevelid"])
    name = DEFAULT_PRICE_LIST if not any(run.dataverse.iter_pages("pricelevel", filter=where)) else None
    name = name or f"Business Central {run.connection.base_currency_code} Default Price List"
    list_id = uuid.uuid5(uuid.NAMESPACE_URL, f"bcsales/default-price-list/{run.connection.pk}/{name}")
    run.dataverse.upsert(
        "pricelevel", list_id, {"name": name} | bind("transactioncurrencyid", "transactioncurrency", currency)
    )
    return list_id


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


def _price_list_items(run: FlowRun, price_list: uuid.UUID, products: dict[uuid.UUID, dict]) -> list[Write]:
    """A price list item per product and default unit, with the product's price, where none exists yet."""
    where = odata.eq("_pricelevelid_value", price_list)
    existing = {
        (lookup(row, "productid"), lookup(row, "uomid"))
        for page in run.dataverse.iter_pages("productpricelevel", filter=where)
        for row in page
    }
    writes = []
    for product_id, product in products.items():
        unit = lookup(product, "defaultuomid")
        if unit and (product_id, unit) not in existing:
            body = {"amount": max(product.get("price") or 0, 0), "pricingmethodcode": 1}
            body |= bind("pricelevelid", "pricelevel", price_list) | bind("productid", "product", product_id)
            body |= bind("uomid", "uom", unit)
            writes.append(Write("upsert", "productpricelevel", str(uuid.uuid5(product_id, str(price_list))), body))
    return writes


def apply_product_rules(connection: Connection) -> FlowResult:
    """Run the rules over every coupled item and resource; a failed product is logged with both ids."""
    with FlowRun(connection, PRODUCT_RULES_JOB, mapping_name="ITEM-PRODUCT") as run:
        currency, price_list = local_currency(run), default_price_list(run)
        couplings = Coupling.objects.filter(
            connection=connection, bc_table__in=PRODUCT_TYPES, dataverse_table="product", skipped=False
        )
        rows = rows_by_id(run.dataverse, "product", [c.dataverse_id for c in couplings])
        writes, refs = [], []
        for coupling in couplings:
            product = rows.get(coupling.dataverse_id)
            record = run.guarded(
                RecordRef(coupling.bc_table, coupling.bc_system_id, "product", coupling.dataverse_id),
                run.bc.get,
                coupling.bc_table,
                coupling.bc_system_id,
            )
            if product is None or record is None:
                continue
            changes = product_changes(record, coupling.bc_table, product, price_list, currency)
            if changes:
                writes.append(Write("update", "product", str(coupling.dataverse_id), changes))
                refs.append(RecordRef(coupling.bc_table, coupling.bc_system_id, "product", coupling.dataverse_id))
            else:
                run.count(unchanged=1)
        for ref, result in zip(refs, run.dataverse.write_batch(writes), strict=True):
            run.count(modified=1) if result.ok else run.fail(result.error.message, ref)
        items = run.dataverse.write_batch(_price_list_items(run, price_list, rows))
        run.note(f"{sum(r.ok for r in items)} price list item(s) added to {DEFAULT_PRICE_LIST}.")
    return run.result
