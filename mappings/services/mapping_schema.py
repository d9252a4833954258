"""The metadata a mapping is checked against: Dataverse EntityDefinitions and the BC API's $metadata.

Read only while the connection is enabled, as BC does: a disabled connection may hold credentials that do not
work yet, and its mappings are checked when it is enabled. Only the tables the registry serves are read; an
environment without the companion extension's $metadata leaves the BC side to the registry's field lists.
"""

from collections.abc import Callable

from connection_setup.clients import registry
from connection_setup.clients.errors import NotFoundError, ServiceError
from mappings.services.mapping_validation import Schema

__all__ = ["SchemaUnavailable", "load_schema", "mapping_schema"]

ClientsFactory = Callable[[object], tuple[object, object]]


class SchemaUnavailable(Exception):
    """The services' metadata could not be read, so nothing that needs checking against it may be saved."""


def load_schema(bc_client, dataverse_client) -> Schema:
    """Table → column names of both sides, from one EntityDefinitions read and one $metadata read per API group."""
    logical_names = [table.logical_name for table in registry.dataverse_tables()]
    dataverse = {
        row["LogicalName"]: frozenset(attribute["LogicalName"] for attribute in row.get("Attributes", []))
        for row in dataverse_client.entity_definitions(logical_names)
    }
    bc: dict[str, frozenset[str]] = {}
    for api in sorted({table.api for table in registry.bc_tables()}):
        try:
            entity_sets = bc_client.metadata(api)
        except NotFoundError:
            return Schema(bc=None, dataverse=dataverse)
        for table in registry.bc_tables():
            if table.api == api and table.entity_set in entity_sets:
                bc[table.name] = entity_sets[table.entity_set]
    return Schema(bc=bc, dataverse=dataverse)


def _service_clients(connection) -> tuple[object, object]:
    from connection_setup.services.factory import business_central_client, dataverse_client

    return business_central_client(connection), dataverse_client(connection)


def mapping_schema(connection, *, clients: ClientsFactory = _service_clients) -> Schema | None:
    """The schema of an enabled connection, None for a disabled one; SchemaUnavailable when it cannot be read."""
    if not connection.is_enabled:
        return None
    try:
        bc_client, dataverse_client = clients(connection)
        try:
            return load_schema(bc_client, dataverse_client)
        finally:
            bc_client.close()
            dataverse_client.close()
    except ServiceError as error:
        raise SchemaUnavailable(
            f"The metadata of {connection.name} could not be read, so nothing was saved: {error}"
        ) from None
