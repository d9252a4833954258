"""The CRM Item Availability Job: coupled items whose inventory changed get one ITEM-PRODUCT run (§5).

BC reads the item ledger entries posted since the last run; the BC API has no item ledger, so the job reads the
items modified since then (posting changes an item's Inventory and so its modification time). For the coupled,
not skipped ones it queues one synchronization of ITEM-PRODUCT restricted to exactly those items, which writes
``quantityonhand`` with the mapping's other fields.
"""

import uuid

from connection_setup.clients import odata
from connection_setup.models import Connection
from mappings.flows.base import FlowError, FlowResult, FlowRun, last_success
from mappings.models import Coupling, TableMapping
from mappings.services.sync_actions import synchronize_records
from synclog.choices import PassDirection

__all__ = ["AVAILABILITY_JOB", "changed_coupled_items", "synchronize_item_availability"]

AVAILABILITY_JOB = "ITEM-AVAILABILITY"


def changed_coupled_items(run: FlowRun, since) -> list[uuid.UUID]:
    """SystemIds of coupled, not skipped items modified after ``since`` (the mapping's watermark on a first run)."""
    where = odata.gt("lastModifiedDateTime", since) if since else None
    changed = {uuid.UUID(row["id"]) for page in run.bc.iter_pages("Item", filter=where, select=["No."]) for row in page}
    coupled = Coupling.objects.filter(
        connection=run.connection, bc_table="Item", dataverse_table="product", skipped=False, bc_system_id__in=changed
    )
    return sorted(coupled.values_list("bc_system_id", flat=True))


def synchronize_item_availability(connection: Connection) -> FlowResult:
    if not connection.is_enabled:
        raise FlowError("The Dynamics 365 Sales connection is not enabled.")
    mapping = TableMapping.objects.filter(connection=connection, name="ITEM-PRODUCT").first()
    if mapping is None:
        raise FlowError(
            "The ITEM-PRODUCT integration table mapping does not exist; use the default synchronization setup."
        )
    since = last_success(connection, AVAILABILITY_JOB) or mapping.dataverse_watermark
    with FlowRun(connection, AVAILABILITY_JOB, mapping_name="ITEM-PRODUCT") as run:
        items = changed_coupled_items(run, since)
        if items:
            job = synchronize_records(mapping, direction=PassDirection.TO_INTEGRATION.value, bc_ids=items)
            run.note(f"Synchronization of {len(items)} item(s) queued as job {job.pk}.")
        run.count(modified=len(items))
    return run.result
