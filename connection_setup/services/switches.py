"""The Dynamics 365 Sales settings and advanced settings: their confirmations, refusals and side effects (§6).

Each switch that BC validates with a question asks it here first; a refused change leaves everything as it was;
an accepted one is saved, audited, and creates or removes the job queue entries it stands for.
"""

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse

from connection_setup.models import Connection
from connection_setup.services import dataverse_ops
from connection_setup.services.errors import SetupError
from connection_setup.services.factory import dataverse_client
from connection_setup.services.jobs import sync_jobs
from connection_setup.services.setup import audit_change
from mappings.flows.unit_groups import UPGRADE_SCHEDULED, queue_unit_group_upgrade
from mappings.models import Coupling

__all__ = ["CONFIRM_LEGACY", "CONFIRM_UNIT_GROUP", "SwitchOutcome", "change_switches"]

CONFIRM_UNIT_GROUP = (
    "Integration table mappings will be updated and the units of measure will be coupled again as unit groups, "
    "item units of measure and resource units of measure. Do you want to enable Unit Group Mapping?"
)
CONFIRM_LEGACY = (
    "Enabling Legacy Sales Order Integration lets you create Business Central sales orders from sales orders "
    "submitted in Dynamics 365 Sales. Do you want to continue?"
)
UNIT_OF_MEASURE_TABLES = ("Unit of Measure",)
UNIT_GROUP_TABLES = ("Unit Group", "Item Unit of Measure", "Resource Unit of Measure")


@dataclass
class SwitchOutcome:
    """Questions to ask first, or the refusal, or what was done; ``next_url`` is the page to continue on."""

    confirmations: list[str] = field(default_factory=list)
    error: str = ""
    messages: list[str] = field(default_factory=list)
    next_url: str = ""


def _turned_on(form) -> set[str]:
    return {name for name in form.changed_data if name != "confirmed" and form.cleaned_data[name]}


def change_switches(form, *, request: HttpRequest | None = None) -> SwitchOutcome:
    """Apply a valid SwitchesForm: ask first where BC asks, refuse where BC refuses, then save and adjust jobs."""
    before = Connection.objects.get(pk=form.instance.pk)
    turned_on = _turned_on(form)
    confirmations = [
        question
        for name, question in (
            ("unit_group_mapping_enabled", CONFIRM_UNIT_GROUP),
            ("legacy_sales_order_integration", CONFIRM_LEGACY),
        )
        if name in turned_on
    ]
    if confirmations and not form.cleaned_data.get("confirmed"):
        return SwitchOutcome(confirmations=confirmations)
    outcome = SwitchOutcome()
    try:
        if "legacy_sales_order_integration" in form.changed_data:
            outcome.messages.append(_legacy_changed(before, form.cleaned_data["legacy_sales_order_integration"]))
    except SetupError as error:
        return SwitchOutcome(error=str(error))
    if not form.cleaned_data["legacy_sales_order_integration"]:
        form.instance.auto_create_sales_orders = False
    connection = form.save()
    if "unit_group_mapping_enabled" in form.changed_data:
        outcome.messages.append(_unit_group_changed(connection))
        if connection.unit_group_mapping_enabled:
            # The data upgrade and the steps after it are the guided Unit Group Mapping page's (mappings.flows).
            outcome.next_url = reverse("mappings:unit_groups", args=[connection.pk])
            if queue_unit_group_upgrade(connection) is not None:
                outcome.messages.append(UPGRADE_SCHEDULED)
    if connection.is_enabled:
        sync_jobs(connection)
    audit_change(
        request, connection, "Modify Dynamics 365 Sales Settings", [n for n in form.changed_data if n != "confirmed"]
    )
    outcome.messages.append("The settings were saved.")
    return outcome


def _legacy_changed(connection: Connection, enabled: bool) -> str:
    """BC §6.3: the organization flag in Dataverse is the source of truth, so it is set there while enabled."""
    if enabled and not connection.is_solution_installed:
        raise SetupError(
            "Dynamics 365 Business Central Integration Solution Imported must be Yes before you enable Legacy Sales "
            "Order Integration: import the solution first."
        )
    if not connection.is_enabled:
        return "Legacy Sales Order Integration will be set in Dynamics 365 Sales when the connection is enabled."
    with dataverse_client(connection) as client:
        if not enabled and dataverse_ops.has_submitted_sales_orders(client):
            raise SetupError(
                "You cannot disable Legacy Sales Order Integration when a Dynamics 365 Sales sales order has the "
                "Submitted status."
            )
        dataverse_ops.set_sales_order_integration(client, enabled)
    state = "enabled" if enabled else "disabled"
    return f"Sales Order Integration with Dynamics 365 Sales is {state}."


def _unit_group_changed(connection: Connection) -> str:
    """Couplings of the old unit model are removed now; the next enable recreates the mappings for the new one."""
    tables = UNIT_OF_MEASURE_TABLES if connection.unit_group_mapping_enabled else UNIT_GROUP_TABLES
    removed, _ = Coupling.objects.filter(connection=connection, bc_table__in=tables).delete()
    state = "enabled" if connection.unit_group_mapping_enabled else "disabled"
    follow = (
        " Run the data upgrade on this page and wait for it before you synchronize items and resources."
        if connection.unit_group_mapping_enabled
        else " The integration table mappings are updated when you enable the connection."
    )
    return f"Unit Group Mapping is {state}; {removed} coupling(s) of {', '.join(tables)} were removed.{follow}"
