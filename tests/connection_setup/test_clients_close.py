"""Closing a service client closes every connection it opened, the sign-in client of its token provider too.

Each client has a token provider of its own whose msal application reads the authority's configuration through a
client of its own; left open, that connection stays until the garbage collector finds it (issue 10).
"""

import pytest

from connection_setup.services.factory import business_central_client, dataverse_client
from tests.connection_setup.counting_transport import CountingTransport
from tests.connection_setup.sandbox_setup import sandbox_connection, seed_integration_user

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


@pytest.fixture
def transport(settings):
    from connection_setup.clients.auth import clear_token_caches

    settings.BCSALES_HTTP_TRANSPORT = counting = CountingTransport()
    clear_token_caches()
    seed_integration_user()
    yield counting
    clear_token_caches()


def test_closing_a_dataverse_client_that_signed_in_closes_its_sign_in_client_too(transport):
    with dataverse_client(sandbox_connection()) as client:
        assert client.who_am_i()["UserId"]
    assert transport.closes == 2


def test_closing_a_business_central_client_that_signed_in_closes_its_sign_in_client_too(transport):
    with business_central_client(sandbox_connection()) as client:
        assert client.companies() == []  # the minimal sandbox has no company yet
    assert transport.closes == 2


def test_closing_a_client_that_never_signed_in_closes_only_itself(transport):
    with dataverse_client(sandbox_connection()):
        pass
    assert transport.closes == 1
