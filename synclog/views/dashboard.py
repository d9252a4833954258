"""The dashboard: charts of records synchronized and failed per mapping, the job queue, the latest jobs."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mappings.models import Coupling, JobQueueEntry
from synclog.choices import JobStatus
from synclog.models import SyncError, SyncJob
from synclog.services.charts import DAYS, job_queue_bars, mapping_charts

__all__ = ["dashboard", "dashboard_context"]


def dashboard_context() -> dict:
    return {
        "charts": mapping_charts(),
        "days": DAYS,
        "queue_bars": job_queue_bars(),
        "entries": JobQueueEntry.objects.select_related("connection").order_by("next_run_at")[:10],
        "running": SyncJob.objects.filter(status__in=JobStatus.enqueued()).count(),
        "recent": SyncJob.objects.select_related("connection")[:10],
        "error_count": SyncError.objects.count(),
        "skipped_count": Coupling.objects.filter(skipped=True).count(),
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "synclog/dashboard.html", dashboard_context())
