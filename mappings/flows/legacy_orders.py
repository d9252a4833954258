"""Legacy sales order integration: submitted Dynamics 365 Sales orders become Open BC sales orders (§1).

"Create in Business Central" on the Sales Orders page and the Auto Create Sales Orders job both call
``create_sales_order``; after the BC order exists the Dataverse order is stamped (``lastbackofficesubmit``), which
takes it out of the submitted list. A failing order is logged with both ids and stays eligible.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.utils import timezone

from connection_setup.clients import odata
from connection_setup.clients.errors import NotFoundError
from connection_setup.models import Connection
from mappings.flows.base import FlowError, FlowResult, FlowRun, RecordRef
from mappings.flows.bc_documents import dataverse_lines, find_headers, plan_document, write_document
from mappings.flows.couplings import coupling_of_row
from mappings.flows.dataverse_rows import ORDER_SUBMITTED, lookup, writable
from mappings.flows.freight import freight_line
from mappings.flows.notes import copy_order_annotations
from mappings.flows.resolution import Resolver
from mappings.flows.vat_prices import net_unit_prices

__all__ = [
    "AUTO_CREATE_JOB",
    "CreateOutcome",
    "auto_create_sales_orders",
    "create_in_business_central",
    "create_sales_order",
    "submitted_orders",
]

AUTO_CREATE_JOB = "AUTO-CREATE-ORDERS"
ORDER_PREFIX = "The sales order cannot be created."
NEVER_SUBMITTED = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)


@dataclass
class CreateOutcome:
    """What "Create in Business Central" did: the BC order (new or already coupled) and a message for the user."""

    header: dict | None
    message: str
    created: bool = False


def eligible_filter() -> odata.Filter:
    """Submitted and never stamped by BC: the auto-create job's and the legacy page's filter (§1.1)."""
    stamp = odata.or_(odata.eq("lastbackofficesubmit", None), odata.eq("lastbackofficesubmit", NEVER_SUBMITTED))
    return odata.eq("statecode", ORDER_SUBMITTED) & stamp


def submitted_orders(run: FlowRun, *, eligible_only: bool) -> list[dict]:
    where = eligible_filter() if eligible_only else odata.eq("statecode", ORDER_SUBMITTED)
    return [row for page in run.dataverse.iter_pages("salesorder", filter=where) for row in page]


def _stamp(run: FlowRun, order: dict) -> None:
    """``lastbackofficesubmit`` = today, written around the submitted state (§1.4 step 7)."""
    if order.get("lastbackofficesubmit") and not str(order["lastbackofficesubmit"]).startswith("1900"):
        return
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    writable(run.dataverse, "salesorder", order, {"lastbackofficesubmit": today.isoformat()})


def _existing(run: FlowRun, order: dict) -> CreateOutcome | None:
    """The re-entry rules (§1.3): an order already coupled creates nothing."""
    coupling = coupling_of_row(run.connection, "Sales Header", "salesorder", order["salesorderid"])
    if coupling is None or coupling.bc_system_id is None:
        return None
    try:
        header = run.bc.get("Sales Header", coupling.bc_system_id)
    except NotFoundError:
        header = None
    if header is not None:
        _stamp(run, order)
        return CreateOutcome(
            header, f"This Dynamics 365 Sales order is already coupled to sales order {header['No.']}."
        )
    where = odata.eq("Your Reference", (order.get("ordernumber") or "")[:35])
    invoices = [row for page in run.bc.iter_pages("Sales Invoice Header", filter=where) for row in page]
    if invoices:
        return CreateOutcome(
            None,
            "This Dynamics 365 Sales order is already coupled, posted and turned into posted sales invoice "
            f"{invoices[-1]['No.']}.",
        )
    return CreateOutcome(None, "")


def _quote_of(run: FlowRun, resolver: Resolver, order: dict) -> dict | None:
    """The BC quote the order came from: the last one whose Your Reference is the Sales quote's number."""
    quote_id = lookup(order, "quoteid")
    quote = resolver.row("quote", quote_id) if quote_id else None
    if not quote or not quote.get("quotenumber"):
        return None
    found = find_headers(run.bc, "Quote", quote["quotenumber"][:35])
    return found[-1] if found else None


def create_sales_order(run: FlowRun, order: dict) -> CreateOutcome:
    """Create the Open BC order of one submitted Dataverse order (§1.4); FlowError says why it cannot."""
    if order.get("statecode") != ORDER_SUBMITTED:
        raise FlowError(
            f"{ORDER_PREFIX} The Dynamics 365 Sales sales order {order.get('ordernumber')} must be Submitted; "
            f"its status is {order.get('statecode')}."
        )
    existing = _existing(run, order)
    if existing is not None:
        return existing
    resolver = Resolver(run.connection, run.bc, run.dataverse, prefix=ORDER_PREFIX)
    label = f"sales order {order.get('ordernumber')}"
    lines = dataverse_lines(run.dataverse, "salesorder", order["salesorderid"])
    quote = _quote_of(run, resolver, order)
    plan = plan_document(
        resolver,
        order,
        lines,
        document_type="Order",
        label=label,
        write_in=run.sales_setup.write_in,
        quote_no=quote["No."] if quote else "",
        freight=freight_line(run.sales_setup, order, prefix=ORDER_PREFIX),
    )
    plan = net_unit_prices(run, plan)
    header, _ = write_document(run.connection, run.bc, plan, dataverse_table="salesorder", row_id=order["salesorderid"])
    if quote is not None:
        run.bc.bound_action("Sales Header", quote["id"], "archive")
    copy_order_annotations(run, header, order["salesorderid"])
    _stamp(run, order)
    run.count(inserted=1, coupled=1)
    return CreateOutcome(header, f"Sales order {header['No.']} was created in Business Central.", created=True)


def _ref(order: dict) -> RecordRef:
    return RecordRef("Sales Header", None, "salesorder", order.get("salesorderid"))


def create_in_business_central(connection: Connection, order_id: uuid.UUID, *, user=None) -> CreateOutcome:
    """The page action: one order, in the foreground; a failure is logged and its message returned."""
    with FlowRun(connection, "SALESORDER-ORDER", user=user) as run:
        rows = [
            r
            for p in run.dataverse.iter_pages("salesorder", filter=odata.eq("salesorderid", odata.guid(order_id)))
            for r in p
        ]
        if not rows:
            raise FlowError(f"The Dynamics 365 Sales sales order {order_id} does not exist.")
        try:
            return create_sales_order(run, rows[0])
        except FlowError as error:
            run.fail(str(error), _ref(rows[0]))
            return CreateOutcome(None, str(error))


def auto_create_sales_orders(connection: Connection) -> FlowResult:
    """The Auto Create Sales Orders job: every eligible order in its own attempt; failures stay eligible."""
    with FlowRun(connection, AUTO_CREATE_JOB, mapping_name="SALESORDER-ORDER") as run:
        if not connection.is_enabled:
            run.note("The Dynamics 365 Sales connection is not enabled; nothing was created.")
            return run.result
        for order in submitted_orders(run, eligible_only=True):
            outcome = run.guarded(_ref(order), create_sales_order, run, order)
            if outcome is not None and not outcome.created:
                run.count(unchanged=1)
    return run.result
