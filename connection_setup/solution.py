"""The integration solution (``MicrosoftDynamicsNavIntegration``) and its three security roles, as data.

BC ships its solution as a file inside the platform; we build the zip in memory from this catalogue, so the
solution always matches the roles we check for. Roles carry BC's fixed ids (connection_setup §0), which is how
they are found again after an import, in any language.
"""

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

__all__ = [
    "INTEGRATION_ROLES",
    "REQUIRED_ROLE_IDS",
    "SOLUTION_UNIQUE_NAME",
    "SOLUTION_VERSION",
    "SYSTEM_ADMINISTRATOR_TEMPLATE_ID",
    "SecurityRole",
    "build_solution_zip",
]

SOLUTION_UNIQUE_NAME = "MicrosoftDynamicsNavIntegration"
SOLUTION_DISPLAY_NAME = "Dynamics 365 Business Central Integration"
SOLUTION_VERSION = "1.0.0.0"
PUBLISHER = "bcsales"
SYSTEM_ADMINISTRATOR_TEMPLATE_ID = "627090ff-40a3-4053-8790-584edc5be201"
SOLUTION_ENTITIES = ("nav_connection", "nav_accountstatistics")

SYNCED_TABLES = (
    "account",
    "contact",
    "product",
    "uom",
    "uomschedule",
    "pricelevel",
    "productpricelevel",
    "opportunity",
    "salesorder",
    "salesorderdetail",
    "quote",
    "quotedetail",
    "invoice",
    "invoicedetail",
    "annotation",
    "transactioncurrency",
    *SOLUTION_ENTITIES,
)
READ_ONLY_TABLES = ("systemuser", "team", "businessunit", "organization", "role")
WRITE_PRIVILEGES = ("Read", "Write", "Create", "Append", "AppendTo", "Delete")


@dataclass(frozen=True)
class SecurityRole:
    id: str
    name: str
    privileges: tuple[str, ...]


def _privileges(tables: tuple[str, ...], kinds: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"prv{kind}{table}" for table in tables for kind in kinds)


INTEGRATION_ROLES = (
    SecurityRole(
        "8c8d4f51-a72b-e511-80d9-3863bb349780",
        "Dynamics 365 Business Central Integration Administrator",
        _privileges(SYNCED_TABLES, WRITE_PRIVILEGES) + _privileges(READ_ONLY_TABLES, ("Read", "Write")),
    ),
    SecurityRole(
        "6f960e32-a72b-e511-80d9-3863bb349780",
        "Dynamics 365 Business Central Integration User",
        _privileges(SYNCED_TABLES, WRITE_PRIVILEGES) + _privileges(READ_ONLY_TABLES, ("Read",)),
    ),
    SecurityRole(
        "a2b18661-9ff5-e911-a812-000d3a0b9028",
        "Business Central Dataverse Base Integration",
        _privileges(("account", "contact", "transactioncurrency"), WRITE_PRIVILEGES)
        + _privileges(READ_ONLY_TABLES, ("Read",)),
    ),
)
REQUIRED_ROLE_IDS = frozenset(role.id for role in INTEGRATION_ROLES)


def _solution_xml() -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<ImportExportXml version="9.2" SolutionPackageVersion="9.2" languagecode="1033">'
        f"<SolutionManifest><UniqueName>{SOLUTION_UNIQUE_NAME}</UniqueName>"
        f'<LocalizedNames><LocalizedName description={quoteattr(SOLUTION_DISPLAY_NAME)} languagecode="1033"/>'
        f"</LocalizedNames><Version>{SOLUTION_VERSION}</Version><Managed>1</Managed>"
        f"<Publisher><UniqueName>{PUBLISHER}</UniqueName><CustomizationPrefix>nav</CustomizationPrefix></Publisher>"
        "<RootComponents>"
        + "".join(f'<RootComponent type="1" schemaName="{entity}"/>' for entity in SOLUTION_ENTITIES)
        + "".join(f'<RootComponent type="20" id="{{{role.id}}}"/>' for role in INTEGRATION_ROLES)
        + "</RootComponents></SolutionManifest></ImportExportXml>"
    )


def _role_xml(role: SecurityRole) -> str:
    privileges = "".join(f'<RolePrivilege name="{name}" level="Global"/>' for name in role.privileges)
    return f'<Role id="{{{role.id}}}" name={quoteattr(role.name)}><RolePrivileges>{privileges}</RolePrivileges></Role>'


def _customizations_xml() -> str:
    entities = "".join(
        f'<Entity><Name LocalizedName="{entity}" OriginalName="{entity}">{entity}</Name>'
        f'<EntityInfo><entity Name="{entity}"/></EntityInfo></Entity>'
        for entity in SOLUTION_ENTITIES
    )
    roles = "".join(_role_xml(role) for role in INTEGRATION_ROLES)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f"<ImportExportXml><Entities>{entities}</Entities><Roles>{roles}</Roles></ImportExportXml>"
    )


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/octet-stream"/></Types>'
)


def build_solution_zip() -> bytes:
    """The managed solution as Dataverse's ImportSolution expects it: a zip with the manifest and customizations."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("solution.xml", _solution_xml())
        archive.writestr("customizations.xml", _customizations_xml())
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    return buffer.getvalue()
