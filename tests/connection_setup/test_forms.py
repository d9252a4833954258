"""Field rules of the Connection Setup page, each with its message."""

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from connection_setup.forms import ConnectionForm, SwitchesForm
from connection_setup.models import MUTUAL_EXCLUSION_MESSAGE

BASE = {
    "name": "CRONUS",
    "server_address": "https://cronus.crm4.dynamics.com",
    "authority_host": "https://login.microsoftonline.com",
    "tenant": "contoso.onmicrosoft.com",
    "authentication_type": "ClientSecret",
    "client_id": "0b7c6e3a-2f1d-4c5b-8a9e-7d6c5b4a3f21",
    "client_secret": "secret",
    "proxy_version": "100",
    "ownership_model": "Team",
    "bc_service_root": "https://api.businesscentral.dynamics.com",
    "bc_tenant": "contoso.onmicrosoft.com",
    "bc_environment": "production",
}


def pem_with_key_and_certificate() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bcsales")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return (key_pem + certificate.public_bytes(serialization.Encoding.PEM)).decode()


@pytest.mark.django_db
def test_a_complete_client_secret_connection_is_valid():
    form = ConnectionForm(BASE)
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_a_client_secret_connection_needs_the_secret():
    form = ConnectionForm(BASE | {"client_secret": ""})
    assert form.errors["client_secret"] == ["A client secret is required for client secret authentication."]


@pytest.mark.django_db
def test_a_blank_secret_keeps_the_stored_one(connection):
    form = ConnectionForm(BASE | {"client_secret": ""}, instance=connection)
    assert form.is_valid(), form.errors
    assert form.save().client_secret == "s3cr3t-value-never-shown"


@pytest.mark.django_db
def test_a_certificate_must_hold_the_private_key_and_the_certificate():
    data = BASE | {"authentication_type": "Certificate", "certificate": "-----BEGIN CERTIFICATE-----\nxx\n"}
    assert ConnectionForm(data).errors["certificate"] == [
        "The certificate must contain an unencrypted PEM private key."
    ]
    assert ConnectionForm(data | {"certificate": pem_with_key_and_certificate()}).is_valid()


@pytest.mark.django_db
def test_legacy_oauth_needs_an_email_user_name_and_a_password():
    form = ConnectionForm(BASE | {"authentication_type": "OAuth", "user_name": "bob", "password": ""})
    assert "valid e-mail address" in form.errors["user_name"][0]
    assert form.errors["password"] == ["A password is required for user name and password authentication."]


@pytest.mark.django_db
def test_a_connection_string_must_name_a_secret_placeholder():
    form = ConnectionForm(BASE | {"connection_string": "AuthType=ClientSecret; ClientSecret=plain"})
    assert "{PASSWORD}, {CLIENTSECRET}, {CERTIFICATE}" in form.errors["connection_string"][0]


@pytest.mark.django_db
def test_a_malformed_server_address_is_refused_on_the_form():
    form = ConnectionForm(BASE | {"server_address": "https://exa mple"})
    assert "not a valid URL" in form.errors["server_address"][0]


@pytest.mark.django_db
def test_an_internal_server_address_is_refused_on_the_form():
    form = ConnectionForm(BASE | {"server_address": "https://192.168.1.10"})
    assert "is not an allowed server" in form.errors["server_address"][0]


@pytest.mark.django_db
def test_the_two_sales_order_modes_exclude_each_other_with_an_error_naming_both(connection):
    form = SwitchesForm(
        {"legacy_sales_order_integration": "on", "bidirectional_sales_order_integration": "on"}, instance=connection
    )
    assert not form.is_valid()
    message = form.non_field_errors()[0]
    assert message == MUTUAL_EXCLUSION_MESSAGE
    assert "Legacy Sales Order Integration" in message and "Bidirectional Sales Order Integration" in message


@pytest.mark.django_db
def test_unit_group_mapping_cannot_change_while_the_connection_is_enabled(connection):
    connection.is_enabled = True
    connection.save()
    form = SwitchesForm({}, instance=connection)
    assert form.errors["unit_group_mapping_enabled"] == [
        "Unit Group Mapping can be changed only while the connection is disabled."
    ]


@pytest.mark.django_db
def test_automatically_create_sales_orders_needs_legacy_sales_order_integration(connection):
    form = SwitchesForm({"auto_create_sales_orders": "on", "unit_group_mapping_enabled": "on"}, instance=connection)
    assert form.errors["auto_create_sales_orders"] == [
        "Automatically Create Sales Orders needs Legacy Sales Order Integration."
    ]
