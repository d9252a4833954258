"""The Sandbox Browser: read-only pages over every emulated table, so a person can see what a synchronization
did on either side. Behind login like every page; nothing here changes data (``sales_ui`` changes a field)."""

import uuid
from contextlib import AbstractContextManager, nullcontext

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sandbox.bc.company_scope import in_company
from sandbox.browser.catalog import (
    SYSTEMS,
    browsed_table,
    browsed_tables,
    chosen_company,
    companies,
    etag,
    record_page,
    row_count,
    search_page,
)
from sandbox.browser.sales_ui import editable_fields
from sandbox.odata import ODataQueryError

__all__ = ["browser", "browser_record", "browser_table"]


def _company(request: HttpRequest, service: str):
    """The BC company the page shows (``?company=<id>``, else the first one); None for Dataverse pages."""
    if service != "bc":
        return None
    requested = request.GET.get("company", "").strip() or None
    company = chosen_company(requested)
    if requested and company is None:
        raise Http404(f"The sandbox has no Business Central company with id {requested}.")
    return company


def _in(company) -> AbstractContextManager:
    return in_company(company.row_id) if company is not None else nullcontext()


@require_GET
def browser(request: HttpRequest) -> HttpResponse:
    company = _company(request, "bc")
    systems = []
    for service, label in SYSTEMS.items():
        with _in(company if service == "bc" else None):
            tables = [(table, row_count(table)) for table in browsed_tables(service)]
        systems.append({"service": service, "label": label, "tables": tables})
    context = {"systems": systems, "company": company, "companies": companies()}
    return render(request, "sandbox/browser/index.html", context)


def _table_or_404(service: str, name: str):
    table = browsed_table(service, name)
    if table is None:
        raise Http404(f"The sandbox has no table {name} in {service}.")
    return table


@require_GET
def browser_table(request: HttpRequest, service: str, table: str) -> HttpResponse:
    browsed = _table_or_404(service, table)
    company = _company(request, service)
    query = request.GET.get("q", "").strip()
    try:
        with _in(company):
            records, next_token, total = search_page(browsed, query, request.GET.get("after") or None)
    except ODataQueryError:
        raise Http404("That page link is no longer valid; start from the first page.") from None
    rows = [{**record, "cells": [record["data"].get(column) for column in browsed.columns]} for record in records]
    context = {"system": SYSTEMS[service], "table": browsed, "rows": rows, "query": query, "total": total}
    context |= {"next_token": next_token, "first_page": bool(request.GET.get("after")), "company": company}
    return render(request, "sandbox/browser/table.html", context)


@require_GET
def browser_record(request: HttpRequest, service: str, table: str, row_id: uuid.UUID) -> HttpResponse:
    browsed = _table_or_404(service, table)
    company = _company(request, service)
    with _in(company):
        record = record_page(browsed, row_id)
    if record is None:
        raise Http404(f"No {table} record with id {row_id}.")
    context = {"system": SYSTEMS[service], "table": browsed, "record": record, "etag": etag(service, record["version"])}
    context |= {"editable_fields": editable_fields(browsed), "company": company}
    return render(request, "sandbox/browser/record.html", context)
