"""The codeunit job queue entries that the connection's switches create or remove (connection_setup §6.6).

Codes are BC's codeunit names, so an administrator finds the same words on the Synch. Job Queue Entries page;
the job queue runs an entry by its code.
"""

from dataclasses import dataclass

from connection_setup.models import Connection
from mappings.services.job_queue import ensure_entry, remove_entry

__all__ = ["JOBS", "ConnectionJob", "sync_jobs", "wanted_jobs"]


@dataclass(frozen=True)
class ConnectionJob:
    code: str
    description: str
    interval_minutes: int


ITEM_AVAILABILITY = ConnectionJob(
    "CRM ITEM AVAILABILITY JOB", "Item Availability - Dynamics 365 Sales synchronization job", 30
)
ORDER_STATUS = ConnectionJob(
    "CRM ORDER STATUS UPDATE JOB", "Sales Order Status - Dynamics 365 Sales synchronization job", 7
)
NOTES = ConnectionJob("CRM NOTES SYNCH JOB", "Sales Order Notes - Dynamics 365 Sales synchronization job", 5)
ARCHIVED_ORDERS = ConnectionJob(
    "CRM ARCHIVED SALES ORDERS JOB", "Archived Sales Orders - Dynamics 365 Sales synchronization job", 30
)
AUTO_CREATE = ConnectionJob(
    "AUTO CREATE SALES ORDERS",
    "Automatically create sales orders from sales orders that are submitted in Dynamics 365 Sales.",
    30,
)
AUTO_PROCESS = ConnectionJob(
    "AUTO PROCESS SALES QUOTES",
    "Automatically process sales quotes from sales quotes that are activated in Dynamics 365 Sales.",
    30,
)
STATISTICS = ConnectionJob("CRM STATISTICS JOB", "Customer Statistics - Dynamics 365 Sales synchronization job", 30)
JOBS = (ITEM_AVAILABILITY, ORDER_STATUS, NOTES, ARCHIVED_ORDERS, AUTO_CREATE, AUTO_PROCESS, STATISTICS)


def wanted_jobs(connection: Connection) -> set[ConnectionJob]:
    """The codeunit jobs the switches ask for; the statistics job always runs while the connection is set up."""
    wanted = {STATISTICS}
    if connection.item_availability_enabled:
        wanted.add(ITEM_AVAILABILITY)
    if connection.legacy_sales_order_integration:
        wanted |= {ORDER_STATUS, NOTES}
    if connection.bidirectional_sales_order_integration:
        wanted |= {NOTES, ARCHIVED_ORDERS}
    if connection.auto_create_sales_orders:
        wanted.add(AUTO_CREATE)
    if connection.auto_process_sales_quotes:
        wanted.add(AUTO_PROCESS)
    return wanted


def sync_jobs(connection: Connection) -> None:
    """Create the jobs the switches ask for and remove the others; BC creates codeunit jobs On Hold with
    Inactivity Timeout equal to their interval."""
    wanted = wanted_jobs(connection)
    for job in JOBS:
        if job in wanted:
            ensure_entry(
                connection,
                code=job.code,
                description=job.description,
                interval_minutes=job.interval_minutes,
                inactivity_timeout_minutes=job.interval_minutes,
            )
        else:
            remove_entry(connection, code=job.code)
