"""The product side of a benchmark: a Connection to the served sandbox with the demo credentials, the default
mappings, and service clients built exactly as the engine builds them."""

from connection_setup.models import Connection
from connection_setup.services.factory import dataverse_client
from mappings.models import TableMapping
from mappings.services.mapping_setup import apply_default_synchronization_setup
from sandbox.demo import credentials as demo

__all__ = ["BENCH_CONNECTION", "bench_connection", "mapping"]

BENCH_CONNECTION = "Benchmark"


def bench_connection(base_url: str) -> Connection:
    """A connection to the sandbox at ``base_url`` (as an administrator would set it up) with the default mappings."""
    connection = Connection.objects.create(
        name=BENCH_CONNECTION,
        server_address=f"{base_url}/sandbox/dataverse",
        authority_host=f"{base_url}/sandbox/login",
        tenant=demo.TENANT_ID,
        client_id=demo.CLIENT_ID,
        client_secret=demo.CLIENT_SECRET,
        bc_service_root=f"{base_url}/sandbox/bc",
        bc_tenant=demo.TENANT_ID,
        bc_environment=demo.ENVIRONMENT,
        bc_company_id=demo.COMPANY_ID,
        bc_company_name=demo.COMPANY_NAME,
    )
    # As the connection test does: the integration user is whoever the app signs in as (its application user).
    with dataverse_client(connection) as client:
        connection.integration_user_id = client.who_am_i()["UserId"]
    connection.save(update_fields=["integration_user_id"])
    apply_default_synchronization_setup(connection)
    return connection


def mapping(connection: Connection, name: str) -> TableMapping:
    return TableMapping.objects.get(connection=connection, name=name)
