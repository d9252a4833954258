"""The codeunit job queue entries and the flow each one runs, keyed by the codes of
``connection_setup.services.jobs``; the job runner dispatches an entry without a mapping through this table.

The write-in product of Sales & Receivables Setup is not served by the BC API, so the jobs run without one and
a write-in line fails with BC's "choose the default write-in product" message.
"""

from collections.abc import Callable

from connection_setup.models import Connection
from connection_setup.services.jobs import (
    ARCHIVED_ORDERS,
    AUTO_CREATE,
    AUTO_PROCESS,
    ITEM_AVAILABILITY,
    NOTES,
    ORDER_STATUS,
    STATISTICS,
)
from mappings.flows.archived_orders import update_archived_orders
from mappings.flows.base import FlowResult
from mappings.flows.item_availability import synchronize_item_availability
from mappings.flows.legacy_orders import auto_create_sales_orders
from mappings.flows.notes import synchronize_notes
from mappings.flows.order_status import update_order_status
from mappings.flows.quotes import process_sales_quotes
from mappings.flows.statistics import run_statistics_job

__all__ = ["AFTER_MAPPING", "JOB_HANDLERS", "MAPPING_FLOWS", "run_job"]

JOB_HANDLERS: dict[str, Callable[[Connection], FlowResult]] = {
    ITEM_AVAILABILITY.code: synchronize_item_availability,
    ORDER_STATUS.code: update_order_status,
    NOTES.code: synchronize_notes,
    ARCHIVED_ORDERS.code: update_archived_orders,
    AUTO_CREATE.code: auto_create_sales_orders,
    AUTO_PROCESS.code: process_sales_quotes,
    STATISTICS.code: run_statistics_job,
}


def run_job(connection: Connection, code: str) -> FlowResult:
    """Run the flow of a codeunit job queue entry; ``KeyError`` names an unknown code."""
    try:
        handler = JOB_HANDLERS[code]
    except KeyError:
        raise KeyError(f"No flow runs the job queue entry {code!r}.") from None
    return handler(connection)


def _bidirectional_orders(connection: Connection) -> FlowResult:
    from mappings.flows.bidirectional_orders import synchronize_sales_orders

    return synchronize_sales_orders(connection)


def _posted_invoices(connection: Connection) -> FlowResult:
    from mappings.flows.posted_invoices import synchronize_posted_invoices

    return synchronize_posted_invoices(connection)


def _product_rules(connection: Connection) -> FlowResult:
    from mappings.flows.products import apply_product_rules

    return apply_product_rules(connection)


# Mapping job queue entries whose run is a flow (bidirectional orders, posted invoices with their lines) and the
# flows that follow a mapping's own run (product rules after ITEM-PRODUCT and RESOURCE-PRODUCT).
MAPPING_FLOWS: dict[str, Callable[[Connection], FlowResult]] = {
    "SALESORDER-ORDER": _bidirectional_orders,
    "POSTEDSALESINV-INV": _posted_invoices,
}
AFTER_MAPPING: dict[str, Callable[[Connection], FlowResult]] = {
    "ITEM-PRODUCT": _product_rules,
    "RESOURCE-PRODUCT": _product_rules,
}
