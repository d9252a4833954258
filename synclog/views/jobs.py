"""The Synchronization Log: jobs with filters, and one job's page with its progress, errors and record changes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from connection_setup.models import Connection
from synclog.choices import JobStatus, JobType, PassDirection
from synclog.models import SyncJob
from synclog.services.filters import read_filters
from synclog.services.progress import job_progress

__all__ = ["job_detail", "job_progress_partial", "jobs"]

POLLING_DONE = 286  # htmx stops polling on this status


def jobs(request: HttpRequest) -> HttpResponse:
    filters = read_filters(request.GET)
    for problem in filters.problems:
        messages.error(request, problem)
    found = filters.jobs(SyncJob.objects.select_related("connection"))
    context = {
        "page": Paginator(found, 50).get_page(request.GET.get("page")),
        "filters": filters.values,
        "connections": Connection.objects.all(),
        "directions": PassDirection.choices,
        "job_types": JobType.choices,
        "statuses": JobStatus.choices,
        "mapping_names": SyncJob.objects.order_by("mapping_name").values_list("mapping_name", flat=True).distinct(),
    }
    return render(request, "synclog/jobs.html", context)


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(SyncJob.objects.select_related("connection", "mapping", "user"), pk=pk)
    context = {
        "job": job,
        "progress": job_progress(job),
        "errors": Paginator(job.errors.all(), 50).get_page(request.GET.get("page")),
        "changes": job.record_changes.all()[:100],
        "change_count": job.record_changes.count(),
    }
    return render(request, "synclog/job_detail.html", context)


def job_progress_partial(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress and counters, polled every 2 s while it runs; 286 when it has ended."""
    job = get_object_or_404(SyncJob, pk=pk)
    progress = job_progress(job)
    response = render(request, "synclog/partials/job_progress.html", {"job": job, "progress": progress})
    if not progress.running:
        response.status_code = POLLING_DONE
    return response
