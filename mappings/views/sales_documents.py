"""The "Sales Orders - Microsoft Dynamics 365 Sales" page, one order with its lines, and Create in Business Central.

The list shows the Sales orders with status Submitted (legacy mode: only those not yet created in BC), with
whether each is coupled to a BC sales order.
"""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from bcsales.permissions import admin_action
from connection_setup.clients import odata
from connection_setup.clients.errors import ServiceError
from connection_setup.models import Connection
from connection_setup.services.factory import dataverse_client
from mappings.flows.base import FlowError
from mappings.flows.dataverse_rows import ORDER_SUBMITTED
from mappings.flows.legacy_orders import create_in_business_central, eligible_filter
from mappings.models import Coupling

__all__ = ["create_in_bc", "sales_order", "sales_orders"]


def _connection(request: HttpRequest) -> Connection | None:
    chosen = request.GET.get("connection")
    connections = Connection.objects.all()
    if chosen and chosen.isdigit():
        return connections.filter(pk=int(chosen)).first()
    return connections.filter(is_enabled=True).first() or connections.first()


def sales_orders(request: HttpRequest) -> HttpResponse:
    connection = _connection(request)
    context = {"connection": connection, "connections": Connection.objects.all(), "orders": [], "error": ""}
    if connection is not None:
        where = (
            eligible_filter() if connection.legacy_sales_order_integration else odata.eq("statecode", ORDER_SUBMITTED)
        )
        try:
            with dataverse_client(connection) as client:
                orders = [row for page in client.iter_pages("salesorder", filter=where) for row in page]
        except ServiceError as error:
            context["error"] = f"Dynamics 365 Sales could not be read: {error.message}"
            orders = []
        coupled = set(
            Coupling.objects.filter(
                connection=connection, dataverse_table="salesorder", bc_system_id__isnull=False
            ).values_list("dataverse_id", flat=True)
        )
        context["orders"] = [{**row, "coupled": uuid.UUID(row["salesorderid"]) in coupled} for row in orders]
    return render(request, "mappings/sales_orders.html", context)


def sales_order(request: HttpRequest, pk: int, order_id: uuid.UUID) -> HttpResponse:
    connection = get_object_or_404(Connection, pk=pk)
    context = {"connection": connection, "order": None, "lines": [], "error": ""}
    try:
        with dataverse_client(connection) as client:
            context["order"] = client.get("salesorder", order_id)
            where = odata.eq("_salesorderid_value", order_id)
            lines = [r for page in client.iter_pages("salesorderdetail", filter=where) for r in page]
            context["lines"] = [line | {"product": line.get("_productid_value")} for line in lines]
    except ServiceError as error:
        context["error"] = f"The Dynamics 365 Sales order could not be read: {error.message}"
    coupling = Coupling.objects.filter(
        connection=connection, dataverse_table="salesorder", dataverse_id=order_id
    ).first()
    context["coupling"] = coupling if coupling and coupling.bc_system_id else None
    return render(request, "mappings/sales_order.html", context)


@admin_action("Create in Business Central")
def create_in_bc(request: HttpRequest, pk: int, order_id: uuid.UUID) -> HttpResponse:
    connection = get_object_or_404(Connection, pk=pk)
    try:
        outcome = create_in_business_central(connection, order_id, user=request.user)
    except (FlowError, ServiceError) as error:
        messages.error(request, str(error))
        return redirect("mappings:sales_order", pk=pk, order_id=order_id)
    if outcome.created or outcome.header:
        messages.success(request, outcome.message)
    else:
        messages.error(request, outcome.message or "The sales order was not created.")
    return redirect("mappings:sales_order", pk=pk, order_id=order_id)
