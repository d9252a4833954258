"""The Sandbox Browser: read-only pages over every emulated table, so a person can see what a synchronization
did on either side. Behind login like every page; nothing here changes data (``sales_ui`` changes a field)."""

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sandbox.browser.catalog import SYSTEMS, browsed_table, browsed_tables, etag, record_page, row_count, search_page
from sandbox.browser.sales_ui import editable_fields
from sandbox.odata import ODataQueryError

__all__ = ["browser", "browser_record", "browser_table"]


@require_GET
def browser(request: HttpRequest) -> HttpResponse:
    systems = []
    for service, label in SYSTEMS.items():
        tables = [(table, row_count(table)) for table in browsed_tables(service)]
        systems.append({"service": service, "label": label, "tables": tables})
    return render(request, "sandbox/browser/index.html", {"systems": systems})


def _table_or_404(service: str, name: str):
    table = browsed_table(service, name)
    if table is None:
        raise Http404(f"The sandbox has no table {name} in {service}.")
    return table


@require_GET
def browser_table(request: HttpRequest, service: str, table: str) -> HttpResponse:
    browsed = _table_or_404(service, table)
    query = request.GET.get("q", "").strip()
    try:
        records, next_token, total = search_page(browsed, query, request.GET.get("after") or None)
    except ODataQueryError:
        raise Http404("That page link is no longer valid; start from the first page.") from None
    rows = [{**record, "cells": [record["data"].get(column) for column in browsed.columns]} for record in records]
    context = {"system": SYSTEMS[service], "table": browsed, "rows": rows, "query": query, "total": total}
    context |= {"next_token": next_token, "first_page": bool(request.GET.get("after"))}
    return render(request, "sandbox/browser/table.html", context)


@require_GET
def browser_record(request: HttpRequest, service: str, table: str, row_id: uuid.UUID) -> HttpResponse:
    browsed = _table_or_404(service, table)
    record = record_page(browsed, row_id)
    if record is None:
        raise Http404(f"No {table} record with id {row_id}.")
    context = {"system": SYSTEMS[service], "table": browsed, "record": record, "etag": etag(service, record["version"])}
    context["editable_fields"] = editable_fields(browsed)
    return render(request, "sandbox/browser/record.html", context)
