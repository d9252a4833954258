"""Scenario (c), the per-record baseline: one write request per record, one record at a time, as BC's own
engine writes. Run on a sample (at the set latency it would take hours on every record) and compared per record;
the sample is read before the clock starts, so only the writes are timed.
"""

import uuid

from bcsales.bench.raw_copy import ACCOUNT_COLUMNS, account_row, raw_clients
from connection_setup.models import Connection

__all__ = ["sample_customers", "write_one_by_one"]


def sample_customers(connection: Connection, sample: int) -> list[dict]:
    bc, dataverse = raw_clients(connection, concurrency=1)
    with bc, dataverse:
        return next(iter(bc.iter_pages("Customer", select=list(ACCOUNT_COLUMNS))), [])[:sample]


def write_one_by_one(connection: Connection, counter, customers: list[dict]) -> list[uuid.UUID]:
    """Upsert each customer into a new account, one request each; returns the accounts' ids."""
    bc, dataverse = raw_clients(connection, concurrency=1)
    counter.add(dataverse)
    written: list[uuid.UUID] = []
    with bc, dataverse:
        for customer in customers:
            row_id, values = account_row(customer)
            dataverse.upsert("account", row_id, values)
            written.append(row_id)
    return written
