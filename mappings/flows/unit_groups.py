"""The unit group mapping switch: the data upgrade and the documented steps that follow it (connection_setup
§6.1 and the seed's "Synchronize items and resources with products with different units of measure").

Dataverse does not let a product change unit group, so the products made under the old model are uncoupled,
renamed and retired, the unit mappings are recommended for full synchronization and synchronized, and
ITEM-PRODUCT and RESOURCE-PRODUCT are restarted so that new products are made with per-item unit groups.

Switching unit group mapping on for a connection that has already synchronized queues the data upgrade as a
one-off job queue entry ("Updating CRM Unit Group Mapping"), as BC schedules its codeunit; the entry retries every
minute until the upgrade succeeds and then removes itself.
"""

from dataclasses import dataclass
from datetime import timedelta

from connection_setup.clients import odata
from connection_setup.clients.batch import Write
from connection_setup.models import Connection
from mappings.flows.base import FlowResult, FlowRun, RecordRef
from mappings.models import Coupling, JobQueueEntry, TableMapping
from mappings.services.job_queue import ensure_entry, remove_entry
from mappings.services.mapping_setup import recommend_full_synchronization, restart
from mappings.services.sync_actions import uncouple_all

__all__ = [
    "PRODUCT_MAPPINGS",
    "UNIT_MAPPINGS",
    "UPGRADE_ENTRY",
    "UPGRADE_JOB",
    "UPGRADE_SCHEDULED",
    "UnitGroupProgress",
    "progress",
    "queue_unit_group_upgrade",
    "recommend_unit_full_sync",
    "restart_product_mappings",
    "retire_uncoupled_products",
    "run_unit_group_upgrade",
    "uncouple_products",
    "upgrade_unit_groups",
]

UPGRADE_JOB = "UNIT GROUP UPGRADE"
UPGRADE_ENTRY = "CRM UPDATE UNIT GROUP MAPPING"
UPGRADE_DESCRIPTION = "Updating CRM Unit Group Mapping"
UPGRADE_SCHEDULED = (
    "The data upgrade job (Updating CRM Unit Group Mapping) is scheduled on the Synch. Job Queue Entries page; "
    "wait for it to finish before you synchronize items and resources."
)
UNIT_MAPPINGS = ("ITEM UOM", "RESOURCE UOM", "UNIT GROUP")
PRODUCT_MAPPINGS = ("ITEM-PRODUCT", "RESOURCE-PRODUCT")
SOURCES = ("Item", "Resource")


@dataclass
class UnitGroupProgress:
    """Where the guided page stands: coupled products left, unit mappings recommended, mappings present."""

    coupled_products: int
    recommended: list[str]
    unit_mappings: list[str]
    product_mappings: list[str]


def upgrade_unit_groups(connection: Connection) -> FlowResult:
    """The data upgrade: a Unit Group for every item and resource that has none, written in batches."""
    with FlowRun(connection, UPGRADE_JOB) as run:
        groups = {(g["Source Type"], g["Source No."]) for page in run.bc.iter_pages("Unit Group") for g in page}
        writes = []
        for kind in SOURCES:
            for page in run.bc.iter_pages(kind, select=["No."]):
                for record in page:
                    if (kind, record["No."]) in groups:
                        run.count(unchanged=1)
                    else:
                        writes.append(
                            Write("create", "Unit Group", None, {"Source Type": kind, "Source No.": record["No."]})
                        )
        for result in run.bc.write_batch(writes):
            if result.ok:
                run.count(inserted=1)
            else:
                run.fail(result.error.message, RecordRef("Unit Group", None, "uomschedule", None))
    return run.result


def queue_unit_group_upgrade(connection: Connection) -> JobQueueEntry | None:
    """The one-off data upgrade entry, due in a second, when the connection has couplings; None when it has none."""
    if not Coupling.objects.filter(connection=connection).exists():
        return None
    entry = ensure_entry(connection, code=UPGRADE_ENTRY, description=UPGRADE_DESCRIPTION, interval_minutes=1)
    entry.set_ready(delay=timedelta(seconds=1))
    return entry


def run_unit_group_upgrade(connection: Connection) -> FlowResult:
    """The one-off entry's run: the data upgrade; a complete upgrade removes the entry, a failed record keeps it."""
    result = upgrade_unit_groups(connection)
    if not result.counters.failed:
        remove_entry(connection, code=UPGRADE_ENTRY)
    return result


def _mappings(connection: Connection, names) -> list[TableMapping]:
    return list(TableMapping.objects.filter(connection=connection, name__in=names))


def progress(connection: Connection) -> UnitGroupProgress:
    coupled = Coupling.objects.filter(connection=connection, bc_table__in=SOURCES, dataverse_table="product").count()
    units = _mappings(connection, UNIT_MAPPINGS)
    return UnitGroupProgress(
        coupled,
        [m.name for m in units if m.full_sync_recommended],
        [m.name for m in units],
        [m.name for m in _mappings(connection, PRODUCT_MAPPINGS)],
    )


def uncouple_products(connection: Connection, *, user=None) -> list[int]:
    """Step 1: queue the uncoupling of every item and resource from its product; the SyncJob ids."""
    return [uncouple_all(mapping, user=user).pk for mapping in _mappings(connection, PRODUCT_MAPPINGS)]


def retire_uncoupled_products(connection: Connection, *, suffix: str) -> FlowResult:
    """Step 2: active, uncoupled sales-inventory and service products get ``suffix`` on their name and retire."""
    coupled = set(
        Coupling.objects.filter(connection=connection, dataverse_table="product").values_list("dataverse_id", flat=True)
    )
    with FlowRun(connection, "RETIRE PRODUCTS") as run:
        where = odata.eq("statecode", 0) & odata.in_("producttypecode", [1, 3])
        products = [row for page in run.dataverse.iter_pages("product", filter=where) for row in page]
        writes = [
            Write(
                "update",
                "product",
                row["productid"],
                {"name": f"{row['name']}{suffix}"[:100], "statecode": 1, "statuscode": 2},
            )
            for row in products
            if row["productid"] not in {str(i) for i in coupled}
        ]
        for write, result in zip(writes, run.dataverse.write_batch(writes), strict=True):
            run.count(modified=1) if result.ok else run.fail(
                result.error.message, RecordRef("", None, "product", write.id)
            )
    return run.result


def recommend_unit_full_sync(connection: Connection) -> list[str]:
    """Step 3: Recommend Full Synchronization on ITEM UOM, RESOURCE UOM and UNIT GROUP."""
    return [recommend_full_synchronization(mapping).name for mapping in _mappings(connection, UNIT_MAPPINGS)]


def restart_product_mappings(connection: Connection) -> list[str]:
    """Step 5: Restart ITEM-PRODUCT and RESOURCE-PRODUCT, so that their next run reads every record."""
    return [restart(mapping).name for mapping in _mappings(connection, PRODUCT_MAPPINGS)]
