"""Enable, Disable, Import/Redeploy Integration Solution and the wizard's Finish (connection_setup §1.3, §3.4, §5.2).

Enabling follows BC's order, except that a missing solution is installed before the connection test rather than
after it, since our test also requires the integration roles the solution brings: deploy, test the connection
(integration user and local currency included), save, reset the default synchronization setup (with this company's
filter on the company-scoped mappings), clear the disable reason, then apply
the organization flag of legacy sales order integration. Disabling clears the facts read from Sales, puts the
synchronization jobs On Hold and removes this company's web client URL from Sales.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.http import HttpRequest

from bcsales.permissions import audit
from connection_setup.clients.errors import AuthenticationError, ServiceError
from connection_setup.forms import AdminCredentials
from connection_setup.models import AssistedSetup, Connection
from connection_setup.services import dataverse_ops
from connection_setup.services.checks import test_connection
from connection_setup.services.defaults import reset_default_configuration
from connection_setup.services.errors import AdminCredentialsRequired, SetupError
from connection_setup.services.factory import dataverse_client
from connection_setup.services.web_client import publish_company, withdraw_company
from connection_setup.solution import INTEGRATION_ROLES, SOLUTION_VERSION
from mappings.models import JobQueueEntry
from mappings.services.multi_company import company_filter_notes

__all__ = [
    "AdminCredentialsRequired",
    "FinishOutcome",
    "SetupError",
    "deploy_solution",
    "disable_connection",
    "enable_connection",
    "finish_assisted_setup",
]

# BC leaves these running when the connection is disabled (connection_setup §1.6).
KEPT_RUNNING_ON_DISABLE = ("CRM ITEM AVAILABILITY JOB", "CRM ARCHIVED SALES ORDERS JOB")


def _target(connection: Connection) -> str:
    return f"connection={connection.pk} {connection.name}"


def deploy_solution(
    connection: Connection, *, admin: AdminCredentials | None = None, request: HttpRequest | None = None
) -> None:
    """Import the integration solution when missing or outdated, make sure its roles exist, assign them.

    The integration user holds no administrator role, so Dataverse refuses it the import; then an administrator
    must sign in once (``AdminCredentialsRequired``). Those credentials are used for this call only.
    """
    user_id = _integration_user_id(connection)
    try:
        with dataverse_client(connection, admin=admin) as client:
            business_unit = client.who_am_i()["BusinessUnitId"]
            if dataverse_ops.installed_solution_version(client) != SOLUTION_VERSION:
                dataverse_ops.import_solution(client)
            for role in INTEGRATION_ROLES:
                dataverse_ops.ensure_role(client, role, business_unit)
            user = dataverse_ops.user_with_roles(client, user_id)
            for role in INTEGRATION_ROLES:
                dataverse_ops.assign_role(client, user, user_id, role.id)
    except AuthenticationError as error:
        if admin is None:
            raise AdminCredentialsRequired(
                "The integration user may not import the solution or assign security roles. Sign in with a Dynamics "
                "365 Sales administrator to deploy them."
            ) from error
        raise AdminCredentialsRequired(
            f"Enter valid Dynamics 365 Sales administrator credentials. {error.message}"
        ) from error
    except ServiceError as error:
        raise SetupError(f"The deployment of the integration solution failed: {error.message}") from error
    connection.is_solution_installed, connection.solution_version = True, SOLUTION_VERSION
    connection.save(update_fields=["is_solution_installed", "solution_version", "updated_at"])
    audit(request, "Integration solution deployed", target=_target(connection), detail=f"version {SOLUTION_VERSION}")


def _integration_user_id(connection: Connection) -> str:
    """The connection signs in as its integration user, so WhoAmI with its own credentials names it."""
    if connection.integration_user_id:
        return str(connection.integration_user_id)
    try:
        with dataverse_client(connection) as client:
            user_id = client.who_am_i()["UserId"]
    except ServiceError as error:
        raise SetupError(f"The integration user cannot sign in: {error.message}") from error
    connection.integration_user_id = user_id
    connection.save(update_fields=["integration_user_id", "updated_at"])
    return str(user_id)


def enable_connection(
    connection: Connection, *, admin: AdminCredentials | None = None, request: HttpRequest | None = None
) -> list[str]:
    """Enable in BC's order (see the module docstring); returns what was done, for the page to show."""
    if connection.is_enabled:
        return ["The connection is already enabled."]
    done = []
    if not connection.is_solution_installed:
        deploy_solution(connection, admin=admin, request=request)
        done.append("The solution, user roles and entities have been deployed.")
    report = test_connection(connection)
    if not report.ok:
        raise SetupError(report.summary + (f" {report.first_failure.fix}" if report.first_failure else ""))
    with transaction.atomic():
        connection.is_enabled, connection.disable_reason = True, ""
        connection.save()
        reset_default_configuration(connection)
    audit(request, "Connection enabled", target=_target(connection))
    done.append("The connection is enabled with the default integration table mappings and job queue entries.")
    done += company_filter_notes(connection)
    if connection.legacy_sales_order_integration:
        done.append(_apply_sales_order_flag(connection))
    published = publish_company(connection)
    return done + ([published] if published else [])


def _apply_sales_order_flag(connection: Connection) -> str:
    """The organization flag is Sales' source of truth for legacy sales order integration (§6.3)."""
    try:
        with dataverse_client(connection) as client:
            dataverse_ops.set_sales_order_integration(client, True)
    except ServiceError as error:
        return f"Legacy Sales Order Integration could not be set in Dynamics 365 Sales: {error.message}"
    return "Sales Order Integration with Dynamics 365 Sales is enabled."


def disable_connection(connection: Connection, *, request: HttpRequest | None = None, reason: str = "") -> None:
    """Withdraw the web client URL from Sales (best effort), forget what was read from Sales, hold the jobs."""
    withdraw_company(connection)
    connection.is_enabled = False
    connection.disable_reason = reason[:250]
    connection.crm_version, connection.is_solution_installed, connection.solution_version = "", False, ""
    connection.base_currency_id, connection.base_currency_code, connection.base_currency_symbol = None, "", ""
    connection.base_currency_precision = connection.currency_decimal_precision = None
    connection.save()
    for entry in JobQueueEntry.objects.filter(connection=connection).exclude(code__in=KEPT_RUNNING_ON_DISABLE):
        entry.set_on_hold()
    audit(request, "Connection disabled", target=_target(connection), detail=reason)


@dataclass
class FinishOutcome:
    summary: str = ""
    lines: list[str] = field(default_factory=list)
    error: str = ""


def finish_assisted_setup(
    setup: AssistedSetup, *, admin: AdminCredentials | None = None, request: HttpRequest | None = None
) -> FinishOutcome:
    """The wizard's Finish (§3.4): deploy the solution when chosen, enable when chosen, mark the setup complete."""
    connection = setup.connection
    outcome = FinishOutcome()
    if not connection.has_secret:
        return FinishOutcome(error="You must specify the credentials for the user account for synchronization.")
    try:
        if setup.import_solution:
            deploy_solution(connection, admin=admin, request=request)
            outcome.lines.append("The integration solution and its security roles were deployed.")
        if setup.enable_connection:
            outcome.lines += enable_connection(connection, admin=admin, request=request)
    except AdminCredentialsRequired:
        raise
    except SetupError as error:
        return FinishOutcome(error=str(error))
    setup.completed = True
    setup.save(update_fields=["completed", "updated_at"])
    audit(request, "Assisted setup completed", target=_target(connection))
    outcome.summary = f"The connection {connection.name} to Dynamics 365 Sales has been set up."
    return outcome
