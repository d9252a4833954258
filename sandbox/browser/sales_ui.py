"""What a person does in Dynamics 365 Sales's own user interface, as far as a demo needs it.

The product links a coupled row to ``{organization URL}/main.aspx?pagetype=entityrecord&etn=…&id=…`` (BC's
"Open in Dynamics 365 Sales"); on the sandbox that address opens the row in the Sandbox Browser. There a
Sales user can change a text field, which is what makes the row "changed in Sales" for the next
synchronization: the write goes through the emulator's service layer, so it gets a new version, modifiedon
and modifiedby exactly as a Web API PATCH would.
"""

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from bcsales.permissions import admin_action
from sandbox.browser.catalog import BrowsedTable, browsed_table
from sandbox.dataverse import service as dataverse_service
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.schema import TABLES as DATAVERSE_TABLES
from sandbox.demo import credentials as demo

__all__ = ["change_field", "editable_fields", "open_record"]

TEXT_TYPES = ("String", "Memo")


def editable_fields(table: BrowsedTable) -> list[str]:
    """The text columns of a Dataverse table that a Sales user may type into (not read-only, not look-ups)."""
    if table.service != "dataverse":
        return []
    columns = DATAVERSE_TABLES[table.name].columns.values()
    return [column.name for column in columns if column.type in TEXT_TYPES and not column.read_only]


@require_GET
def open_record(request: HttpRequest) -> HttpResponse:
    """Dynamics 365 Sales's record link, answered with the row's Sandbox Browser page."""
    entity = request.GET.get("etn", "")
    try:
        row_id = uuid.UUID(request.GET.get("id", ""))
    except ValueError:
        raise Http404("The link names no record id.") from None
    if browsed_table("dataverse", entity) is None:
        raise Http404(f"Dynamics 365 Sales has no table {entity}.")
    return redirect("sandbox:browser_record", "dataverse", entity, row_id)


@admin_action("Sandbox: Change Field in Dynamics 365 Sales")
def change_field(request: HttpRequest, service: str, table: str, row_id: uuid.UUID) -> HttpResponse:
    """Write one text field of a Dataverse row as the demo's Sales administrator."""
    browsed = browsed_table(service, table)
    if browsed is None:
        raise Http404(f"The sandbox has no table {table} in {service}.")
    field, value = request.POST.get("field", ""), request.POST.get("value", "")
    if field not in editable_fields(browsed):
        messages.error(request, f"{field or 'That field'} is not a text field of {table} that can be changed here.")
    else:
        try:
            dataverse_service.update(DATAVERSE_TABLES[table], row_id, {field: value}, caller_id=demo.ADMIN_USER_ID)
        except DataverseError as refused:
            messages.error(request, f"Dynamics 365 Sales refused the change: {refused.message}")
        else:
            messages.success(request, f"Changed {field} of {table} {row_id} as {demo.ADMIN_DISPLAY_NAME}.")
    return redirect("sandbox:browser_record", service, table, row_id)
