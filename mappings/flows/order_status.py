"""What BC writes back to Sales when a coupled order leaves BC (sales_flows §1.8, §2.7).

BC reacts to the deletion of a coupled order in its own triggers; we see it as a coupling whose BC order is gone.
Legacy mode: a fully posted order (a posted invoice carries the order's Your Reference) sets the Sales order
Invoiced and drops the coupling; an order a user deleted reopens the Sales order (Active, Pending, stamp
cleared) so that it can be submitted and created again. Bidirectional mode keeps the coupling and flags it
archived, for the archived-orders job. The legacy job also posts on the Sales order's activity feed when its BC
order is released, shipped or invoiced (``posts.py``).
"""

import uuid

from connection_setup.clients import odata
from connection_setup.models import Connection
from mappings.flows.base import FlowResult, FlowRun, RecordRef
from mappings.flows.couplings import order_couplings
from mappings.flows.dataverse_rows import (
    ORDER_ACTIVE,
    ORDER_INVOICED,
    ORDER_PENDING,
    ORDER_STATUS_INVOICED,
    rows_by_id,
    set_state,
)
from mappings.flows.posts import post_order_events
from mappings.models import Coupling

__all__ = ["ORDER_STATUS_JOB", "flag_archived_orders", "missing_order_couplings", "update_order_status"]

ORDER_STATUS_JOB = "ORDER-STATUS"
ID_CHUNK = 100


def missing_order_couplings(run: FlowRun) -> list[Coupling]:
    """Couplings of sales orders whose BC sales header no longer exists."""
    couplings = list(order_couplings(run.connection))
    present: set[uuid.UUID] = set()
    for start in range(0, len(couplings), ID_CHUNK):
        ids = [c.bc_system_id for c in couplings[start : start + ID_CHUNK]]
        for page in run.bc.iter_pages("Sales Header", filter=odata.in_("id", ids), select=["No."]):
            present |= {uuid.UUID(row["id"]) for row in page}
    return [c for c in couplings if c.bc_system_id not in present]


def _posted_invoice(run: FlowRun, order: dict) -> dict | None:
    reference = (order.get("ordernumber") or "")[:35]
    where = odata.eq("Your Reference", reference)
    found = (
        [row for page in run.bc.iter_pages("Sales Invoice Header", filter=where) for row in page] if reference else []
    )
    return found[-1] if found else None


def _order_left_bc(run: FlowRun, coupling: Coupling, order: dict | None) -> None:
    if order is not None and _posted_invoice(run, order):
        if order.get("statecode") != ORDER_INVOICED:
            set_state(run.dataverse, "salesorder", coupling.dataverse_id, ORDER_INVOICED, ORDER_STATUS_INVOICED)
        run.count(modified=1)
    elif order is not None:
        set_state(run.dataverse, "salesorder", coupling.dataverse_id, ORDER_ACTIVE, ORDER_PENDING)
        run.dataverse.update("salesorder", coupling.dataverse_id, {"lastbackofficesubmit": None})
        run.count(modified=1)
    coupling.delete()
    run.count(uncoupled=1)


def update_order_status(connection: Connection) -> FlowResult:
    """The CRM Order Status Update Job (legacy mode): posted or deleted BC orders are reflected in Sales."""
    with FlowRun(connection, ORDER_STATUS_JOB, mapping_name="SALESORDER-ORDER") as run:
        post_order_events(run)
        missing = missing_order_couplings(run)
        orders = rows_by_id(run.dataverse, "salesorder", [c.dataverse_id for c in missing])
        for coupling in missing:
            ref = RecordRef("Sales Header", coupling.bc_system_id, "salesorder", coupling.dataverse_id)
            run.guarded(ref, _order_left_bc, run, coupling, orders.get(coupling.dataverse_id))
    return run.result


def flag_archived_orders(run: FlowRun) -> int:
    """Bidirectional mode: a coupled order that left BC keeps its coupling, flagged for the archived-orders job."""
    ids = [c.pk for c in missing_order_couplings(run)]
    return Coupling.objects.filter(pk__in=ids).update(archived_sales_order=True)
