"""The whole sandbox database as plain rows in memory, and back: seed once, restore many times.

Seeding the demo runs BC's and Dataverse's rules for every record (about a second); restoring its rows is one
bulk statement per table. The test fixtures seed once per session and restore the snapshot into each test's
transaction; a benchmark can do the same between runs. Identity rows keep their primary keys (registrations
refer to their tenant), so sequences are moved past them afterwards.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.core.serializers import sort_dependencies
from django.db import connections, transaction

from sandbox.models import SandboxRecord, SandboxVersionCounter
from sandbox.routers import SANDBOX_DB
from sandbox.storage.bulk import upsert_rows
from sandbox.storage.rows import StoredRow, read_rows

__all__ = ["Snapshot", "capture", "restore"]

_STORE_MODELS = (SandboxRecord, SandboxVersionCounter)


@dataclass
class Snapshot:
    records: dict[tuple[str, str], list[StoredRow]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    others: list[tuple[type, list[dict]]] = field(default_factory=list)


def _other_models() -> list[type]:
    models = sort_dependencies([(apps.get_app_config("sandbox"), None)])
    return [model for model in models if model not in _STORE_MODELS]


def capture() -> Snapshot:
    """Every row of the sandbox database as it is now."""
    snapshot = Snapshot()
    records = SandboxRecord.objects.using(SANDBOX_DB)
    for service, table in records.values_list("service", "table").distinct():
        snapshot.records[(service, table)] = read_rows(records.filter(service=service, table=table))
    snapshot.counters = dict(SandboxVersionCounter.objects.using(SANDBOX_DB).values_list("service", "value"))
    for model in _other_models():
        snapshot.others.append((model, list(model.objects.using(SANDBOX_DB).values())))
    return snapshot


def restore(snapshot: Snapshot) -> None:
    """Write the snapshot's rows (replacing rows with the same keys); meant for an empty sandbox database."""
    with transaction.atomic(using=SANDBOX_DB):
        for (service, table), rows in snapshot.records.items():
            upsert_rows(service, table, rows)
        counters = SandboxVersionCounter.objects.using(SANDBOX_DB)
        for service, value in snapshot.counters.items():
            counters.update_or_create(service=service, defaults={"value": value})
        for model, rows in snapshot.others:
            model.objects.using(SANDBOX_DB).bulk_create([model(**row) for row in rows], ignore_conflicts=True)
        _reset_sequences([model for model, rows in snapshot.others if rows])


def _reset_sequences(models: list[type]) -> None:
    connection = connections[SANDBOX_DB]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
