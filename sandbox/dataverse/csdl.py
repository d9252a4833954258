"""`$metadata`: the service's CSDL document, so that a client can discover entity types, their properties with
types and lengths, keys, navigation properties, entity sets and the functions and actions the emulator serves.

Look-ups appear as a ``_x_value`` Edm.Guid property and a single-valued navigation property, as on the real
service; the collection-valued ones are those ``sandbox.dataverse.expand`` can expand.
"""

from functools import cache
from xml.etree import ElementTree

from sandbox.dataverse.expand import COLLECTIONS
from sandbox.dataverse.schema import TABLES, Column, Table

__all__ = ["metadata_document"]

EDMX = "http://docs.oasis-open.org/odata/ns/edmx"
EDM = "http://docs.oasis-open.org/odata/ns/edm"
NAMESPACE = "Microsoft.Dynamics.CRM"
_FUNCTIONS = {"WhoAmI": "WhoAmIResponse", "RetrieveVersion": "RetrieveVersionResponse"}
_ACTIONS = ("ImportSolution", "CreateMultiple", "UpdateMultiple", "UpsertMultiple")


def _property(parent: ElementTree.Element, column: Column) -> None:
    attributes = {"Name": column.property_name, "Type": column.edm_type}
    if column.length is not None and attributes["Type"] == "Edm.String":
        attributes["MaxLength"] = str(column.length)
    ElementTree.SubElement(parent, f"{{{EDM}}}Property", attributes)


def _entity_type(schema: ElementTree.Element, table: Table) -> None:
    entity = ElementTree.SubElement(schema, f"{{{EDM}}}EntityType", {"Name": table.logical_name})
    key = ElementTree.SubElement(entity, f"{{{EDM}}}Key")
    ElementTree.SubElement(key, f"{{{EDM}}}PropertyRef", {"Name": table.primary_id})
    for column in table.columns.values():
        _property(entity, column)
    for column in table.columns.values():
        if column.is_lookup:
            target = column.targets[0] if len(column.targets) == 1 else "crmbaseentity"
            navigation = {"Name": column.name, "Type": f"mscrm.{target}"}
            ElementTree.SubElement(entity, f"{{{EDM}}}NavigationProperty", navigation)
    for (parent, name), (child, _) in COLLECTIONS.items():
        if parent == table.logical_name:
            navigation = {"Name": name, "Type": f"Collection(mscrm.{child})"}
            ElementTree.SubElement(entity, f"{{{EDM}}}NavigationProperty", navigation)


def _operations(schema: ElementTree.Element) -> None:
    for name, response in _FUNCTIONS.items():
        function = ElementTree.SubElement(schema, f"{{{EDM}}}Function", {"Name": name})
        ElementTree.SubElement(function, f"{{{EDM}}}ReturnType", {"Type": f"mscrm.{response}", "Nullable": "false"})
    for name in _ACTIONS:
        ElementTree.SubElement(schema, f"{{{EDM}}}Action", {"Name": name, "IsBound": str(name != "ImportSolution")})


@cache
def metadata_document() -> bytes:
    """The CSDL XML of every emulated table (built once per process)."""
    ElementTree.register_namespace("edmx", EDMX)
    ElementTree.register_namespace("", EDM)
    root = ElementTree.Element(f"{{{EDMX}}}Edmx", {"Version": "4.0"})
    services = ElementTree.SubElement(root, f"{{{EDMX}}}DataServices")
    schema = ElementTree.SubElement(services, f"{{{EDM}}}Schema", {"Namespace": NAMESPACE, "Alias": "mscrm"})
    for table in TABLES.values():
        _entity_type(schema, table)
    _operations(schema)
    container = ElementTree.SubElement(schema, f"{{{EDM}}}EntityContainer", {"Name": "System"})
    for table in TABLES.values():
        entity_set = {"Name": table.entity_set, "EntityType": f"{NAMESPACE}.{table.logical_name}"}
        ElementTree.SubElement(container, f"{{{EDM}}}EntitySet", entity_set)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
