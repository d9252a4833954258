"""Unit prices that include VAT, converted for a BC sales order created from Sales (sales_flows §1.6).

An item whose price includes VAT has its VAT-inclusive price in Sales too (ITEM-PRODUCT sends Unit Price). When the
order line's VAT business posting group (the customer's) is the item's "VAT Bus. Posting Gr. (Price)" and a VAT
posting setup exists for it and the item's VAT product posting group, BC divides the Sales price by 1 + VAT % and
rounds it to the General Ledger Setup's Unit-Amount Rounding Precision. Only legacy order creation does this:
quotes and bidirectional synchronization keep the Sales price as it is.
"""

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from connection_setup.clients import odata
from mappings.flows.base import FlowRun
from mappings.flows.bc_documents import DocumentPlan

__all__ = ["DEFAULT_PRECISION", "bc_round", "net_unit_prices"]

DEFAULT_PRECISION = Decimal("0.00001")  # BC's initial Unit-Amount Rounding Precision


def bc_round(value: Decimal, precision: Decimal) -> Decimal:
    """BC's ROUND(value, precision): to the nearest multiple of the precision, halves away from zero."""
    return (value / precision).quantize(Decimal(1), rounding=ROUND_HALF_UP) * precision


def _first(run: FlowRun, table: str, where=None) -> dict:
    rows = [row for page in run.bc.iter_pages(table, filter=where) for row in page]
    return rows[0] if rows else {}


def _rate(run: FlowRun, business: str, product: str) -> Decimal | None:
    where = odata.eq("VAT Bus. Posting Group", business) & odata.eq("VAT Prod. Posting Group", product)
    setup = _first(run, "VAT Posting Setup", where)
    return Decimal(str(setup.get("VAT %") or 0)) if setup else None


def net_unit_prices(run: FlowRun, plan: DocumentPlan) -> DocumentPlan:
    """The plan with the Sales prices of VAT-inclusive items converted to BC's prices excluding VAT."""
    if not any(product.vat_price_groups for _, product in plan.lines):
        return plan
    customer = _first(run, "Customer", odata.eq("No.", plan.header["Sell-to Customer No."]))
    business = customer.get("VAT Bus. Posting Group") or ""
    precision = Decimal(str(_first(run, "General Ledger Setup").get("Unit-Amount Rounding Precision") or 0))
    precision = precision or DEFAULT_PRECISION
    rates: dict[tuple[str, str], Decimal | None] = {}
    lines = []
    for line, product in plan.lines:
        groups = product.vat_price_groups
        if groups and groups[0] == business:
            if groups not in rates:
                rates[groups] = _rate(run, *groups)
            if rates[groups] is not None:
                gross = Decimal(str(line.get("priceperunit") or 0))
                net = bc_round(gross / (1 + rates[groups] / 100), precision)
                line = line | {"priceperunit": float(net)}
        lines.append((line, product))
    return replace(plan, lines=lines)
