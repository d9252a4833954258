"""Skipped Records: couplings and option values skipped after a repeated failure or found broken, and what can be
done with them. Couplings are selected as ``ids``, option values as ``option_ids``, in the same form."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bcsales.permissions import admin_action, audit
from connection_setup.clients.errors import ServiceError
from mappings.models import Coupling, OptionMapping, TableMapping
from synclog.choices import PassDirection
from synclog.services import broken_couplings as broken
from synclog.services import skipped as service

__all__ = [
    "delete_records",
    "find_for_deleted",
    "remove_coupling",
    "restore",
    "retry",
    "retry_all",
    "skipped",
    "synchronize",
]


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
        "options": service.skipped_options(table)[: service.PAGE_SIZE],
        "table": table,
        "tables": service.skipped_tables(),
        "mappings": TableMapping.objects.filter(parent_name="", dataverse_option_field="").select_related("connection"),
        "directions": PassDirection.choices,
    }
    return render(request, "synclog/skipped.html", context)


def _ids(request: HttpRequest, name: str) -> list[str]:
    return [value for value in request.POST.getlist(name) if value.isdigit()]


def _selection(request: HttpRequest) -> tuple[list[Coupling], list[OptionMapping]]:
    """The selected skipped couplings and option values; says what to do when there are none."""
    couplings = list(Coupling.objects.filter(pk__in=_ids(request, "ids"), skipped=True))
    options = list(OptionMapping.objects.filter(pk__in=_ids(request, "option_ids"), skipped=True))
    if not couplings and not options:
        messages.error(request, "Select one or more skipped records first.")
    return couplings, options


def _selected(request: HttpRequest) -> list[Coupling] | None:
    """The selected couplings, for the actions on broken couplings, which have no meaning for an option value."""
    couplings, options = _selection(request)
    if options and not couplings:
        messages.error(request, "Restore Records and Delete Records apply to coupled records, not to option values.")
    return couplings or None


def _back() -> HttpResponse:
    return redirect("synclog:skipped")


@admin_action("Retry")
def retry(request: HttpRequest) -> HttpResponse:
    couplings, options = _selection(request)
    count = service.retry([*couplings, *options])
    if count:
        text = "The record has been restored" if count == 1 else f"{count} records have been restored"
        messages.success(request, f"{text} for synchronization.")
    return _back()


@admin_action("Retry All")
def retry_all(request: HttpRequest) -> HttpResponse:
    messages.success(request, f"{service.retry_all()} records have been restored for synchronization.")
    return _back()


@admin_action("Synchronize")
def synchronize(request: HttpRequest) -> HttpResponse:
    direction = request.POST.get("direction", "")
    if direction not in PassDirection.values:
        messages.error(request, "Choose the direction to synchronize in.")
        return _back()
    couplings, options = _selection(request)
    if couplings or options:
        jobs = service.synchronize(couplings, direction=direction, user=request.user)
        jobs += service.synchronize_options(options, user=request.user)
        messages.success(request, f"The synchronization has been scheduled ({len(jobs)} job(s)).")
    return _back()


@admin_action("Delete Couplings")
def remove_coupling(request: HttpRequest) -> HttpResponse:
    couplings, options = _selection(request)
    if couplings:
        jobs = service.remove_couplings(couplings, user=request.user)
        messages.success(
            request, f"The uncoupling has been scheduled ({len(jobs)} job(s)); see the Synchronization Log."
        )
    if options:
        removed = service.remove_option_mappings(options)
        messages.success(request, f"{removed} option mapping(s) deleted; the next run maps those codes again.")
    return _back()


def _confirm(request: HttpRequest, action: str, url: str, rows: list) -> HttpResponse:
    """The confirmation step: each selected pair and what the action would do to it."""
    context = {
        "action": action,
        "url": url,
        "rows": [(row, broken.describe(row, action)) for row in rows],
        "ids": [row.coupling.pk for row in rows],
    }
    return render(request, "synclog/skipped_confirm.html", context)


def _left_alone(request: HttpRequest, refused: int, action: str) -> None:
    if refused:
        messages.error(request, f"{refused} record(s) were left alone: {broken.ONE_SIDE_ONLY.format(action=action)}")


def _confirmed_rows(request: HttpRequest, action: str, url_name: str) -> list[service.SkippedRow] | HttpResponse:
    """The selected broken couplings once confirmed; before that, the page that asks (or back, if none)."""
    chosen = _selected(request)
    if not chosen:
        return _back()
    rows = service.skipped_rows(chosen)
    if request.POST.get("confirmed") != "1":
        return _confirm(request, action, reverse(url_name), rows)
    return rows


@admin_action("Restore Records")
def restore(request: HttpRequest) -> HttpResponse:
    rows = _confirmed_rows(request, "Restore Records", "synclog:skipped_restore")
    if isinstance(rows, HttpResponse):
        return rows
    restored, refused = broken.restore_records(rows, user=request.user)
    if restored:
        messages.success(request, f"{restored} record(s) will be created again on the side where they are missing.")
    _left_alone(request, refused, "Restore Records")
    return _back()


@admin_action("Delete Records")
def delete_records(request: HttpRequest) -> HttpResponse:
    rows = _confirmed_rows(request, "Delete Records", "synclog:skipped_delete_records")
    if isinstance(rows, HttpResponse):
        return rows
    report = broken.delete_records(rows)
    if report.deleted:
        audit(request, "Delete Records", target="; ".join(report.deleted), detail="Deleted with their couplings.")
        messages.success(request, f"Deleted: {'; '.join(report.deleted)}.")
    for failure in report.failures:
        messages.error(request, failure)
    _left_alone(request, report.refused, "Delete Records")
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
