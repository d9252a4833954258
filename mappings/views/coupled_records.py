"""Coupled records: a list per coupled BC table, one record's page with its timeline, and the Open in … links."""

import uuid
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from connection_setup.clients import odata
from connection_setup.clients.errors import ServiceError
from connection_setup.clients.registry import dataverse_table
from mappings.engine.plan import raw_filter
from mappings.models import Coupling, TableMapping
from mappings.services.match_coupling import record_label
from mappings.services.sync_actions import service_sides
from mappings.views.mapping_list import connection_of
from synclog.models import RecordChange, SyncError

__all__ = ["coupled_index", "coupled_list", "coupled_record", "dataverse_search", "open_in_bc", "open_in_sales"]

# The BC page that shows one record of a table (cards; lists for tables without a card).
BC_PAGES = {
    "Customer": 21,
    "Vendor": 26,
    "Contact": 5050,
    "Item": 30,
    "Resource": 76,
    "Currency": 495,
    "Salesperson/Purchaser": 5116,
    "Sales Invoice Header": 132,
    "Unit of Measure": 209,
    "Customer Price Group": 7,
}
STATES = {
    "coupled": "Coupled",
    "uncoupled": "Not coupled",
    "skipped": "Skipped",
    "failed": "Failed",
}


@dataclass
class RecordRow:
    bc_id: uuid.UUID
    label: str
    coupling: Coupling | None

    @property
    def state(self) -> str:
        c = self.coupling
        if c is None:
            return "uncoupled"
        if c.skipped:
            return "skipped"
        return "failed" if "failure" in (c.last_result_to, c.last_result_from) else "coupled"


def coupled_mappings(connection):
    return TableMapping.objects.filter(connection=connection, parent_name="", dataverse_option_field="").order_by(
        "name"
    )


def coupled_index(request: HttpRequest) -> HttpResponse:
    connection = connection_of(request)
    mappings = list(coupled_mappings(connection)) if connection else []
    counts = {
        row["bc_table"]: row
        for row in Coupling.objects.filter(connection=connection)
        .values("bc_table")
        .annotate(coupled=Count("pk"), skipped=Count("pk", filter=Q(skipped=True)))
    }
    rows = [
        (m, counts.get(m.bc_table, {}).get("coupled", 0), counts.get(m.bc_table, {}).get("skipped", 0))
        for m in mappings
    ]
    return render(request, "mappings/coupled_index.html", {"connection": connection, "rows": rows})


def mapping_or_404(pk: int) -> TableMapping:
    return get_object_or_404(TableMapping.objects.select_related("connection"), pk=pk, parent_name="")


def coupled_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every record of the BC table, read from BC, with its coupling; search and state filters."""
    mapping = mapping_or_404(pk)
    couplings = {
        c.bc_system_id: c for c in Coupling.objects.filter(connection=mapping.connection, bc_table=mapping.bc_table)
    }
    query, state = request.GET.get("q", "").strip(), request.GET.get("state", "")
    rows: list[RecordRow] = []
    try:
        with service_sides(mapping.connection) as sides:
            for page in sides.bc(mapping.bc_table).pages(since=None):
                rows += [RecordRow(r.record_id, record_label(r.values), couplings.get(r.record_id)) for r in page]
    except ServiceError as error:
        messages.error(request, f"The records could not be read from Business Central: {error}")
    if query:
        rows = [row for row in rows if query.casefold() in row.label.casefold()]
    if state in STATES:
        rows = [row for row in rows if row.state == state]
    context = {
        "mapping": mapping,
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "query": query,
        "state": state,
        "states": STATES,
    }
    return render(request, "mappings/coupled_list.html", context)


def sales_url(connection, entity: str, row_id) -> str:
    """BC's Open in Dynamics 365 Sales link to a row (sync_engine §4.6)."""
    params = {"pagetype": "entityrecord", "etn": entity, "id": str(row_id)}
    if connection.use_newest_ui and connection.newest_ui_app_module_id:
        params["appid"] = connection.newest_ui_app_module_id
    return f"{connection.server_address.rstrip('/')}/main.aspx?{urlencode(params)}"


def business_central_url(connection, bc_table: str, system_id) -> str:
    """The BC web client page of a record, when the connection knows the web client's address."""
    page = BC_PAGES.get(bc_table)
    if not connection.bc_web_client_url or page is None:
        return ""
    company = quote(connection.bc_company_name)
    record_filter = quote(f"'SystemId' IS '{system_id}'")
    return f"{connection.bc_web_client_url.rstrip('/')}?company={company}&page={page}&filter={record_filter}"


def coupled_record(request: HttpRequest, pk: int, bc_id: uuid.UUID) -> HttpResponse:
    """One record: its coupling, its synchronization timeline in both directions, its errors; Couple here."""
    mapping = mapping_or_404(pk)
    coupling = Coupling.objects.filter(
        connection=mapping.connection, bc_table=mapping.bc_table, bc_system_id=bc_id
    ).first()
    ids = Q(bc_table=mapping.bc_table, bc_system_id=bc_id)
    if coupling:
        ids |= Q(dataverse_table=mapping.dataverse_table, dataverse_row_id=coupling.dataverse_id)
    context = {
        "mapping": mapping,
        "bc_id": bc_id,
        "coupling": coupling,
        "timeline": RecordChange.objects.filter(ids).select_related("job")[:200],
        "errors": SyncError.objects.filter(ids).select_related("job")[:50],
        "bc_url": business_central_url(mapping.connection, mapping.bc_table, bc_id),
        "directions": [
            ("", "No"),
            ("ToIntegrationTable", "Yes - Use the Business Central data"),
            ("FromIntegrationTable", "Yes - Use the Dataverse data"),
        ],
        "default_direction": ""
        if coupling
        else ("FromIntegrationTable" if mapping.direction == "FromIntegrationTable" else "ToIntegrationTable"),
    }
    return render(request, "mappings/coupled_record.html", context)


def dataverse_search(request: HttpRequest, pk: int, bc_id: uuid.UUID) -> HttpResponse:
    """Dataverse rows whose name starts with the typed text, inside the mapping's filter (the Couple lookup)."""
    mapping = mapping_or_404(pk)
    text = request.GET.get("name", "").strip()
    meta = dataverse_table(mapping.dataverse_table)
    found, problem = [], ""
    name_filter = odata.startswith(meta.primary_name, text) if text else None
    parts = [f for f in (raw_filter(mapping.dataverse_table_filter), name_filter) if f is not None]
    try:
        with service_sides(mapping.connection) as sides:
            side = sides.dataverse(mapping.dataverse_table)
            table_filter = odata.and_(*parts) if len(parts) > 1 else (parts or [None])[0]
            for page in side.pages(since=None, table_filter=table_filter):
                found += [(r.record_id, r.values.get(meta.primary_name) or record_label(r.values)) for r in page]
                if len(found) >= 25:
                    break
    except ServiceError as error:
        problem = f"Dynamics 365 Sales could not be searched: {error}"
    if text and not found and not problem:
        problem = f"A record with the name {text} does not exist in {mapping.dataverse_table}."
    context = {"mapping": mapping, "bc_id": bc_id, "found": found[:25], "problem": problem}
    return render(request, "mappings/partials/coupled_search_results.html", context)


def open_in_sales(request: HttpRequest, pk: int, dataverse_id: uuid.UUID) -> HttpResponse:
    mapping = mapping_or_404(pk)
    return redirect(sales_url(mapping.connection, mapping.dataverse_table, dataverse_id))


def open_in_bc(request: HttpRequest) -> HttpResponse:
    """From a Dataverse row (entity + id) to its coupled BC record: the web client when known, else our page."""
    entity, row_id = request.GET.get("entity", ""), request.GET.get("id", "")
    try:
        row_uuid = uuid.UUID(row_id)
    except ValueError:
        raise Http404(f"{row_id!r} is not a Dataverse row id.") from None
    coupling = Coupling.objects.filter(
        dataverse_table=entity, dataverse_id=row_uuid, bc_system_id__isnull=False
    ).first()
    if coupling is None:
        messages.error(request, f"The {entity} row {row_id} is not coupled to a Business Central record.")
        return redirect("mappings:coupled_index")
    mapping = coupled_mappings(coupling.connection).filter(bc_table=coupling.bc_table).first()
    url = business_central_url(coupling.connection, coupling.bc_table, coupling.bc_system_id)
    if url:
        return redirect(url)
    if mapping is None:
        raise Http404(f"The open page action is not supported for Table {coupling.bc_table}.")
    return redirect(reverse("mappings:coupled_record", args=[mapping.pk, coupling.bc_system_id]))
