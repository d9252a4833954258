"""The Synch. Job Queue Entries page: status, next run, last result; Run Now, Set On Hold, Set Ready."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from bcsales.permissions import admin_action
from mappings.models import JobQueueEntry

__all__ = ["job_queue", "run_now", "set_on_hold", "set_ready"]


def job_queue(request: HttpRequest) -> HttpResponse:
    entries = JobQueueEntry.objects.select_related("connection", "mapping").order_by("connection__name", "code")
    return render(request, "mappings/job_queue.html", {"entries": entries})


@admin_action("Run Now")
def run_now(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(JobQueueEntry, pk=pk)
    from django_q.tasks import async_task

    async_task("mappings.tasks.run_job_queue_entry", entry.pk)
    messages.success(request, f"{entry.code} will run in the background now.")
    return redirect("mappings:job_queue")


@admin_action("Set On Hold")
def set_on_hold(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(JobQueueEntry, pk=pk)
    entry.set_on_hold()
    messages.success(request, f"{entry.code} is On Hold; it will not run until you set it Ready.")
    return redirect("mappings:job_queue")


@admin_action("Set Status to Ready")
def set_ready(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(JobQueueEntry, pk=pk)
    entry.set_ready(delay=timedelta(seconds=30))
    messages.success(request, f"{entry.code} is Ready and runs within a minute.")
    return redirect("mappings:job_queue")
