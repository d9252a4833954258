"""msal's user realm discovery names the authority's host without its port; a local authority still gets it."""

from connection_setup.clients.auth import AuthorityRoute


def test_user_realm_discovery_on_the_bare_host_goes_to_the_local_authority_with_its_port():
    _, route = AuthorityRoute.for_authority("http://127.0.0.1:8765/sandbox/login/cronus.onmicrosoft.com")

    assert route.target("https://127.0.0.1/common/userrealm/admin@cronus.onmicrosoft.com?api-version=1.0") == (
        "http://127.0.0.1:8765/sandbox/login/common/userrealm/admin@cronus.onmicrosoft.com?api-version=1.0"
    )
    assert route.target("https://127.0.0.2/common/userrealm/bob") is None
