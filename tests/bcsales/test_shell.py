"""The app shell: login on every page, roles, navigation, error pages."""

import pytest
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_suite_runs_on_the_requested_database(request):
    expected = "postgresql" if request.config.getoption("--database") == "postgresql" else "sqlite"
    assert connection.vendor == expected


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_renders_labelled_fields(client):
    body = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">' in body
    assert '<label for="id_password">' in body
    assert "cdn" not in body.lower()


def test_login_with_right_password_opens_the_shell(client, admin_user):
    admin_user.set_password("s3cret-pass-word")
    admin_user.save()
    response = client.post(reverse("login"), {"username": "admin", "password": "s3cret-pass-word"}, follow=True)
    body = response.content.decode()
    assert "Dashboard" in body
    assert "Integration administrator" in body
    assert "django_htmx/htmx" in body


def test_wrong_password_is_refused_with_a_message(client, admin_user):
    response = client.post(reverse("login"), {"username": "admin", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_viewer_sees_the_viewer_role(viewer_client):
    assert "Viewer" in viewer_client.get(reverse("home")).content.decode()


def test_unknown_page_gets_the_friendly_404(admin_client, settings):
    settings.DEBUG = False
    response = admin_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_htmx_is_served_from_our_own_static_files(admin_client):
    from django.contrib.staticfiles import finders

    assert finders.find("django_htmx/htmx-2.min.js")
    assert finders.find("css/app.css")


def test_sign_out_needs_a_post(admin_client):
    assert admin_client.get(reverse("logout")).status_code == 405
    assert admin_client.post(reverse("logout")).status_code == 302
