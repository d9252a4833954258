"""Scenario (a), the raw bound: copy the BC customers into Dataverse accounts with no mapping logic at all.

One read of the customers in BC's largest pages, then ``UpsertMultiple`` requests of the largest size Dataverse
allows, sent as many at a time as the served sandbox has threads. No couplings, no lookups, no logs: what is left
is the cost of moving the bytes, which our full synchronization is measured against. The accounts it creates are
removed afterwards (not timed), so that the full synchronization starts from the same empty Sales side.
"""

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from connection_setup.clients.batch import chunks
from connection_setup.clients.policy import DATAVERSE_BATCH_LIMIT
from connection_setup.models import Connection
from connection_setup.services.factory import business_central_client, dataverse_client
from mappings.services.sync_actions import SYNC_POLICY
from sandbox import store

__all__ = ["ACCOUNT_COLUMNS", "SANDBOX_THREADS", "copy_customers", "raw_clients", "remove_accounts"]

SANDBOX_THREADS = 16  # bcsales.webserver.serve's default: as many requests as the served sandbox answers at once

# The customer fields the CUSTOMER mapping transfers as plain values, each with its account column.
ACCOUNT_COLUMNS = {
    "No.": "accountnumber",
    "Name": "name",
    "Address": "address1_line1",
    "City": "address1_city",
    "County": "address1_stateorprovince",
    "Post Code": "address1_postalcode",
    "Phone No.": "telephone1",
    "E-Mail": "emailaddress1",
    "Home Page": "websiteurl",
    "Credit Limit (LCY)": "creditlimit",
}


def raw_clients(connection: Connection, concurrency: int = SANDBOX_THREADS):
    """Both service clients with room for ``concurrency`` requests in flight."""
    policy = replace(SYNC_POLICY, max_concurrency=concurrency)
    return business_central_client(connection, policy=policy), dataverse_client(connection, policy=policy)


def account_row(customer: dict) -> tuple[uuid.UUID, dict]:
    """A new account id and the customer's values under the account's column names, as they are."""
    return uuid.uuid4(), {column: customer.get(name) for name, column in ACCOUNT_COLUMNS.items()}


def copy_customers(connection: Connection, counter) -> list[uuid.UUID]:
    """Copy every customer into a new account; returns the accounts' ids."""
    bc, dataverse = raw_clients(connection)
    counter.add(bc, dataverse)
    written: list[uuid.UUID] = []
    with bc, dataverse, ThreadPoolExecutor(max_workers=SANDBOX_THREADS) as pool:
        sent = []
        for page in bc.iter_pages("Customer", select=list(ACCOUNT_COLUMNS)):
            rows = [account_row(customer) for customer in page]
            written += [row_id for row_id, _ in rows]
            sent += [
                pool.submit(dataverse.upsert_multiple, "account", chunk)
                for chunk in chunks(rows, DATAVERSE_BATCH_LIMIT)
            ]
        for future in sent:
            future.result()
    return written


def remove_accounts(row_ids: list[uuid.UUID]) -> None:
    """Take the copied accounts out of the sandbox again, straight from its store (set-up, not measured)."""
    for chunk in chunks(row_ids, 5000):
        store.delete_many("dataverse", "account", list(chunk))
