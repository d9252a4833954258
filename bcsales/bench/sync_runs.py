"""Scenarios (b), (d) and (e): our own engine, run the way ``manage.py sync`` runs it, on the default mappings.

(b) is a full synchronization (both passes, forced writes, uncoupled records inserted); (d) and (e) are the
recurring, incremental runs that read only what changed since the watermarks. The engine makes its own service
clients; ``RecordingSides`` hands it the usual ones and counts their requests.
"""

import math

from connection_setup.clients.batch import Write
from connection_setup.models import Connection
from mappings.engine.endpoints import ServiceSides
from mappings.engine.types import PassResult
from mappings.models import Coupling, TableMapping
from mappings.services.sync_actions import run_mapping_now, service_sides
from synclog.choices import PassDirection

__all__ = ["RecordingSides", "change_customers", "coupling_check", "run_mapping", "source_records"]


class RecordingSides:
    """A ``sides_factory`` for ``run_mapping_now`` whose clients' requests the scenario's counter sees."""

    def __init__(self, counter) -> None:
        self.counter = counter

    def __call__(self, connection: Connection) -> ServiceSides:
        sides = service_sides(connection)
        self.counter.add(sides.bc_client, sides.dataverse_client)
        return sides


def run_mapping(mapping: TableMapping, counter, *, full: bool) -> list[PassResult]:
    return run_mapping_now(mapping, full=full, sides_factory=RecordingSides(counter))


def source_records(results: list[PassResult]) -> int:
    """BC records the BC → Dataverse pass read and decided on, whatever it decided (the denominator of the rates:
    the other pass reads the same records back from Dataverse)."""
    names = ("inserted", "modified", "deleted", "unchanged", "skipped", "failed")
    to_dataverse = [r for r in results if r.direction == PassDirection.TO_INTEGRATION]
    return sum(getattr(result.counters, name) for result in to_dataverse for name in names)


def change_customers(connection: Connection, share: float) -> int:
    """Change ``share`` of the coupled customers in BC (their phone numbers), as users would; returns how many.

    The changes go through BC's API in JSON batches, as any other BC client's would; they are set-up, not timed.
    """
    coupled = Coupling.objects.filter(connection=connection, bc_table="Customer", bc_system_id__isnull=False)
    ids = list(coupled.order_by("bc_system_id").values_list("bc_system_id", flat=True))
    step = max(1, round(1 / share)) if share else len(ids) + 1
    chosen = ids[::step][: math.ceil(len(ids) * share)]
    writes = [
        Write("update", "Customer", str(row_id), {"Phone No.": f"+1 425 555 {n % 10000:04d}"})
        for n, row_id in enumerate(chosen)
    ]
    with service_sides(connection) as sides:
        failed = [result for result in sides.bc_client.write_batch(writes) if not result.ok]
    if failed:
        raise RuntimeError(f"Changing customers in BC failed: {failed[0].error}")
    return len(writes)


def coupling_check(connection: Connection, bc_table: str) -> dict[str, int]:
    """How many BC records of ``bc_table`` are coupled, and how many are coupled more than once (must be none)."""
    rows = Coupling.objects.filter(
        connection=connection, bc_table=bc_table, bc_system_id__isnull=False, dataverse_id__isnull=False, pending=""
    )
    coupled = rows.values("bc_system_id").distinct().count()
    return {"coupled": coupled, "coupled_more_than_once": rows.count() - coupled}
