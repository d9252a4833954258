"""Server addresses: HTTPS Dynamics hosts or the allow-list only (issue 11.5), and BC's URL normalisation."""

import pytest
from django.core.exceptions import ValidationError

from connection_setup.services.server_address import check_server_address


def check(value: str, **options) -> str:
    return check_server_address(value, label="Dynamics 365 Sales URL", **options)


def test_a_dynamics_host_without_scheme_gets_https():
    assert check(" cronus.crm4.dynamics.com/ ") == "https://cronus.crm4.dynamics.com"


@pytest.mark.parametrize(
    "value",
    ["http://10.0.0.5", "https://169.254.169.254/latest", "https://intranet.local", "https://evil.example.com"],
)
def test_an_internal_or_foreign_address_is_refused(value):
    with pytest.raises(ValidationError, match="is not an allowed server"):
        check(value)


def test_plain_http_is_refused_for_a_dynamics_host():
    with pytest.raises(ValidationError, match=r"Only secure \(HTTPS\) connections"):
        check("http://cronus.crm4.dynamics.com")


@pytest.mark.parametrize("value", ["https://", "https://cronus .crm.dynamics.com", "https://host:notaport"])
def test_a_malformed_url_is_refused(value):
    with pytest.raises(ValidationError, match="not a valid URL"):
        check(value)


def test_a_path_on_a_dynamics_host_proposes_the_suggested_url():
    with pytest.raises(ValidationError, match=r"use the suggested URL https://cronus\.crm4\.dynamics\.com"):
        check("https://cronus.crm4.dynamics.com/main.aspx")


def test_credentials_in_the_url_are_refused():
    with pytest.raises(ValidationError, match="must not contain a user name"):
        check("https://bob:pw@cronus.crm4.dynamics.com")


def test_the_sandbox_on_an_allowed_loopback_host_may_use_http_and_a_path():
    assert check("http://127.0.0.1:8000/sandbox/dataverse/") == "http://127.0.0.1:8000/sandbox/dataverse"


def test_loopback_is_refused_when_the_sandbox_is_off(settings):
    settings.ALLOWED_SERVER_HOSTS = []
    with pytest.raises(ValidationError, match="is not an allowed server"):
        check("http://127.0.0.1:8000/sandbox/dataverse")


def test_a_published_web_client_url_keeps_its_path_and_query():
    url = "https://businesscentral.dynamics.com/contoso/production?company=CRONUS"
    assert check(url, keep_path=True) == url
