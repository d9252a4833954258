"""Fixtures shared by the whole suite: users in each role and clients signed in as them."""

import pytest
from django.test import Client

from bcsales.users import ensure_user

pytest_plugins = ["tests.fixtures.sandbox"]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Every test signs users in; the production hasher's deliberate slowness buys nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db):
    from django.contrib.auth import get_user_model

    ensure_user("admin", administrator=True)
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def viewer_user(db):
    from django.contrib.auth import get_user_model

    ensure_user("viewer", administrator=False)
    return get_user_model().objects.get(username="viewer")


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def viewer_client(viewer_user) -> Client:
    client = Client()
    client.force_login(viewer_user)
    return client


@pytest.fixture
def csrf_client(admin_user) -> Client:
    """A signed-in administrator whose requests are CSRF-checked, as a browser's are."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    return client
