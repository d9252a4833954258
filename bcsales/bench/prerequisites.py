"""What must be synchronized before the measured mappings can run cleanly: their dependencies, not timed.

A Full Synchronization Review runs the dependencies first (currencies, units, option mappings) so that the
customers' lookups resolve. The benchmark does the same before it measures: every mapping named in a measured
mapping's Dependency Filter runs a full synchronization, and each option mapping's BC codes are coupled to
option values (what BC's option synchronization records), so that no measured record fails on a lookup.
"""

from graphlib import TopologicalSorter

from django.db import transaction

from connection_setup.models import Connection
from mappings.models import OptionMapping, TableMapping
from mappings.services.sync_actions import run_mapping_now, service_sides

__all__ = ["OPTION_VALUE_BASE", "couple_option_codes", "synchronize_dependencies"]

# Dataverse numbers a publisher's own option values from its prefix times 10,000; the default publisher's is 10,000.
OPTION_VALUE_BASE = 100_000_000


def _dependencies(connection: Connection, names: list[str]) -> list[TableMapping]:
    """Every mapping the named ones depend on, directly or not, dependencies first; the named ones excluded."""
    by_name = {m.name: m for m in TableMapping.objects.filter(connection=connection, status="Enabled")}
    graph, todo = {}, list(names)
    while todo:
        name = todo.pop()
        if name in graph or name not in by_name:
            continue
        graph[name] = [d for d in by_name[name].dependencies if d in by_name]
        todo += graph[name]
    return [by_name[name] for name in TopologicalSorter(graph).static_order() if name not in names]


def couple_option_codes(connection: Connection, mapping: TableMapping) -> int:
    """Couple every BC code of an option mapping's table to an option value; returns how many codes it holds."""
    with service_sides(connection) as sides:
        codes = sorted(
            row["Code"] for page in sides.bc_client.iter_pages(mapping.bc_table, select=["Code"]) for row in page
        )
    with transaction.atomic():
        mapping.option_mappings.all().delete()
        OptionMapping.objects.bulk_create(
            OptionMapping(table_mapping=mapping, bc_code=code, option_value=OPTION_VALUE_BASE + n, option_caption=code)
            for n, code in enumerate(codes, start=1)
        )
    return len(codes)


def synchronize_dependencies(connection: Connection, names: list[str]) -> list[str]:
    """Synchronize what the named mappings depend on; returns the dependencies in the order they ran."""
    ran = []
    for mapping in _dependencies(connection, names):
        if mapping.is_option_mapping:
            couple_option_codes(connection, mapping)
        elif mapping.parent_mapping_id is None:
            run_mapping_now(mapping, full=True)
        ran.append(mapping.name)
    return ran
