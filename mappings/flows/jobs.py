"""The codeunit job queue entries and the flow each one runs, keyed by the codes of
``connection_setup.services.jobs``; the job runner dispatches an entry without a mapping through this table.

``MAPPING_FLOWS`` and ``AFTER_MAPPING`` are what the engine's runs hand over to the flows (``dispatch.py``).
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
from mappings.flows.base import FlowOptions, FlowResult
from mappings.flows.bidirectional_orders import synchronize_sales_orders
from mappings.flows.item_availability import synchronize_item_availability
from mappings.flows.legacy_orders import auto_create_sales_orders
from mappings.flows.legacy_push import push_legacy_orders
from mappings.flows.notes import synchronize_notes
from mappings.flows.order_status import update_order_status
from mappings.flows.posted_invoices import synchronize_posted_invoices
from mappings.flows.products import apply_product_rules
from mappings.flows.quotes import process_sales_quotes
from mappings.flows.statistics import run_statistics_job
from mappings.flows.unit_groups import UPGRADE_ENTRY, run_unit_group_upgrade

__all__ = ["AFTER_MAPPING", "CARRIED_BY_PARENT", "JOB_HANDLERS", "MAPPING_FLOWS", "run_job"]

JOB_HANDLERS: dict[str, Callable[[Connection], FlowResult]] = {
    ITEM_AVAILABILITY.code: synchronize_item_availability,
    ORDER_STATUS.code: update_order_status,
    NOTES.code: synchronize_notes,
    ARCHIVED_ORDERS.code: update_archived_orders,
    AUTO_CREATE.code: auto_create_sales_orders,
    AUTO_PROCESS.code: process_sales_quotes,
    STATISTICS.code: run_statistics_job,
    UPGRADE_ENTRY: run_unit_group_upgrade,
}


def run_job(connection: Connection, code: str) -> FlowResult:
    """Run the flow of a codeunit job queue entry; ``KeyError`` names an unknown code."""
    try:
        handler = JOB_HANDLERS[code]
    except KeyError:
        raise KeyError(f"No flow runs the job queue entry {code!r}.") from None
    return handler(connection)


def _sales_orders(connection: Connection, options: FlowOptions, directions) -> list[FlowResult]:
    """SALESORDER-ORDER: the bidirectional flow, or the legacy one-way push of released orders."""
    if connection.bidirectional_sales_order_integration:
        return synchronize_sales_orders(connection, options=options, directions=directions)
    return push_legacy_orders(connection, options=options)


def _posted_invoices(connection: Connection, options: FlowOptions, directions) -> list[FlowResult]:
    return synchronize_posted_invoices(connection, options=options)


def _product_rules(connection: Connection, options: FlowOptions) -> FlowResult:
    return apply_product_rules(connection, options=options)


# Mappings whose run is a flow (orders and posted invoices with their lines), the line mappings those flows carry,
# and the flows that follow a mapping's own run (product rules after ITEM-PRODUCT and RESOURCE-PRODUCT).
MAPPING_FLOWS: dict[str, Callable[[Connection, FlowOptions, tuple], list[FlowResult]]] = {
    "SALESORDER-ORDER": _sales_orders,
    "POSTEDSALESINV-INV": _posted_invoices,
}
CARRIED_BY_PARENT = frozenset({"SOLINE-ORDERDETAIL", "POSTEDSALESLINE-INV"})
AFTER_MAPPING: dict[str, Callable[[Connection, FlowOptions], FlowResult]] = {
    "ITEM-PRODUCT": _product_rules,
    "RESOURCE-PRODUCT": _product_rules,
}
