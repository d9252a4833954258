"""The Connection Setup page's actions; each one calls one service function and shows its result on the page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bcsales.permissions import admin_action
from connection_setup.forms import AdminCredentialsForm, ConnectionForm, SwitchesForm
from connection_setup.models import Connection
from connection_setup.services.checks import test_connection as run_test_connection
from connection_setup.services.defaults import use_default_synchronization_setup
from connection_setup.services.enablement import (
    AdminCredentialsRequired,
    SetupError,
    deploy_solution,
    disable_connection,
    enable_connection,
)
from connection_setup.services.preflight import run_preflight
from connection_setup.services.setup import save_connection
from connection_setup.services.switches import change_switches
from connection_setup.services.web_client import publish_company
from connection_setup.views.pages import render_setup_page

__all__ = [
    "create",
    "disable",
    "enable",
    "import_solution",
    "reset_web_client_url",
    "save",
    "switches",
    "test_connection",
    "use_default_setup",
]


@admin_action("Create Connection")
def create(request: HttpRequest) -> HttpResponse:
    form = ConnectionForm(request.POST)
    if not form.is_valid():
        return render(request, "connection_setup/new.html", {"form": form})
    connection = save_connection(form, request=request)
    messages.success(request, f"Connection {connection.name} was created.")
    return redirect("connection_setup:detail", connection.pk)


@admin_action("Modify Connection Setup")
def save(request: HttpRequest, pk: int) -> HttpResponse:
    connection = get_object_or_404(Connection, pk=pk)
    if connection.is_enabled:
        messages.error(request, "Disable the connection before you change its connection fields.")
        return redirect("connection_setup:detail", pk)
    form = ConnectionForm(request.POST, instance=connection)
    if not form.is_valid():
        return render_setup_page(request, Connection.objects.get(pk=pk), form=form)
    save_connection(form, request=request)
    messages.success(request, "The connection setup was saved.")
    return redirect("connection_setup:detail", pk)


@admin_action("Modify Dynamics 365 Sales Settings")
def switches(request: HttpRequest, pk: int) -> HttpResponse:
    connection = get_object_or_404(Connection, pk=pk)
    form = SwitchesForm(request.POST, instance=connection)
    if not form.is_valid():
        return render_setup_page(request, Connection.objects.get(pk=pk), switches=form)
    outcome = change_switches(form, request=request)
    if outcome.confirmations:
        return render(
            request,
            "connection_setup/confirm_switches.html",
            {"connection": connection, "form": form, "outcome": outcome},
        )
    if outcome.error:
        return render_setup_page(request, Connection.objects.get(pk=pk), switches=form, error=outcome.error)
    for line in outcome.messages:
        messages.success(request, line)
    return redirect(outcome.next_url or reverse("connection_setup:detail", args=[pk]))


@admin_action("Test Connection")
def test_connection(request: HttpRequest, pk: int) -> HttpResponse:
    """Each step of the test; when they all pass, the preflight checklist of the enabled mappings follows."""
    connection = get_object_or_404(Connection, pk=pk)
    report = run_test_connection(connection)
    preflight = run_preflight(connection) if report.ok else None
    return render_setup_page(request, connection, report=report, preflight=preflight)


def _with_admin(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    """Run an action that may need an administrator sign-in; ask for it on the page when the service says so."""
    connection = get_object_or_404(Connection, pk=pk)
    admin_form = AdminCredentialsForm(request.POST if "admin_user_name" in request.POST else None)
    admin = admin_form.credentials() if admin_form.is_bound and admin_form.is_valid() else None
    try:
        done = action(connection, admin=admin, request=request) or [success]
    except AdminCredentialsRequired as needed:
        return render_setup_page(
            request, connection, admin_form=admin_form, error=str(needed), admin_action_url=request.path
        )
    except SetupError as error:
        messages.error(request, str(error))
        return redirect("connection_setup:detail", pk)
    for line in done:
        messages.success(request, line)
    return redirect("connection_setup:detail", pk)


@admin_action("Enable Connection")
def enable(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_admin(request, pk, enable_connection, "The connection is enabled.")


@admin_action("Redeploy Integration Solution")
def import_solution(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_admin(request, pk, deploy_solution, "The solution, user roles and entities have been deployed.")


@admin_action("Disable Connection")
def disable(request: HttpRequest, pk: int) -> HttpResponse:
    connection = get_object_or_404(Connection, pk=pk)
    disable_connection(connection, request=request)
    messages.success(request, "The connection is disabled; its synchronization jobs are on hold.")
    return redirect("connection_setup:detail", pk)


@admin_action("Use Default Synchronization Setup")
def use_default_setup(request: HttpRequest, pk: int) -> HttpResponse:
    connection = get_object_or_404(Connection, pk=pk)
    try:
        done = use_default_synchronization_setup(connection, request=request)
    except SetupError as error:
        messages.error(request, str(error))
    else:
        for line in done:
            messages.success(request, line)
    return redirect("connection_setup:detail", pk)


@admin_action("Reset Web Client URL")
def reset_web_client_url(request: HttpRequest, pk: int) -> HttpResponse:
    """BC's Reset Web Client URL: publish the default URL of this company, replacing a custom one."""
    connection = get_object_or_404(Connection, pk=pk)
    if not (connection.is_enabled and connection.is_solution_installed):
        messages.error(request, "Reset Web Client URL needs an enabled connection with the integration solution.")
        return redirect("connection_setup:detail", pk)
    connection.bc_web_client_url = ""
    message = publish_company(connection)
    (messages.success if connection.bc_web_client_url else messages.error)(request, message)
    return redirect("connection_setup:detail", pk)
