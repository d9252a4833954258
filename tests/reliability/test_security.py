"""Security (issue 11.5) beyond the action guard of ``tests/bcsales``: every page needs a login, secrets never reach
a page, a log line or the error page, internal addresses are refused, and the audit trail names who did what."""

import io
import logging
import re
import uuid

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, path, reverse

from bcsales.models import AuditEntry
from bcsales.navigation import visible_navigation
from bcsales.permissions import ACTION_VIEWS
from connection_setup.models import Connection
from tests.connection_setup.conftest import SECRET

pytestmark = pytest.mark.django_db

INTERNAL = ["http://169.254.169.254", "http://10.0.0.1", "https://localhost.evil.com", "https://192.168.0.10"]


def _page_paths(pk: int) -> list[str]:
    """A concrete path for every routed page that is not an action and not open to anonymous callers."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif entry.callback not in ACTION_VIEWS and getattr(entry.callback, "login_required", True):
                route = re.sub(r"<int:\w+>", str(pk), "/" + prefix + str(entry.pattern))
                route = re.sub(r"<uuid:\w+>", str(uuid.uuid4()), route)
                found.append(re.sub(r"<(?:\w+:)?\w+>", "x", route).lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_page_and_every_navigation_entry_sends_an_anonymous_visitor_to_login(client, connection):
    paths = _page_paths(connection.pk)
    assert {url for _, items in visible_navigation() for _, url in items} <= set(paths)
    for page in paths:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/login/?next="), page


@pytest.mark.django_db(databases=["default", "sandbox"])
def test_no_page_an_administrator_can_open_shows_the_secret(admin_client, connection):
    opened = 0
    for page in _page_paths(connection.pk):
        response = admin_client.get(page)
        if response.status_code == 200 and not response.streaming:
            opened += 1
            assert SECRET not in response.content.decode(errors="replace"), page
    assert opened >= 10


def _leaky_view(request):
    raise RuntimeError(f"could not connect: AuthType=ClientSecret;ClientSecret={SECRET};Url=https://x")


urlpatterns = [path("leak/", _leaky_view), *get_resolver("bcsales.urls").url_patterns]


@pytest.mark.urls(__name__)
def test_the_error_page_and_its_log_line_never_show_a_secret(admin_user, settings):
    settings.DEBUG = False
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    captured = io.StringIO()
    previous = console.setStream(captured)
    try:
        client = Client(raise_request_exception=False)
        client.force_login(admin_user)
        response = client.get("/leak/")
    finally:
        console.setStream(previous)
    assert response.status_code == 500
    assert SECRET not in response.content.decode()
    assert "Internal Server Error: /leak/" in captured.getvalue()
    assert SECRET not in captured.getvalue()


@pytest.mark.parametrize("address", INTERNAL)
def test_an_internal_address_is_refused_when_a_connection_is_created(admin_client, settings, address):
    settings.ALLOWED_SERVER_HOSTS = []
    data = {"name": "Internal", "server_address": address, "tenant": "t", "client_id": "c", "client_secret": "x"}
    data |= {"authentication_type": "ClientSecret", "bc_tenant": "t", "bc_environment": "production"}
    page = admin_client.post(reverse("connection_setup:create"), data).content.decode()
    assert "is not an allowed server" in page or "Only secure (HTTPS) connections are supported" in page
    assert not Connection.objects.filter(name="Internal").exists()


def test_the_audit_trail_names_who_changed_the_set_up_and_who_ran_an_action(admin_client, connection):
    admin_client.post(reverse("connection_setup:disable", args=[connection.pk]))
    admin_client.post(reverse("connection_setup:reset_web_client_url", args=[connection.pk]))
    entries = list(AuditEntry.objects.order_by("id").values_list("username", "action", "target"))
    assert {user for user, _, _ in entries} == {"admin"}
    assert {action for _, action, _ in entries} >= {"Disable Connection", "Reset Web Client URL"}
    assert all(str(connection.pk) in target for _, _, target in entries)
    trail = admin_client.get(reverse("audit_trail")).content.decode()
    assert "Disable Connection" in trail and "Reset Web Client URL" in trail
