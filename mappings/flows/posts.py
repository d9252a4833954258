"""Activity-feed posts on Sales orders, written by the CRM Order Status Update Job (sales_flows §7.2).

BC queues a post buffer row when an order is released, shipped or invoiced, and the job posts each one on the wall
of the coupled Sales order. We read the same events from BC's data: the order's Released status, its shipped
quantities and last shipment date, and the posted invoices whose Order No. is the order. Each post's id is derived
from its event, so an event is posted once however often the job runs, and a failed post is tried again next run.
"""

import uuid
from dataclasses import dataclass

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from mappings.flows.base import FlowRun, RecordRef
from mappings.flows.couplings import order_couplings
from mappings.flows.dataverse_rows import bind, rows_by_id

__all__ = ["INVOICED", "RELEASED", "SHIPPED", "OrderEvent", "order_events", "post_order_events"]

RELEASED = "The order status has changed to Released."
SHIPPED = "A shipment has been created for the order."
INVOICED = "An invoice has been created for the order."
MANUAL_POST, CHECK_IN = 2, 1  # BC's CRM Post table leaves source and type at these initial values
ID_CHUNK = 100
TEXT_LENGTH = 250


@dataclass(frozen=True)
class OrderEvent:
    """One thing that happened to a coupled order, worth one post on its Sales order's wall."""

    header_id: uuid.UUID
    order_id: uuid.UUID
    key: str
    text: str

    @property
    def post_id(self) -> uuid.UUID:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"bcsales/post/{self.order_id}/{self.key}")

    def body(self) -> dict:
        values = {"text": self.text[:TEXT_LENGTH], "regardingobjecttypecode": "salesorder"}
        values |= {"source": MANUAL_POST, "type": CHECK_IN}
        return values | bind("regardingobjectid_salesorder", "salesorder", self.order_id)


def order_events(header: dict, order_id: uuid.UUID, shipped: float, invoices: list[str]) -> list[OrderEvent]:
    """The events of one BC order: released (once per occurrence), each shipment and each posted invoice."""
    header_id = uuid.UUID(str(header["id"]))
    instance = f"{header['No.']}/{header.get('Doc. No. Occurrence') or 1}"
    events = []
    if header.get("Status") == "Released":
        events.append(OrderEvent(header_id, order_id, f"released/{instance}", RELEASED))
    if shipped:
        key = f"shipped/{instance}/{header.get('Last Shipment Date')}/{shipped}"
        events.append(OrderEvent(header_id, order_id, key, SHIPPED))
    events += [OrderEvent(header_id, order_id, f"invoiced/{number}", INVOICED) for number in invoices]
    return events


def _read(run: FlowRun, table: str, where: odata.Filter, select: list[str]) -> list[dict]:
    return [row for page in run.bc.iter_pages(table, filter=where, select=select) for row in page]


def _events_of_chunk(run: FlowRun, couplings: dict[uuid.UUID, uuid.UUID]) -> list[OrderEvent]:
    """The events of up to one chunk of coupled orders, read with one filter per BC table."""
    select = ["No.", "Status", "Doc. No. Occurrence", "Last Shipment Date"]
    headers = _read(run, "Sales Header", odata.in_("id", list(couplings)), select)
    numbers = [header["No."] for header in headers]
    if not numbers:
        return []
    where = odata.eq("Document Type", "Order") & odata.in_("Document No.", numbers)
    shipped: dict[str, float] = {}
    for line in _read(run, "Sales Line", where, ["Document No.", "Quantity Shipped"]):
        shipped[line["Document No."]] = shipped.get(line["Document No."], 0) + (line.get("Quantity Shipped") or 0)
    invoices: dict[str, list[str]] = {}
    for invoice in _read(run, "Sales Invoice Header", odata.in_("Order No.", numbers), ["No.", "Order No."]):
        invoices.setdefault(invoice["Order No."], []).append(invoice["No."])
    events = []
    for header in headers:
        order_id = couplings[uuid.UUID(header["id"])]
        number = header["No."]
        events += order_events(header, order_id, shipped.get(number, 0), invoices.get(number, []))
    return events


def post_order_events(run: FlowRun) -> None:
    """Post every event of the coupled orders that has no post yet; a failed post is logged with both ids."""
    couplings = dict(order_couplings(run.connection).values_list("bc_system_id", "dataverse_id"))
    ids = list(couplings)
    for start in range(0, len(ids), ID_CHUNK):
        events = _events_of_chunk(run, {key: couplings[key] for key in ids[start : start + ID_CHUNK]})
        posted = rows_by_id(run.dataverse, "post", [event.post_id for event in events])
        new = [event for event in events if event.post_id not in posted]
        writes = [Write("create", "post", str(event.post_id), event.body()) for event in new]
        for event, result in zip(new, run.dataverse.write_batch(writes), strict=True):
            if result.ok:
                run.count(inserted=1)
            else:
                run.fail(result.error.message, RecordRef("Sales Header", event.header_id, "salesorder", event.order_id))
