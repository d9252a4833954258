"""The integration user's requirements (connection_setup §5.3): enabled, not an administrator, holding the roles."""

from connection_setup.clients.dataverse import DataverseClient
from connection_setup.models import Connection
from connection_setup.services import dataverse_ops
from connection_setup.services.report import CheckFailed
from connection_setup.solution import INTEGRATION_ROLES, SYSTEM_ADMINISTRATOR_TEMPLATE_ID

__all__ = ["check_integration_user"]

REDEPLOY_FIX = "Choose Redeploy Integration Solution: it assigns the integration roles to the integration user."


def _is_administrator_role(role: dict) -> bool:
    """The template is a lookup in Dataverse (``_roletemplateid_value``); some answers carry it as a plain id."""
    template = role.get("_roletemplateid_value") or role.get("roletemplateid") or ""
    return str(template).lower() == SYSTEM_ADMINISTRATOR_TEMPLATE_ID


def check_integration_user(
    client: DataverseClient, connection: Connection, user_id: str | None, *, before_deploy: bool = False
) -> str:
    """Raise CheckFailed for the first unmet requirement; remember the user on the connection when all are met.

    The connection signs in as its integration user, so WhoAmI names it. Before the solution is deployed (the
    wizard's Credentials step) the user may still lack the integration roles; the administrator role never.
    """
    if not user_id:
        raise CheckFailed("The integration user could not be identified.", "Run Test Connection again.")
    user = dataverse_ops.user_with_roles(client, user_id)
    name = user.get("internalemailaddress") or user.get("fullname") or str(user_id)
    server = connection.server_address
    if user.get("isdisabled"):
        raise CheckFailed(f"User {name} is disabled on server {server}.", "Choose an enabled integration user.")
    admin_role = next((role for role in user["roles"] if _is_administrator_role(role)), None)
    if admin_role is not None:
        role = admin_role.get("name", "System Administrator")
        raise CheckFailed(
            f"User {name} has role {role} on server {server}.",
            f"Choose a user without role {role}, or remove the role from this user.",
        )
    if not before_deploy:
        if not user["roles"]:
            raise CheckFailed(f"User {name} has no user roles assigned on server {server}.", REDEPLOY_FIX)
        missing = [
            role.name for role in INTEGRATION_ROLES if role.id not in {str(r.get("roleid")) for r in user["roles"]}
        ]
        if missing:
            raise CheckFailed(
                f"User {name} does not have the required roles on server {server}; it needs {' and '.join(missing)}.",
                REDEPLOY_FIX,
            )
    connection.integration_user_id, connection.integration_user_name = user_id, name
    return f"{name}: enabled, not an administrator" + ("" if before_deploy else ", holds the integration roles")
