"""The emulated Dataverse tables as data: columns with their types, lengths, lookups and requirement levels.

Column lists come from BC's proxy tables (``D365Sales/CRM*.Table.al``: each field's ExternalName, ExternalType
and Text length), so every column BC's own mappings can use exists here; FlowFields (the ``…name`` look-up
texts) are left out because the Web API does not expose them as properties.
"""

from sandbox.dataverse.schema.catalogue import TABLES, key_columns, table_for_entity_set, table_named
from sandbox.dataverse.schema.types import Column, Table

__all__ = ["TABLES", "Column", "Table", "key_columns", "table_for_entity_set", "table_named"]
