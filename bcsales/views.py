"""Pages of the shell itself: the landing page, the audit trail and the friendly error pages."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bcsales.models import AuditEntry
from synclog.views.dashboard import dashboard_context


def home(request: HttpRequest) -> HttpResponse:
    """The landing page is the dashboard: charts of the synchronization and the job queue's state."""
    return render(request, "home.html", dashboard_context())


def audit_trail(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.all()
    query = request.GET.get("q", "").strip()
    if query:
        entries = entries.filter(action__icontains=query) | entries.filter(username__icontains=query)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit_trail.html", {"page": page, "query": query})


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
