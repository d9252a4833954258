"""The Integration Table Mappings page of a connection, with Export and Import of its mappings."""

import json
from dataclasses import dataclass

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify

from bcsales.permissions import admin_action
from connection_setup.models import Connection
from mappings.forms.mapping_forms import ImportMappingsForm
from mappings.models import JobQueueEntry, TableMapping
from mappings.services.mapping_schema import SchemaUnavailable, mapping_schema
from mappings.services.mapping_transfer import ImportRejected, export_mappings, import_mappings
from synclog.models import SyncJob

__all__ = ["connection_of", "export_view", "import_view", "mapping_list"]


@dataclass
class MappingRow:
    mapping: TableMapping
    entry: JobQueueEntry | None
    last_job: SyncJob | None


def connection_of(request: HttpRequest) -> Connection | None:
    """The connection named by ``?connection=`` (or the posted one), else the first connection."""
    wanted = request.POST.get("connection") or request.GET.get("connection")
    if wanted:
        if not str(wanted).isdigit():
            raise Http404("No such connection.")
        return get_object_or_404(Connection, pk=int(wanted))
    return Connection.objects.first()


def _rows(connection: Connection) -> list[MappingRow]:
    mappings = list(TableMapping.objects.filter(connection=connection, parent_name="").select_related("parent_mapping"))
    entries = {entry.code: entry for entry in JobQueueEntry.objects.filter(connection=connection)}
    latest = SyncJob.objects.filter(connection=connection).values("mapping_name").annotate(last=Max("pk"))
    jobs = {job.mapping_name: job for job in SyncJob.objects.filter(pk__in=latest.values("last"))}
    return [MappingRow(mapping, entries.get(mapping.name), jobs.get(mapping.name)) for mapping in mappings]


def _log_url() -> str:
    """The Synchronization Log page, when the log's routes are installed."""
    try:
        return reverse("synclog:jobs")
    except NoReverseMatch:
        return ""


def mapping_list(request: HttpRequest) -> HttpResponse:
    connection = connection_of(request)
    context = {
        "connection": connection,
        "connections": Connection.objects.all(),
        "rows": _rows(connection) if connection else [],
        "import_form": ImportMappingsForm(),
        "log_url": _log_url(),
    }
    return render(request, "mappings/mapping_list.html", context)


def export_view(request: HttpRequest) -> HttpResponse:
    """Download the connection's mappings as a JSON file (read-only, so a plain GET)."""
    connection = connection_of(request)
    if connection is None:
        raise Http404("There is no connection to export.")
    body = json.dumps(export_mappings(connection), indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="mappings-{slugify(connection.name)}.json"'
    return response


@admin_action("Import Integration Table Mappings")
def import_view(request: HttpRequest) -> HttpResponse:
    connection = connection_of(request)
    if connection is None:
        raise Http404("There is no connection to import into.")
    target = f"{reverse('mappings:list')}?connection={connection.pk}"
    form = ImportMappingsForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a mapping file to import.")
        return redirect(target)
    try:
        schema = mapping_schema(connection)
        imported = import_mappings(connection, form.cleaned_data["file"].read(), schema=schema)
    except SchemaUnavailable as error:
        messages.error(request, str(error))
    except ImportRejected as error:
        messages.error(request, f"{error} Nothing was changed.")
        for problem in error.problems[:50]:
            messages.error(request, problem)
    else:
        messages.success(request, f"{len(imported)} mapping(s) imported into {connection.name}.")
    return redirect(target)
