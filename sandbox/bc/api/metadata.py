"""``$metadata``: the CSDL document of an API, listing entity types, their properties and types, navigation
properties, bound actions and entity sets. The product validates field names against it."""

from functools import cache
from xml.etree import ElementTree as ET

from sandbox.bc.schema import Endpoint, endpoints

__all__ = ["metadata_document"]

EDMX = "http://docs.oasis-open.org/odata/ns/edmx"
EDM = "http://docs.oasis-open.org/odata/ns/edm"
NAMESPACE = "Microsoft.NAV"
COMPANY_PROPERTIES = (
    ("id", "Edm.Guid"),
    ("systemVersion", "Edm.String"),
    ("timestamp", "Edm.Int64"),
    ("name", "Edm.String"),
    ("displayName", "Edm.String"),
    ("businessProfileId", "Edm.String"),
    ("systemCreatedAt", "Edm.DateTimeOffset"),
    ("systemCreatedBy", "Edm.Guid"),
    ("systemModifiedAt", "Edm.DateTimeOffset"),
    ("systemModifiedBy", "Edm.Guid"),
)


def _key(entity_type: ET.Element) -> None:
    ET.SubElement(ET.SubElement(entity_type, "Key"), "PropertyRef", Name="id")


def _entity_type(schema: ET.Element, source: Endpoint) -> None:
    element = ET.SubElement(schema, "EntityType", Name=source.entity_type)
    _key(element)
    ET.SubElement(element, "Property", Name="id", Type="Edm.Guid", Nullable="false")
    for spec in source.fields:
        attributes = {"Name": spec.name, "Type": spec.edm_type}
        if spec.max_length and spec.edm_type == "Edm.String":
            attributes["MaxLength"] = str(spec.max_length)
        if spec.edm_type == "Edm.Decimal":
            attributes["Scale"] = "Variable"
        ET.SubElement(element, "Property", attributes)
    ET.SubElement(element, "Property", Name="lastModifiedDateTime", Type="Edm.DateTimeOffset")
    if source.lines:
        line_type = next(e.entity_type for e in endpoints(source.api) if e.entity_set == source.lines.entity_set)
        ET.SubElement(
            element,
            "NavigationProperty",
            Name=source.lines.nav,
            Type=f"Collection({NAMESPACE}.{line_type})",
            ContainsTarget="true",
        )


def _company_type(schema: ET.Element, sets: list[Endpoint]) -> None:
    element = ET.SubElement(schema, "EntityType", Name="company")
    _key(element)
    for name, edm_type in COMPANY_PROPERTIES:
        ET.SubElement(element, "Property", Name=name, Type=edm_type)
    for source in sets:
        ET.SubElement(
            element,
            "NavigationProperty",
            Name=source.entity_set,
            Type=f"Collection({NAMESPACE}.{source.entity_type})",
            ContainsTarget="true",
        )


@cache
def metadata_document(api: str) -> str:
    """The CSDL XML of ``api`` (computed once: the schema is static)."""
    ET.register_namespace("edmx", EDMX)
    root = ET.Element(f"{{{EDMX}}}Edmx", Version="4.0")
    schema = ET.SubElement(ET.SubElement(root, f"{{{EDMX}}}DataServices"), "Schema", Namespace=NAMESPACE, xmlns=EDM)
    sets = endpoints(api)
    _company_type(schema, sets)
    for source in sets:
        _entity_type(schema, source)
    for source in sets:
        for action in source.actions:
            bound = ET.SubElement(schema, "Action", Name=action, IsBound="true")
            ET.SubElement(bound, "Parameter", Name="bindingParameter", Type=f"{NAMESPACE}.{source.entity_type}")
    container = ET.SubElement(schema, "EntityContainer", Name="NAV")
    ET.SubElement(container, "EntitySet", Name="companies", EntityType=f"{NAMESPACE}.company")
    for source in sets:
        ET.SubElement(container, "EntitySet", Name=source.entity_set, EntityType=f"{NAMESPACE}.{source.entity_type}")
    return '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(root, encoding="unicode")
