"""Test Connection (connection_setup §2.4, §5.3) reporting each step, and the checks the wizard's steps run.

Steps in order: token, WhoAmI, organization and version, integration user and roles, Business Central company,
local currency in Dataverse. A failing step names its cause and fix; the steps after it are marked not run.
"""

from django.utils import timezone

from connection_setup.clients.business_central import BusinessCentralClient
from connection_setup.clients.dataverse import DataverseClient
from connection_setup.clients.registry import BC_STANDARD_API
from connection_setup.models import SDK_API_VERSIONS, Connection, SdkVersion
from connection_setup.services import dataverse_ops
from connection_setup.services.factory import business_central_client, dataverse_client
from connection_setup.services.integration_user import check_integration_user
from connection_setup.services.report import CheckFailed, CheckReport
from connection_setup.services.web_client import connected_company_urls

__all__ = ["check_business_central", "check_credentials", "local_currency_code", "test_connection", "version_is_valid"]


def version_is_valid(version: str) -> bool:
    """BC §1.5: a Sales version is valid when its major part is above 6 and it is not 7.1."""
    parts = [int(part) for part in version.split(".")[:2] if part.isdigit()]
    return bool(parts) and parts[0] > 6 and parts[:2] != [7, 1]


def _sdk_covers(connection: Connection, version: str) -> bool:
    """The chosen SDK version must be equal to or newer than the server's (the seed's SDK rule)."""
    server = tuple(int(part) for part in version.split(".")[:2] if part.isdigit())
    sdk = tuple(int(part) for part in SDK_API_VERSIONS[SdkVersion(connection.proxy_version)].split("."))
    return sdk >= server


def _organization_step(client: DataverseClient, connection: Connection) -> str:
    org = dataverse_ops.organization(client)
    version = dataverse_ops.service_version(client)
    if not version_is_valid(version):
        raise CheckFailed(f"Version {version} might not work correctly.", "Upgrade Dynamics 365 Sales.")
    if not _sdk_covers(connection, version):
        raise CheckFailed(
            f"The Dynamics 365 SDK Version {connection.get_proxy_version_display()} is older than the server's {version}.",
            "Choose a Dynamics 365 SDK Version equal to or newer than the version used by Dynamics 365 Sales.",
        )
    currency = dataverse_ops.currency(client, org["_basecurrencyid_value"]) if org.get("_basecurrencyid_value") else {}
    connection.crm_version = version
    connection.base_currency_id = org.get("_basecurrencyid_value")
    connection.base_currency_code = currency.get("isocurrencycode", "")
    connection.base_currency_symbol = currency.get("currencysymbol", "")[:5]
    connection.base_currency_precision = currency.get("currencyprecision")
    connection.currency_decimal_precision = org.get("currencydecimalprecision")
    solution = dataverse_ops.installed_solution_version(client)
    connection.is_solution_installed, connection.solution_version = bool(solution), solution
    connection.connected_companies = len(connected_company_urls(client)) if solution else 0
    return f"{org.get('name', '')}, version {version}, base currency {connection.base_currency_code or '—'}"


def _company_step(connection: Connection) -> str:
    with business_central_client(connection) as client:
        companies = client.companies()
    match = next(
        (
            row
            for row in companies
            if str(row["id"]) == str(connection.bc_company_id or "") or row["name"] == connection.bc_company_name
        ),
        None,
    )
    if match is None:
        names = ", ".join(row["name"] for row in companies) or "none"
        raise CheckFailed(
            f"Company {connection.bc_company_name or connection.bc_company_id} does not exist in environment "
            f"{connection.bc_environment}.",
            f"Choose one of the companies: {names}.",
        )
    connection.bc_company_id, connection.bc_company_name = match["id"], match["name"]
    return f"{match['name']} ({match['id']}) in environment {connection.bc_environment}"


def local_currency_code(bc: BusinessCentralClient, connection: Connection) -> str:
    """Business Central's LCY Code, as the company information of the connection's company names it."""
    answer = bc.http.request("GET", f"{BC_STANDARD_API}/companies({connection.bc_company_id})/companyInformation")
    rows = answer.json().get("value", [])
    code = rows[0].get("currencyCode", "") if rows else ""
    if not code:
        raise CheckFailed(
            "The LCY Code in General Ledger Setup is blank.", "Specify the LCY Code in General Ledger Setup."
        )
    return code


def _currency_step(client: DataverseClient, connection: Connection) -> str:
    with business_central_client(connection) as bc:
        code = local_currency_code(bc, connection)
    if not dataverse_ops.currency_exists(client, code):
        raise CheckFailed(
            f"Local currency code {code} matches no ISO currency code in the Dataverse currency table.",
            f"Create the currency {code} in Dynamics 365 Sales, or make the LCY Code ISO-compliant.",
        )
    return f"Currency {code} exists in Dataverse."


def test_connection(connection: Connection) -> CheckReport:
    """Run every step; what the steps learn (version, currency, integration user) is saved on the connection."""
    report = CheckReport("Test Connection")
    with dataverse_client(connection) as client:
        who: dict = {}
        report.run("Token", lambda: _token_step(client))
        report.run("WhoAmI", lambda: _who_am_i_step(client, who))
        report.run("Organization and version", lambda: _organization_step(client, connection))
        report.run("Integration user and roles", lambda: check_integration_user(client, connection, who.get("UserId")))
        report.run("Business Central company", lambda: _company_step(connection))
        report.run("Local currency in Dataverse", lambda: _currency_step(client, connection))
    connection.refreshed_at = timezone.now()
    if report.first_failure is None or report.first_failure.name != "Token":
        connection.save()
    return report


def _token_step(client: DataverseClient) -> str:
    auth = client.http.client.auth
    auth.provider.token(auth.resource)
    return "An access token was issued for the Dynamics 365 Sales URL."


def _who_am_i_step(client: DataverseClient, who: dict) -> str:
    who.update(client.who_am_i())
    return f"Signed in as user {who['UserId']} in business unit {who['BusinessUnitId']}."


def _message(report: CheckReport) -> str:
    failure = report.first_failure
    return f"{failure.detail} {failure.fix}".strip() if failure else ""


def check_credentials(connection: Connection) -> str:
    """The wizard's Credentials step: a token and WhoAmI with what was typed; "" when they work."""
    report = CheckReport("Credentials")
    with dataverse_client(connection) as client:
        who: dict = {}
        report.run("Token", lambda: _token_step(client))
        report.run("WhoAmI", lambda: _who_am_i_step(client, who))
        report.run(
            "Integration user",
            lambda: check_integration_user(client, connection, who.get("UserId"), before_deploy=True),
        )
    return _message(report)


def check_business_central(connection: Connection) -> str:
    """The wizard's Business Central step: the company must exist; its id is taken from the service."""
    report = CheckReport("Business Central")
    report.run("Business Central company", lambda: _company_step(connection))
    return _message(report)
