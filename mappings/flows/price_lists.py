"""Price lists BC keeps in Sales: the default list, the currency lists and their items (sales_flows §8.3, §2.5).

A product sold from BC must have a price list item on the document's price list: one item per unit of the
product's unit group, at the product's price times the unit's quantity. Lists and items get ids derived from
what they stand for, so a retry upserts the same rows.
"""

import uuid
from collections.abc import Iterable

from connection_setup.clients import odata
from mappings.engine.local_currency import stored_local_currency_code
from mappings.flows.base import FlowError, FlowRun
from mappings.flows.dataverse_rows import bind, lookup, rows_by_id, rows_matching, rows_where
from mappings.flows.order_lines import products_of
from mappings.flows.sales_setup import extended_pricing

__all__ = [
    "DEFAULT_PRICE_LIST",
    "default_price_list",
    "ensure_order_price_list",
    "ensure_price_list_items",
    "existing_items",
    "local_currency",
    "price_list_for_currency",
    "price_list_item_writes",
    "units_of",
]

DEFAULT_PRICE_LIST = "Business Central Default Price List"
ORDER_PRICE_LIST = "Business Central Order {number} Price List"  # extended price calculation (§2.5)
CURRENCY_AMOUNT = 1  # productpricelevel.pricingmethodcode
UNIT_COLUMNS = ("uomid", "quantity", "_uomscheduleid_value")  # what a price list item takes from a unit


def local_currency(run: FlowRun) -> uuid.UUID:
    iso = stored_local_currency_code(run.connection, run.bc)
    rows = list(rows_where(run.dataverse, "transactioncurrency", odata.eq("isocurrencycode", iso)))
    if not rows:
        raise FlowError(
            f"Your local currency code {iso} does not match any ISO Currency Code in the Dataverse currency table."
        )
    return uuid.UUID(rows[0]["transactioncurrencyid"])


def _named_list(run: FlowRun, names: list[str], currency: uuid.UUID) -> uuid.UUID:
    """The first list called ``names[0]`` in ``currency``; else created under the first name not taken."""
    taken = set()
    for name in names:
        for row in rows_where(run.dataverse, "pricelevel", odata.eq("name", name)):
            if lookup(row, "transactioncurrencyid") == currency:
                return uuid.UUID(row["pricelevelid"])
            taken.add(name)
    name = next((n for n in names if n not in taken), names[-1])
    list_id = uuid.uuid5(uuid.NAMESPACE_URL, f"bcsales/price-list/{run.connection.pk}/{name}/{currency}")
    body = {"name": name} | bind("transactioncurrencyid", "transactioncurrency", currency)
    run.dataverse.upsert("pricelevel", list_id, body)
    return list_id


def default_price_list(run: FlowRun, currency: uuid.UUID | None = None) -> uuid.UUID:
    """The default price list in the local currency (``currency``, when the caller has read it already);
    "<LCY> Default Price List" when the name is used elsewhere."""
    code = run.connection.base_currency_code
    names = [DEFAULT_PRICE_LIST, f"Business Central {code} Default Price List"]
    return _named_list(run, names, currency or local_currency(run))


def price_list_for_currency(run: FlowRun, code: str, currency: uuid.UUID) -> uuid.UUID:
    """LCY documents use the default list; a foreign currency uses "Price List in <CUR>" (§2.5, §4.3)."""
    if not code or code.upper() == (run.connection.base_currency_code or "").upper():
        return default_price_list(run)
    return _named_list(run, [f"Price List in {code}"], currency)


def existing_items(run: FlowRun, price_list: uuid.UUID, products: list[uuid.UUID]) -> set[tuple]:
    """(product, unit) of the list's items for these products: looked up by product when they fit in one request,
    else the whole list read once (a full run's thousands of products would cost a request per hundred)."""
    where = odata.eq("_pricelevelid_value", price_list)
    if len(products) <= run.dataverse.match_chunk:
        rows = rows_matching(run.dataverse, "productpricelevel", "_productid_value", products, where)
    else:
        rows = rows_where(run.dataverse, "productpricelevel", where)
    return {(lookup(r, "productid"), lookup(r, "uomid")) for r in rows}


def units_of(run: FlowRun, products: Iterable[dict]) -> dict[uuid.UUID, list[dict]]:
    """The units of the products' unit groups, by unit group: only the columns a price list item needs (a full
    run reads a unit for every product)."""
    groups = {lookup(p, "defaultuomscheduleid") for p in products} - {None}
    units: dict[uuid.UUID, list[dict]] = {}
    for unit in rows_matching(run.dataverse, "uom", "_uomscheduleid_value", groups, select=UNIT_COLUMNS):
        units.setdefault(lookup(unit, "uomscheduleid"), []).append(unit)
    return units


def ensure_price_list_items(run: FlowRun, price_list: uuid.UUID, product_ids) -> int:
    """One item per unit of each product's unit group where the list has none; the number of items added."""
    wanted = [p for p in dict.fromkeys(product_ids) if p]
    if not wanted:
        return 0
    products = rows_by_id(run.dataverse, "product", wanted)
    writes = price_list_item_writes(
        price_list, products, existing_items(run, price_list, wanted), units_of(run, products.values())
    )
    return sum(result.ok for result in run.dataverse.upsert_rows("productpricelevel", writes, stamps=False))


def price_list_item_writes(
    price_list: uuid.UUID, products: dict, existing: set, units: dict
) -> list[tuple[uuid.UUID, dict]]:
    """The price list items ``ensure_price_list_items`` adds (id and body), without sending them: one per unit of
    each product's unit group that the list lacks, at the product's price times the unit's quantity."""
    writes = []
    for product_id, product in products.items():
        for unit in units.get(lookup(product, "defaultuomscheduleid"), []):
            unit_id = uuid.UUID(unit["uomid"])
            if (product_id, unit_id) in existing:
                continue
            amount = round(max(product.get("price") or 0, 0) * (unit.get("quantity") or 1), 2)
            body = {"amount": amount, "pricingmethodcode": CURRENCY_AMOUNT} | bind("uomid", "uom", unit_id)
            body |= bind("pricelevelid", "pricelevel", price_list) | bind("productid", "product", product_id)
            writes.append((uuid.uuid5(product_id, f"{price_list}/{unit_id}"), body))
    return writes


def ensure_order_price_list(run: FlowRun, order: dict, header: dict, lines: list[dict]) -> dict:
    """The price list a Sales order from BC needs, with items for its products; the columns to set on it."""
    code = header.get("Currency Code") or ""
    changes = {}
    price_list = lookup(order, "pricelevelid")
    if price_list is None:
        currency = lookup(order, "transactioncurrencyid") or local_currency(run)
        if extended_pricing(run.connection):
            price_list = _named_list(run, [ORDER_PRICE_LIST.format(number=header["No."])], currency)
        else:
            price_list = price_list_for_currency(run, code, currency)
        changes = bind("pricelevelid", "pricelevel", price_list)
    ensure_price_list_items(run, price_list, products_of(run, lines).values())
    return changes
