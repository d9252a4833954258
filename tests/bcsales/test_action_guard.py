"""Every action the URL configuration exposes: POST only, CSRF-checked, integration administrators only, audited."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from bcsales.models import AuditEntry
from bcsales.permissions import ACTION_VIEWS

pytestmark = pytest.mark.django_db


def _action_paths() -> list[str]:
    """A concrete path for every routed action view, with placeholder values for its arguments."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.callback in ACTION_VIEWS:
                found.append(_concrete("/" + prefix + str(entry.pattern)))

    walk(get_resolver().url_patterns, "")
    return found


def _concrete(route: str) -> str:
    route = re.sub(r"<uuid:\w+>", str(uuid.UUID(int=1)), route)
    route = re.sub(r"<int:\w+>", "999999", route)
    return re.sub(r"<(?:\w+:)?\w+>", "x", route).lstrip("^").rstrip("$")


ACTION_PATHS = _action_paths()


def test_the_application_exposes_actions():
    assert len(ACTION_PATHS) >= 5


@pytest.mark.parametrize("path", ACTION_PATHS)
def test_an_anonymous_visitor_is_sent_to_login(client, path):
    response = client.post(path)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("path", ACTION_PATHS)
def test_an_action_refuses_get(admin_client, path):
    assert admin_client.get(path).status_code == 405


@pytest.mark.parametrize("path", ACTION_PATHS)
def test_an_action_refuses_a_missing_csrf_token(csrf_client, path):
    assert csrf_client.post(path).status_code == 403
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("path", ACTION_PATHS)
def test_a_viewer_posting_an_action_gets_403(viewer_client: Client, path):
    assert viewer_client.post(path).status_code == 403
    assert not AuditEntry.objects.exists()
