"""A saved connection for the mapping tests, with its switches as the test asks."""

from connection_setup.models import Connection


def make_connection(name: str = "CRONUS", **switches) -> Connection:
    return Connection.objects.create(
        name=name,
        server_address="https://cronus.crm4.dynamics.com",
        tenant="contoso.onmicrosoft.com",
        client_id="0b7c6e3a-2f1d-4c5b-8a9e-7d6c5b4a3f21",
        client_secret="s3cr3t",
        bc_tenant="contoso.onmicrosoft.com",
        bc_company_name=name,
        **switches,
    )
