"""The Full Synchronization Review page: lines, live progress, Start / Sync All / Restart and the dry run."""

import csv
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify

from bcsales.permissions import admin_action
from connection_setup.clients.errors import ServiceError
from mappings.models import FieldMapping, FullSyncReviewLine, Recommendation, ReviewStatus
from mappings.services import full_sync_review as review
from mappings.services.dry_run import DryRun, plan_coupling, plan_full_synchronization
from mappings.services.multi_company import MultiCompanyRefused, toggle_multi_company
from mappings.views.mapping_list import connection_of
from synclog.services.progress import JobProgress, job_progress

__all__ = [
    "delete_line_view",
    "dry_run_view",
    "lines_partial",
    "page",
    "recommend_full_view",
    "render_dry_run",
    "reset_view",
    "restart_view",
    "start_view",
    "sync_all_view",
    "toggle_multi_company_view",
]

POLLING_DONE = 286  # htmx stops polling on this status


@dataclass
class LineRow:
    line: FullSyncReviewLine
    status: ReviewStatus
    progress: list[JobProgress]
    waits_for: list[str]
    has_criteria: bool = False


def _rows(lines: list[FullSyncReviewLine]) -> list[LineRow]:
    rows = []
    with_criteria = set(
        FieldMapping.objects.filter(
            table_mapping__in=[line.mapping_id for line in lines], use_for_match_based_coupling=True
        ).values_list("table_mapping_id", flat=True)
    )
    for line in lines:
        status, jobs = review.live_status(line)
        hints = (
            [line.bc_count, line.dataverse_count]
            if line.direction != "FromIntegrationTable"
            else [line.dataverse_count]
        )
        progress = [job_progress(job, hints[i] if i < len(hints) else None) for i, job in enumerate(jobs)]
        waits_for = review.unmet_dependencies(line, lines)
        rows.append(LineRow(line, status, progress, waits_for, line.mapping_id in with_criteria))
    return rows


def _lines(connection) -> list[FullSyncReviewLine]:
    return list(FullSyncReviewLine.objects.filter(connection=connection, deleted=False).select_related("mapping"))


def _context(request: HttpRequest) -> dict:
    connection = connection_of(request)
    if connection is None:
        return {"connection": None, "rows": []}
    lines = _lines(connection)
    if not lines and not FullSyncReviewLine.objects.filter(connection=connection).exists():
        lines = review.generate_review(connection)
    rows = _rows(lines)
    return {
        "connection": connection,
        "rows": rows,
        "running": any(row.status == ReviewStatus.IN_PROCESS for row in rows),
        "can_sync_all": any(row.status == ReviewStatus.BLANK for row in rows),
    }


def page(request: HttpRequest) -> HttpResponse:
    return render(request, "mappings/full_sync_review.html", _context(request))


def lines_partial(request: HttpRequest) -> HttpResponse:
    """The lines alone, polled every 2 s while a line runs; 286 tells htmx to stop once nothing runs."""
    context = _context(request)
    response = render(request, "mappings/partials/full_sync_review_lines.html", context)
    if not context.get("running"):
        response.status_code = POLLING_DONE
    return response


def _back(connection) -> HttpResponse:
    return redirect(f"{reverse('mappings:full_sync_review')}?connection={connection.pk}")


def _line(pk: int) -> FullSyncReviewLine:
    return get_object_or_404(FullSyncReviewLine.objects.select_related("mapping", "connection"), pk=pk, deleted=False)


@admin_action("Sync All")
def sync_all_view(request: HttpRequest) -> HttpResponse:
    connection = connection_of(request)
    if connection is None:
        raise Http404("There is no connection.")
    started = review.sync_all(connection, user=request.user)
    if started:
        names = ", ".join(line.mapping.name for line in started)
        messages.success(request, f"Started {names}. The next lines start by themselves when these finish.")
    else:
        messages.warning(request, "No line can start now: every line has run, or waits for its dependencies.")
    return _back(connection)


@admin_action("Start")
def start_view(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(pk)
    status, _ = review.live_status(line)
    waits_for = review.unmet_dependencies(line, _lines(line.connection))
    if status != ReviewStatus.BLANK:
        messages.error(request, f"{line.mapping.name} has already been started; use Restart to run it again.")
    elif waits_for:
        messages.error(request, f"{line.mapping.name} waits for {', '.join(waits_for)} to finish first.")
    elif review.start_line(line, user=request.user) is None:
        messages.warning(request, f"{line.mapping.name}: no records were found, so there is nothing to synchronize.")
    else:
        messages.success(request, f"{line.mapping.name} is running in the background.")
    return _back(line.connection)


@admin_action("Restart")
def restart_view(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(pk)
    status, _ = review.live_status(line)
    if status not in (ReviewStatus.FINISHED, ReviewStatus.ERROR):
        messages.error(request, "Only a line that has finished or failed can be restarted.")
    elif review.restart_line(line, user=request.user):
        messages.success(request, f"{line.mapping.name} was restarted.")
    else:
        messages.success(request, f"{line.mapping.name} was reset; it starts when its dependencies have finished.")
    return _back(line.connection)


@admin_action("Recommend Full Synchronization")
def recommend_full_view(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(pk)
    if line.recommendation != Recommendation.COUPLE_RECORDS or line.status != ReviewStatus.BLANK:
        messages.error(request, "Only a line that recommends Couple Records and has not started can be changed.")
    else:
        review.recommend_full_synchronization(line)
        messages.success(request, f"{line.mapping.name} now recommends {line.get_recommendation_display()}.")
    return _back(line.connection)


@admin_action("Toggle Multi-Company Synchronization")
def toggle_multi_company_view(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(pk)
    if review.live_status(line)[0] == ReviewStatus.IN_PROCESS:
        messages.error(request, f"{line.mapping.name} is running; wait until it has finished.")
        return _back(line.connection)
    try:
        messages.success(request, toggle_multi_company(line))
    except (MultiCompanyRefused, ServiceError) as error:
        messages.error(request, str(error))
    return _back(line.connection)


@admin_action("Delete Line")
def delete_line_view(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(pk)
    if review.live_status(line)[0] == ReviewStatus.IN_PROCESS:
        messages.error(request, f"{line.mapping.name} is running; wait until it has finished.")
    else:
        review.delete_line(line)
        messages.success(request, f"{line.mapping.name} was removed from this review until you reset it.")
    return _back(line.connection)


@admin_action("Reset")
def reset_view(request: HttpRequest) -> HttpResponse:
    connection = connection_of(request)
    if connection is None:
        raise Http404("There is no connection.")
    if any(review.live_status(line)[0] == ReviewStatus.IN_PROCESS for line in _lines(connection)):
        messages.error(request, "A line is running; reset the review when it has finished.")
    else:
        review.reset_review(connection)
        messages.success(request, "The review was generated afresh from both services.")
    return _back(connection)


def render_dry_run(request: HttpRequest, run: DryRun, back_url: str) -> HttpResponse:
    """The dry run as a page, or as CSV with ``?format=csv``."""
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{slugify(run.title)}.csv"'
        writer = csv.writer(response)
        writer.writerow(["Direction", "Action", "Record", "Business Central id", "Dataverse id", "Detail"])
        for o in run.outcomes:
            writer.writerow([o.direction, o.action, o.label, o.bc_id or "", o.dataverse_id or "", o.detail])
        return response
    return render(request, "mappings/full_sync_review_dry_run.html", {"run": run, "back_url": back_url})


def dry_run_view(request: HttpRequest, pk: int) -> HttpResponse:
    """What the line would do per record, read from both services; nothing is written."""
    line = _line(pk)
    try:
        if line.recommendation == Recommendation.COUPLE_RECORDS:
            run = plan_coupling(line.mapping, create_new=line.mapping.create_new_if_no_match)
        else:
            run = plan_full_synchronization(line.mapping)
    except ServiceError as error:
        messages.error(request, f"The records could not be read: {error}")
        return _back(line.connection)
    return render_dry_run(request, run, f"{reverse('mappings:full_sync_review')}?connection={line.connection_id}")
