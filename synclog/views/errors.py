"""Integration Errors: every failed record with both ids, the message, the details and the job; clean-up actions."""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bcsales.permissions import admin_action
from connection_setup.models import Connection
from synclog.choices import PassDirection
from synclog.models import SyncError
from synclog.services.filters import read_filters

__all__ = ["delete_all", "delete_older", "errors"]

KEEP_DAYS = 7


def errors(request: HttpRequest) -> HttpResponse:
    filters = read_filters(request.GET)
    for problem in filters.problems:
        messages.error(request, problem)
    found = filters.errors(SyncError.objects.select_related("job", "mapping"))
    context = {
        "page": Paginator(found, 50).get_page(request.GET.get("page")),
        "filters": filters.values,
        "connections": Connection.objects.all(),
        "directions": PassDirection.choices,
        "keep_days": KEEP_DAYS,
    }
    return render(request, "synclog/errors.html", context)


@admin_action("Delete Entries Older Than 7 Days")
def delete_older(request: HttpRequest) -> HttpResponse:
    removed, _ = SyncError.objects.filter(created__lt=timezone.now() - timedelta(days=KEEP_DAYS)).delete()
    messages.success(request, f"{removed} error entries older than {KEEP_DAYS} days were deleted.")
    return redirect("synclog:errors")


@admin_action("Delete All Entries")
def delete_all(request: HttpRequest) -> HttpResponse:
    removed, _ = SyncError.objects.all().delete()
    messages.success(request, f"{removed} error entries were deleted.")
    return redirect("synclog:errors")
