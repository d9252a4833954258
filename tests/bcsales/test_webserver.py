"""The served site: the emulated APIs' paths skip the site's middleware (their clients carry bearer tokens, not
sessions or CSRF tokens); every other path keeps the whole chain, login included."""

import httpx
import pytest

from bcsales.webserver import build_application
from sandbox.identity.registrations import ensure_tenant
from tests.fixtures.sandbox import keep_connections_open, serve_app

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

TENANT = "7d1c3b2a-0000-4000-8000-00000000a1a1"


@pytest.fixture
def site() -> httpx.Client:
    served = build_application()

    def in_test(environ: dict, start_response):
        keep_connections_open()  # the requests run inside the test's transaction
        return served(environ, start_response)

    with httpx.Client(transport=httpx.WSGITransport(app=in_test), base_url="http://testserver") as client:
        yield client


def test_an_emulated_api_answers_without_the_sites_middleware(site):
    ensure_tenant(TENANT)
    response = site.get(f"/sandbox/login/{TENANT}/v2.0/.well-known/openid-configuration")
    assert response.status_code == 200, response.text
    assert response.json()["token_endpoint"]
    assert "X-Frame-Options" not in response.headers and "sessionid" not in response.cookies


def test_the_sandboxs_own_pages_keep_the_middleware_and_send_an_anonymous_visitor_to_login(site):
    response = site.get("/sandbox/browser/")
    assert response.status_code == 302 and "/login/" in response.headers["Location"]
    assert response.headers["X-Frame-Options"] == "DENY"


def _discovery(client: httpx.Client) -> httpx.Response:
    response = client.get(f"/sandbox/login/{TENANT}/v2.0/.well-known/openid-configuration")
    assert response.status_code == 200, response.text
    return response


def test_an_emulated_apis_answer_states_its_length(site):
    ensure_tenant(TENANT)
    response = _discovery(site)
    assert response.headers["Content-Length"] == str(len(response.content))


@pytest.mark.django_db(databases=["default", "sandbox"], transaction=True)
def test_a_client_keeps_one_connection_open_across_api_requests():
    """Without a length waitress would send each answer chunked and close the connection after it."""
    ensure_tenant(TENANT)
    with serve_app(application=build_application()) as base_url, httpx.Client(base_url=base_url) as client:
        ports = {_discovery(client).extensions["network_stream"].get_extra_info("client_addr") for _ in range(3)}
    assert len(ports) == 1
