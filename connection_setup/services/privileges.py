"""Whether the integration user may read and write each mapped Dataverse table (part of the preflight checklist).

Dataverse answers a user's effective privileges, through all of their roles, in one call
(``RetrieveUserPrivileges``); the checklist reads them once per connection and compares per mapping.
Privilege names are ``prv`` + access + the table's schema name; line tables carry their header's privileges.
"""

import uuid

from connection_setup.clients.dataverse import DataverseClient
from connection_setup.services.report import CheckFailed
from mappings.choices import Direction
from mappings.models import TableMapping

__all__ = ["PRIVILEGE_TABLE", "check_table_privileges", "required_privileges", "user_privileges"]

# Line tables have no privileges of their own: Dataverse checks their header's.
PRIVILEGE_TABLE = {"salesorderdetail": "salesorder", "quotedetail": "quote", "invoicedetail": "invoice"}
WRITES_TO_DATAVERSE = (Direction.TO_INTEGRATION, Direction.BIDIRECTIONAL)


def user_privileges(client: DataverseClient, user_id: object) -> frozenset[str]:
    """The user's privilege names, lower-cased (schema names differ from logical names only in case)."""
    path = f"systemusers({uuid.UUID(str(user_id))})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()"
    answer = client.invoke("GET", path, idempotent=True) or {}
    return frozenset(str(row.get("PrivilegeName", "")).lower() for row in answer.get("RolePrivileges", []))


def required_privileges(mapping: TableMapping) -> list[str]:
    """Read always; Write and Create when records are written to Dataverse (an option mapping only reads rows)."""
    table = PRIVILEGE_TABLE.get(mapping.dataverse_table, mapping.dataverse_table)
    kinds = ["Read"]
    if mapping.direction in WRITES_TO_DATAVERSE and not mapping.is_option_mapping:
        kinds += ["Write", "Create"]
    return [f"prv{kind}{table}" for kind in kinds]


def check_table_privileges(mapping: TableMapping, privileges: frozenset[str], user_name: str) -> str:
    """Raise CheckFailed naming the missing privileges; the detail of a pass says what the user may do."""
    required = required_privileges(mapping)
    missing = [name for name in required if name.lower() not in privileges]
    if missing:
        raise CheckFailed(
            f"The integration user {user_name} lacks {', '.join(missing)} on table {mapping.dataverse_table}.",
            "Choose Redeploy Integration Solution to assign the integration roles, or add these privileges to a "
            "security role of the integration user in Dynamics 365 Sales.",
        )
    access = "read and write" if len(required) > 1 else "read"
    return f"The integration user may {access} {mapping.dataverse_table}."
