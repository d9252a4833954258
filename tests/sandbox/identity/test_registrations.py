"""Registrations are idempotent and keep only hashes of secrets and passwords."""

import pytest

from sandbox.identity.models import AppRegistration, Tenant, UserAccount
from sandbox.identity.registrations import register_app, register_user, secret_matches
from tests.sandbox.identity.directory import CLIENT_ID, CLIENT_SECRET, PASSWORD, TENANT_ID, USER, register_directory

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_registering_the_directory_twice_changes_nothing(directory, certificate):
    register_directory(certificate)

    assert Tenant.objects.count() == 1
    assert AppRegistration.objects.count() == 2
    assert UserAccount.objects.count() == 2


def test_the_client_secret_is_stored_only_as_a_hash(directory):
    app = AppRegistration.objects.get(client_id=CLIENT_ID)

    assert CLIENT_SECRET not in app.secret_hash
    assert secret_matches(CLIENT_SECRET, app.secret_hash)
    assert not secret_matches("other", app.secret_hash)


def test_registering_an_app_again_replaces_its_secret(directory):
    register_app(tenant_id=TENANT_ID, client_id=CLIENT_ID, display_name="rotated", client_secret="new-secret")

    app = AppRegistration.objects.get(client_id=CLIENT_ID)
    assert secret_matches("new-secret", app.secret_hash)
    assert not secret_matches(CLIENT_SECRET, app.secret_hash)
    assert app.certificate_pem == ""


def test_user_names_are_matched_without_regard_to_case(directory):
    register_user(tenant_id=TENANT_ID, upn=USER.upper(), password="changed", display_name="Renamed")

    user = UserAccount.objects.get(upn=USER)
    assert UserAccount.objects.filter(upn=USER).count() == 1
    assert user.display_name == "Renamed"
    assert secret_matches("changed", user.password_hash)
    assert not secret_matches(PASSWORD, user.password_hash)


def test_the_certificate_thumbprints_are_recorded(directory):
    app = AppRegistration.objects.get(client_id=CLIENT_ID)

    assert len(app.certificate_sha1) == 40
    assert len(app.certificate_sha256) == 64
