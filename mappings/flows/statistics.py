"""The CRM Statistics Job: customer statistics into ``nav_accountstatistics`` and invoice payment status (§6).

Phase A uploads the statistics of every coupled customer not uploaded yet and refreshes those changed since the
last successful run; each account gets one statistics row (its id derived from the account), linked from the
account. Phase B moves the state of coupled Dataverse invoices after payments and cancellations.
"""

import datetime as dt
import uuid

from django.utils import timezone

from connection_setup.clients import odata
from connection_setup.models import Connection
from mappings.flows.base import FlowResult, FlowRun, RecordRef, last_success
from mappings.flows.dataverse_rows import bind, rows_by_id
from mappings.flows.posted_invoices import apply_invoice_state
from mappings.flows.price_lists import local_currency
from mappings.models import Coupling

__all__ = ["PAYMENT_JOB", "STATISTICS_JOB", "run_statistics_job", "statistics_values"]

STATISTICS_JOB = "CUST-STATISTICS"
PAYMENT_JOB = "INV-PAYMENT-STATUS"
ID_CHUNK = 100
MONEY = {
    "nav_balancelcy": "Balance (LCY)",
    "nav_outstandingorderslcy": "Outstanding Orders (LCY)",
    "nav_shippednotinvoicedlcy": "Shipped Not Invoiced (LCY)",
    "nav_outstandinginvoiceslcy": "Outstanding Invoices (LCY)",
    "nav_creditlimitlcy": "Credit Limit (LCY)",
    "nav_overdueamountslcy": "Overdue Amounts (LCY)",
    "nav_totalsaleslcy": "Sales (LCY)",
    "nav_invoicedprepaymentamountlcy": "Inv. Prepayment Amount (LCY)",
}
TOTAL_PARTS = (
    "nav_balancelcy",
    "nav_outstandingorderslcy",
    "nav_shippednotinvoicedlcy",
    "nav_outstandinginvoiceslcy",
)
# Filled by extensions in BC; a new row starts them, like every money column, at 1 (Sales shows 0 as "--").
SERVICE_COLUMNS = ("nav_outstandingserviceorderslcy", "nav_servshippednotinvoicedlcy", "nav_outstandingservinvoiceslcy")


def statistics_values(customer: dict, today: dt.date) -> dict:
    """The statistics row of one customer, all in LCY; the total is BC's GetTotalAmountLCY (balance, outstanding
    and shipped-not-invoiced orders, outstanding invoices, less invoiced prepayments)."""
    values = {column: customer.get(bc) or 0 for column, bc in MONEY.items()}
    total = sum(values[c] for c in TOTAL_PARTS) - values["nav_invoicedprepaymentamountlcy"]
    values |= {"nav_totallcy": round(total, 2), "nav_overdueamountsasof": today.isoformat()}
    return values | {"nav_name": (customer.get("Name") or "")[:160], "nav_customerno": customer["No."]}


def _customers(run: FlowRun, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict]:
    found = {}
    for start in range(0, len(ids), ID_CHUNK):
        for page in run.bc.iter_pages("Customer", filter=odata.in_("id", ids[start : start + ID_CHUNK])):
            found |= {uuid.UUID(row["id"]): row for row in page}
    return found


def _columns(run: FlowRun) -> set[str]:
    """The statistics columns the environment's solution has; older solutions lack some, which are left out."""
    definitions = run.dataverse.entity_definitions(["nav_accountstatistics"])
    names = {a["LogicalName"] for d in definitions for a in d.get("Attributes", [])}
    missing = sorted(set(MONEY) - names)
    if missing:
        run.note(
            f"The Dataverse table nav_accountstatistics has no column {', '.join(missing)}; they were not written."
        )
    return names


def _upload(run: FlowRun, coupling: Coupling, customer: dict | None, account: dict | None, currency, columns) -> None:
    ref = RecordRef("Customer", coupling.bc_system_id, "account", coupling.dataverse_id)
    if customer is None or account is None:
        missing = ("Customer", coupling.bc_system_id) if customer is None else ("Account", coupling.dataverse_id)
        run.fail(f"{missing[0]} {missing[1]} was not found.", ref)
        coupling.skipped = True
        coupling.save(update_fields=["skipped"])
        return
    row_id = uuid.uuid5(uuid.NAMESPACE_URL, f"bcsales/account-statistics/{coupling.dataverse_id}")
    values = {k: v for k, v in statistics_values(customer, timezone.localdate()).items() if k in columns}
    if account.get("_nav_accountstatisticsid_value") != str(row_id):
        ones = {k: 1 for k in (*MONEY, "nav_totallcy", *SERVICE_COLUMNS) if k in columns}
        first = ones | {"nav_name": values["nav_name"]} | bind("transactioncurrencyid", "transactioncurrency", currency)
        run.dataverse.upsert("nav_accountstatistics", row_id, first)
        run.dataverse.update(
            "account", coupling.dataverse_id, bind("nav_accountstatisticsid", "nav_accountstatistics", row_id)
        )
        run.count(inserted=1)
    else:
        run.count(modified=1)
    run.dataverse.update("nav_accountstatistics", row_id, values)
    coupling.statistics_uploaded = True
    coupling.save(update_fields=["statistics_uploaded"])


def _account_statistics(run: FlowRun, since) -> None:
    couplings = Coupling.objects.filter(
        connection=run.connection, bc_table="Customer", dataverse_table="account", skipped=False
    )
    changed = set()
    if since:
        for page in run.bc.iter_pages("Customer", filter=odata.gt("lastModifiedDateTime", since), select=["No."]):
            changed |= {uuid.UUID(row["id"]) for row in page}
    due = [c for c in couplings if not c.statistics_uploaded or c.bc_system_id in changed]
    customers = _customers(run, [c.bc_system_id for c in due])
    accounts = rows_by_id(run.dataverse, "account", [c.dataverse_id for c in due])
    if not due:
        return
    currency, columns = local_currency(run), _columns(run)
    for coupling in due:
        customer, account = customers.get(coupling.bc_system_id), accounts.get(coupling.dataverse_id)
        _upload(run, coupling, customer, account, currency, columns)


def _payment_status(run: FlowRun, since) -> None:
    couplings = {
        c.bc_system_id: c for c in Coupling.objects.filter(connection=run.connection, bc_table="Sales Invoice Header")
    }
    where = odata.gt("lastModifiedDateTime", since) if since else None
    for page in run.bc.iter_pages("Sales Invoice Header", filter=where):
        coupled = [
            (invoice, couplings[uuid.UUID(invoice["id"])]) for invoice in page if uuid.UUID(invoice["id"]) in couplings
        ]
        rows = rows_by_id(run.dataverse, "invoice", [c.dataverse_id for _, c in coupled])
        for invoice, coupling in coupled:
            row = rows.get(coupling.dataverse_id)
            ref = RecordRef("Sales Invoice Header", invoice["id"], "invoice", coupling.dataverse_id)
            changed = row is not None and run.guarded(ref, apply_invoice_state, run, invoice, row)
            run.count(modified=1) if changed else run.count(unchanged=1)


def run_statistics_job(connection: Connection) -> FlowResult:
    """Both phases, each logged as its own job; returns the statistics phase with the payment phase's counts noted."""
    since = last_success(connection, STATISTICS_JOB)
    with FlowRun(connection, STATISTICS_JOB, mapping_name="CUSTOMER") as run:
        _account_statistics(run, since)
    payment_since = last_success(connection, PAYMENT_JOB)
    with FlowRun(connection, PAYMENT_JOB, mapping_name="POSTEDSALESINV-INV") as payments:
        _payment_status(payments, payment_since)
    run.result.messages.append(payments.result.line())
    return run.result
