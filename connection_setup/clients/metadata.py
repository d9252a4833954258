"""Reading an OData service's ``$metadata`` (CSDL XML): which properties each entity set exposes.

The mapping pages check a field mapping against the environment before it runs, and the registry test checks the
whole catalogue the same way; both need only entity set → property names, so that is all this reads.
"""

import xml.etree.ElementTree as ET

__all__ = ["entity_set_properties"]

_EDM = "{http://docs.oasis-open.org/odata/ns/edm}"


def entity_set_properties(document: bytes) -> dict[str, frozenset[str]]:
    """Entity set name → names of its entity type's properties and navigation properties."""
    try:
        root = ET.fromstring(document)
    except ET.ParseError as exc:
        raise ValueError(f"The service's $metadata is not valid XML: {exc}.") from None
    types: dict[str, frozenset[str]] = {}
    for schema in root.iter(f"{_EDM}Schema"):
        namespace = schema.get("Namespace", "")
        for entity_type in schema.iter(f"{_EDM}EntityType"):
            names = frozenset(
                element.get("Name", "")
                for element in entity_type
                if element.tag in (f"{_EDM}Property", f"{_EDM}NavigationProperty")
            )
            types[f"{namespace}.{entity_type.get('Name')}"] = names
            types.setdefault(entity_type.get("Name", ""), names)
    return {
        entity_set.get("Name", ""): types.get(entity_set.get("EntityType", ""), frozenset())
        for entity_set in root.iter(f"{_EDM}EntitySet")
    }
