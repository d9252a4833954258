"""Where the engine hands over to the flows: mappings whose run is a flow, and flows after a mapping's run.

The engine calls these from its one run entry point (``run_plan``), so a job queue
entry, Synchronize Now, the Full Synchronization Review and ``manage.py sync`` all run the same flow, under the
mapping's lock, with the run's options (full, chosen records, entry, user, queued job).
"""

import logging
from functools import partial

from connection_setup.clients.errors import ServiceError
from connection_setup.models import Connection
from mappings.engine.option_pass import run_option_mapping
from mappings.engine.types import PassResult
from mappings.flows.base import FlowError, FlowOptions
from mappings.flows.jobs import AFTER_MAPPING, CARRIED_BY_PARENT, MAPPING_FLOWS

__all__ = ["after_mapping", "flow_passes"]

logger = logging.getLogger(__name__)


def _options(plan, run_options, *, take_queued_job: bool) -> FlowOptions:
    return FlowOptions(
        full=plan.full,
        bc_ids=plan.bc_ids,
        dataverse_ids=plan.dataverse_ids,
        job_queue_entry_id=run_options.job_queue_entry_id,
        user_id=run_options.user_id,
        run_id=run_options.run_id,
        queued_job_id=run_options.queued_job_id if take_queued_job else None,
    )


def flow_passes(plan, run_options) -> list[PassResult] | None:
    """The passes of a mapping whose run is a flow; None for a mapping the engine runs itself.

    An option mapping runs the option pass (BC codes ↔ the values of a choice column) instead of record passes.

    A line mapping carried by its header's flow runs no pass of its own.
    """
    if plan.name in CARRIED_BY_PARENT:
        return []
    flow = MAPPING_FLOWS.get(plan.name)
    if flow is None and plan.option_field:
        flow = partial(run_option_mapping, mapping_id=plan.mapping_id)
    if flow is None:
        return None
    connection = Connection.objects.get(pk=plan.connection_id)
    results = flow(connection, _options(plan, run_options, take_queued_job=True), tuple(plan.passes))
    run_options.queued_job_id = None
    return [result.as_pass(plan.name) for result in results]


def after_mapping(plan, run_options) -> None:
    """The flow that follows a mapping's run (product rules); its own job logs it, a refusal does not undo the run."""
    flow = AFTER_MAPPING.get(plan.name)
    if flow is None:
        return
    connection = Connection.objects.get(pk=plan.connection_id)
    try:
        flow(connection, _options(plan, run_options, take_queued_job=False))
    except (FlowError, ServiceError) as error:
        if getattr(error, "retryable", False):
            raise
        logger.warning("The rules after %s could not run: %s", plan.name, error)
