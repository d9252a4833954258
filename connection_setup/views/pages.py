"""The read-only pages: the list of connections, the Connection Setup page and the new-connection form."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse

from connection_setup.forms import ConnectionForm, SwitchesForm
from connection_setup.models import Connection
from connection_setup.services.checks import version_is_valid
from connection_setup.services.notices import job_counter_message, notices_for
from mappings.models import JobQueueEntry, JobQueueStatus, TableMapping

__all__ = ["connection_list", "default_setup", "detail", "new", "render_setup_page"]

# BC's navigation actions of the setup page, by our URL names; a link shows only when its page is routed.
NAVIGATION_LINKS = [
    ("Integration Table Mappings", "mappings:list"),
    ("Synch. Job Queue Entries", "mappings:job_queue"),
    ("Skipped Synch. Records", "synclog:skipped"),
    ("Run Full Synchronization", "mappings:full_sync_review"),
    ("Synchronization Log", "synclog:jobs"),
]


def navigation_links(connection: Connection) -> list[tuple[str, str]]:
    links = []
    for label, name in NAVIGATION_LINKS:
        try:
            links.append((label, f"{reverse(name)}?connection={connection.pk}"))
        except NoReverseMatch:
            continue
    if connection.unit_group_mapping_enabled:
        links.append(("Unit Group Mapping Steps", reverse("mappings:unit_groups", args=[connection.pk])))
    return links


def job_counter(connection: Connection) -> dict:
    """BC's "Active scheduled synchronization jobs": X of Y, both 0 while the connection is disabled."""
    entries = JobQueueEntry.objects.filter(connection=connection)
    total = entries.count() if connection.is_enabled else 0
    active = entries.filter(status__in=[JobQueueStatus.READY, JobQueueStatus.IN_PROCESS]).count() if total else 0
    style = "green" if total and active == total else ("yellow" if active else "red")
    return {"total": total, "active": active, "style": style, "message": job_counter_message(active, total)}


def connection_list(request: HttpRequest) -> HttpResponse:
    connections = Connection.objects.select_related("assisted_setup")
    return render(request, "connection_setup/list.html", {"connections": connections})


def new(request: HttpRequest) -> HttpResponse:
    return render(request, "connection_setup/new.html", {"form": ConnectionForm()})


def render_setup_page(request: HttpRequest, connection: Connection, *, status: int = 200, **context) -> HttpResponse:
    """The Connection Setup page; actions re-render it with their bound form or results on the same URL."""
    context.setdefault("form", ConnectionForm(instance=connection))
    context.setdefault("switches", SwitchesForm(instance=connection))
    context.update(
        connection=connection,
        links=navigation_links(connection),
        jobs=job_counter(connection),
        version_valid=version_is_valid(connection.crm_version),
        notices=notices_for(connection),
    )
    return render(request, "connection_setup/setup.html", context, status=status)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    connection = get_object_or_404(Connection, pk=pk)
    return render_setup_page(request, connection)


def default_setup(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation of Use Default Synchronization Setup: it lists what will be overwritten."""
    connection = get_object_or_404(Connection, pk=pk)
    mappings = TableMapping.objects.filter(connection=connection).order_by("name")
    entries = JobQueueEntry.objects.filter(connection=connection).order_by("code")
    return render(
        request,
        "connection_setup/default_setup.html",
        {"connection": connection, "mappings": mappings, "entries": entries},
    )
