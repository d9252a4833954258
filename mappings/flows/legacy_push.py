"""The legacy SALESORDER-ORDER mapping: released, coupled BC orders update their Sales order (sales_flows §1.9).

One way only (BC → Dataverse) and only coupled orders, because new BC orders are never created in Sales by this
mapping. A submitted Sales order is read-only, so each write sets it Active, writes the header values (addresses,
terms, currency, shipment date, owner, company) and submits it again.
"""

from connection_setup.models import Connection
from mappings.flows.base import TO_DATAVERSE, FlowOptions, FlowResult, FlowRun
from mappings.flows.bidirectional_orders import BIDIRECTIONAL_JOB, newer, push_released_orders, remember
from mappings.flows.dataverse_rows import ORDER_SUBMITTED, writable
from mappings.flows.order_values import References, header_columns
from mappings.models import Coupling

__all__ = ["push_legacy_orders"]


def _push_header(run: FlowRun, refs: References, header: dict, coupling: Coupling) -> None:
    if not newer(run, header.get("lastModifiedDateTime"), coupling.bc_modified_on):
        run.count(unchanged=1)
        return
    order = run.dataverse.get("salesorder", coupling.dataverse_id)
    changes = header_columns(refs, header, bill_to_name=True)
    writable(run.dataverse, "salesorder", order, changes, state_after=ORDER_SUBMITTED)
    run.count(modified=1)
    remember(run, coupling, header["id"], coupling.dataverse_id)


def push_legacy_orders(connection: Connection, *, options: FlowOptions | None = None) -> list[FlowResult]:
    """One run of the legacy mapping: a single BC → Dataverse pass."""
    with FlowRun(connection, BIDIRECTIONAL_JOB, direction=TO_DATAVERSE, options=options) as run:
        push_released_orders(run, push=_push_header)
    return [run.result]
