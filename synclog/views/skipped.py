"""Skipped Records: couplings skipped after a repeated failure or found broken, and what can be done with them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bcsales.permissions import admin_action
from connection_setup.clients.errors import ServiceError
from mappings.models import Coupling, TableMapping
from synclog.choices import PassDirection
from synclog.services import skipped as service

__all__ = ["find_for_deleted", "remove_coupling", "restore", "retry", "retry_all", "skipped", "synchronize"]


def _skipped(request: HttpRequest):
    found = Coupling.objects.filter(skipped=True).select_related("connection", "last_job_to", "last_job_from")
    table = request.GET.get("table", "").strip()
    return found.filter(bc_table=table) if table else found, table


def skipped(request: HttpRequest) -> HttpResponse:
    found, table = _skipped(request)
    page = Paginator(found.order_by("bc_table", "pk"), service.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": service.skipped_rows(list(page.object_list)),
        "table": table,
        "tables": Coupling.objects.filter(skipped=True)
        .order_by("bc_table")
        .values_list("bc_table", flat=True)
        .distinct(),
        "mappings": TableMapping.objects.filter(parent_name="", dataverse_option_field="").select_related("connection"),
        "directions": PassDirection.choices,
    }
    return render(request, "synclog/skipped.html", context)


def _selected(request: HttpRequest) -> list[Coupling] | None:
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    chosen = list(Coupling.objects.filter(pk__in=ids, skipped=True))
    if not chosen:
        messages.error(request, "Select one or more skipped records first.")
        return None
    return chosen


def _back() -> HttpResponse:
    return redirect("synclog:skipped")


@admin_action("Retry")
def retry(request: HttpRequest) -> HttpResponse:
    chosen = _selected(request)
    if chosen:
        count = service.retry(chosen)
        text = "The record has been restored" if count == 1 else f"{count} records have been restored"
        messages.success(request, f"{text} for synchronization.")
    return _back()


@admin_action("Retry All")
def retry_all(request: HttpRequest) -> HttpResponse:
    count = service.retry(Coupling.objects.filter(skipped=True))
    messages.success(request, f"{count} records have been restored for synchronization.")
    return _back()


@admin_action("Synchronize")
def synchronize(request: HttpRequest) -> HttpResponse:
    direction = request.POST.get("direction", "")
    if direction not in PassDirection.values:
        messages.error(request, "Choose the direction to synchronize in.")
        return _back()
    chosen = _selected(request)
    if chosen:
        jobs = service.synchronize(chosen, direction=direction, user=request.user)
        messages.success(request, f"The synchronization has been scheduled ({len(jobs)} job(s)).")
    return _back()


@admin_action("Remove Coupling")
def remove_coupling(request: HttpRequest) -> HttpResponse:
    chosen = _selected(request)
    if chosen:
        jobs = service.remove_couplings(chosen, user=request.user)
        messages.success(
            request, f"The uncoupling has been scheduled ({len(jobs)} job(s)); see the Synchronization Log."
        )
    return _back()


@admin_action("Restore Records")
def restore(request: HttpRequest) -> HttpResponse:
    chosen = _selected(request)
    if chosen:
        restored, refused = service.restore_records(service.skipped_rows(chosen), user=request.user)
        if restored:
            messages.success(request, f"{restored} record(s) will be created again on the side where they are missing.")
        if refused:
            messages.error(
                request, f"{refused} record(s) were left alone: Restore Records needs exactly one side to exist."
            )
    return _back()


@admin_action("Find for Deleted")
def find_for_deleted(request: HttpRequest) -> HttpResponse:
    mapping_id = request.POST.get("mapping", "")
    if not mapping_id.isdigit():
        messages.error(request, "Choose the mapping whose couplings to check.")
        return _back()
    mapping = get_object_or_404(TableMapping, pk=int(mapping_id))
    try:
        found = service.find_for_deleted(mapping)
    except ServiceError as error:
        messages.error(request, f"The records could not be read: {error}")
        return _back()
    messages.success(request, f"{found} coupled record(s) of {mapping.name} have a deleted counterpart.")
    return redirect(f"{reverse('synclog:skipped')}?table={mapping.bc_table}")
