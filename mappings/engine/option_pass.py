"""The option pass: the run of an option mapping, BC codes ↔ the options of a Dataverse choice column (§2.10).

An option mapping has no record passes: the engine's dispatch (``mappings.flows.dispatch.flow_passes``) hands it
here, so Synchronize Now, its job queue entry, the Full Synchronization Review and ``manage.py sync`` all run it
under the mapping's lock. Each direction is one SyncJob (``option_push`` to Dataverse, ``option_pull`` from it).
"""

from connection_setup.models import Connection
from mappings.engine.option_pull import synchronize_options_from
from mappings.engine.option_push import synchronize_options_to
from mappings.flows.base import FROM_DATAVERSE, TO_DATAVERSE, FlowOptions, FlowResult
from mappings.models import TableMapping
from synclog.choices import PassDirection

__all__ = ["run_option_mapping"]

PASSES = {TO_DATAVERSE: synchronize_options_to, FROM_DATAVERSE: synchronize_options_from}


def run_option_mapping(
    connection: Connection, options: FlowOptions, directions: tuple, *, mapping_id: int
) -> list[FlowResult]:
    """The option mapping's passes in its direction (never both: an option mapping is one-way)."""
    mapping = TableMapping.objects.get(pk=mapping_id)
    return [PASSES[PassDirection(direction)](connection, mapping, options) for direction in directions]
