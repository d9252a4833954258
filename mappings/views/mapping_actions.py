"""Actions of the Integration Table Mappings page, each a POST through ``admin_action``.

Synchronize Now and Uncouple All queue background work with the engine's ``sync_actions``; the job queue entry
of a mapping (its code is the mapping's name) is set on hold or ready; the rest are mapping set-up services.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bcsales.permissions import admin_action
from mappings.models import JobQueueEntry, TableMapping
from mappings.services.mapping_setup import MappingSetupError, recommend_full_synchronization, reset_to_default, restart

__all__ = [
    "recommend_full_sync_view",
    "reset_to_default_view",
    "restart_view",
    "set_on_hold_view",
    "set_ready_view",
    "synchronize_now_view",
    "uncouple_all_confirm",
    "uncouple_all_view",
]


def _mapping(pk: int) -> TableMapping:
    return get_object_or_404(TableMapping.objects.select_related("connection"), pk=pk)


def _back(mapping: TableMapping) -> HttpResponse:
    return redirect(f"{reverse('mappings:list')}?connection={mapping.connection_id}")


@admin_action("Synchronize Now")
def synchronize_now_view(request: HttpRequest, pk: int) -> HttpResponse:
    from mappings.services.sync_actions import synchronize_now

    mapping = _mapping(pk)
    full = request.POST.get("full") == "1"
    synchronize_now(mapping, full=full, user=request.user)
    scope = "all records" if full else "modified records"
    messages.success(request, f"{mapping.name}: synchronization of {scope} is queued; see the Synchronization Log.")
    return _back(mapping)


def _attempt(request: HttpRequest, pk: int, service, success: str) -> HttpResponse:
    """Run a mapping set-up service and tell the user how it went."""
    mapping = _mapping(pk)
    try:
        service(mapping)
    except MappingSetupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success.format(name=mapping.name))
    return _back(mapping)


@admin_action("Reset to Default")
def reset_to_default_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _attempt(request, pk, reset_to_default, "{name} is back to its default set-up.")


@admin_action("Restart")
def restart_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _attempt(request, pk, restart, "{name}: the next run reads every record again.")


@admin_action("Recommend Full Synchronization")
def recommend_full_sync_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = "{name}: the Full Synchronization Review now recommends a full synchronization."
    return _attempt(request, pk, recommend_full_synchronization, message)


def uncouple_all_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page; the uncoupling itself is the POST below."""
    return render(request, "mappings/mapping_uncouple_confirm.html", {"mapping": _mapping(pk)})


@admin_action("Uncouple All")
def uncouple_all_view(request: HttpRequest, pk: int) -> HttpResponse:
    from mappings.services.sync_actions import uncouple_all

    mapping = _mapping(pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Confirm that all couplings of the mapping should be removed.")
        return redirect("mappings:uncouple_all_confirm", pk=mapping.pk)
    uncouple_all(mapping, user=request.user)
    messages.success(request, f"{mapping.name}: removing every coupling is queued.")
    return _back(mapping)


def _entry(request: HttpRequest, mapping: TableMapping) -> JobQueueEntry | None:
    entry = JobQueueEntry.objects.filter(connection=mapping.connection, code=mapping.name).first()
    if entry is None:
        messages.error(request, f"{mapping.name} has no job queue entry; it runs with its parent or on demand.")
    return entry


@admin_action("Set On Hold")
def set_on_hold_view(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = _mapping(pk)
    if entry := _entry(request, mapping):
        entry.set_on_hold()
        messages.success(request, f"The job queue entry of {mapping.name} is on hold.")
    return _back(mapping)


@admin_action("Set Ready")
def set_ready_view(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = _mapping(pk)
    if entry := _entry(request, mapping):
        entry.set_ready()
        messages.success(request, f"The job queue entry of {mapping.name} is ready.")
    return _back(mapping)
