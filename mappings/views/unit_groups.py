"""The guided unit group page: the data upgrade and the documented steps after switching on unit group mapping."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from bcsales.permissions import admin_action
from connection_setup.clients.errors import ServiceError
from connection_setup.models import Connection
from mappings.flows import unit_groups

__all__ = ["unit_group_page", "unit_group_step"]

SUFFIX_LENGTH = 20


def unit_group_page(request: HttpRequest, pk: int) -> HttpResponse:
    connection = get_object_or_404(Connection, pk=pk)
    return render(
        request,
        "mappings/unit_group_steps.html",
        {"connection": connection, "progress": unit_groups.progress(connection)},
    )


def _retire(request: HttpRequest, connection: Connection) -> str:
    suffix = request.POST.get("suffix", "").strip()
    if not suffix or len(suffix) > SUFFIX_LENGTH:
        raise ValueError(f"Enter a suffix of 1 to {SUFFIX_LENGTH} characters to add to the retired products' names.")
    result = unit_groups.retire_uncoupled_products(connection, suffix=f" {suffix}")
    return f"{result.counters.modified} product(s) renamed and retired; {result.counters.failed} failed."


def _run(step: str, request: HttpRequest, connection: Connection) -> str:
    if step == "upgrade":
        result = unit_groups.upgrade_unit_groups(connection)
        return f"{result.counters.inserted} unit group(s) created; {result.counters.failed} failed."
    if step == "uncouple":
        jobs = unit_groups.uncouple_products(connection, user=request.user)
        return f"{len(jobs)} uncoupling job(s) queued; follow them in the synchronization log."
    if step == "retire":
        return _retire(request, connection)
    if step == "recommend":
        names = unit_groups.recommend_unit_full_sync(connection)
        return f"Full synchronization is recommended for {', '.join(names) or 'no mapping'}."
    if step == "restart":
        names = unit_groups.restart_product_mappings(connection)
        return f"Restarted {', '.join(names) or 'no mapping'}: their next run creates the products again."
    raise Http404("There is no such step.")


@admin_action("Unit Group Mapping Step")
def unit_group_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    connection = get_object_or_404(Connection, pk=pk)
    try:
        messages.success(request, _run(step, request, connection))
    except (ValueError, ServiceError) as error:
        messages.error(request, str(error))
    return redirect("mappings:unit_groups", pk=pk)
