"""The Business Central web client URL published to Dynamics 365 Sales (connection_setup §1.5).

Sales users open the coupled Business Central record through the ``nav_connection`` row of their company, so the
URL names the company (``?company=``). Several companies may publish into one Dataverse environment, one row
each; ours is found by its exact URL and never touches the others.
"""

from urllib.parse import quote, urlsplit

from connection_setup.clients import odata
from connection_setup.clients.dataverse import DataverseClient
from connection_setup.clients.errors import ServiceError
from connection_setup.models import DEFAULT_BC_SERVICE_ROOT, Connection
from connection_setup.services.factory import dataverse_client
from connection_setup.services.report import describe

__all__ = [
    "company_web_client_url",
    "connected_company_urls",
    "default_web_client_url",
    "publish_company",
    "publish_web_client_url",
    "remove_web_client_url",
    "withdraw_company",
]

TABLE = "nav_connection"
WEB_CLIENT_HOST = "https://businesscentral.dynamics.com"


def default_web_client_url(connection: Connection) -> str:
    """BC online's web client for the connection's tenant and environment; another service root serves its own."""
    online = connection.bc_service_root.rstrip("/") == DEFAULT_BC_SERVICE_ROOT
    host = WEB_CLIENT_HOST if online else connection.bc_service_root.rstrip("/")
    return f"{host}/{connection.bc_tenant}/{connection.bc_environment}"


def company_web_client_url(connection: Connection) -> str:
    """The URL as BC publishes it: the stored (or default) URL with ``company=`` added when it has none."""
    url = connection.bc_web_client_url or default_web_client_url(connection)
    if "company=" in (urlsplit(url).query or ""):
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}company={quote(connection.bc_company_name, safe='')}"


def _rows_with_url(client: DataverseClient, url: str) -> list[dict]:
    rows = []
    for page in client.iter_pages(TABLE, select=["nav_connectionid"], filter=odata.eq("nav_dynamicsnavurl", url)):
        rows.extend(page)
    return rows


def publish_web_client_url(client: DataverseClient, connection: Connection) -> str:
    """Create or update this company's ``nav_connection`` row; returns the published URL."""
    url = company_web_client_url(connection)
    data = {"nav_name": (connection.bc_company_name or connection.name)[:100], "nav_dynamicsnavurl": url}
    existing = _rows_with_url(client, url)
    if existing:
        client.update(TABLE, existing[0]["nav_connectionid"], data)
    else:
        client.create(TABLE, data)
    return url


def remove_web_client_url(client: DataverseClient, connection: Connection) -> bool:
    """Best effort on disable, as BC does: a failure leaves the row and is not an error. True when removed."""
    try:
        for row in _rows_with_url(client, company_web_client_url(connection)):
            client.delete(TABLE, row["nav_connectionid"])
    except ServiceError:
        return False
    return True


def connected_company_urls(client: DataverseClient) -> list[str]:
    """Every company URL published into the environment: more than one means several BC companies sync to it."""
    urls = []
    for page in client.iter_pages(TABLE, select=["nav_dynamicsnavurl"], filter=odata.eq("statecode", 0)):
        urls.extend(row["nav_dynamicsnavurl"] for row in page if row.get("nav_dynamicsnavurl"))
    return sorted(set(urls))


def publish_company(connection: Connection) -> str:
    """Publish this company's URL and count the companies in the environment; returns the message to show.

    Runs after the default synchronization setup, when the solution (and so ``nav_connection``) is installed. A
    failure is reported, not raised: the mappings and jobs are already in place and publishing can be repeated.
    """
    if not connection.is_solution_installed:
        return ""
    try:
        with dataverse_client(connection) as client:
            url = publish_web_client_url(client, connection)
            connection.connected_companies = len(connected_company_urls(client))
    except ServiceError as error:
        return f"The web client URL could not be published to Dynamics 365 Sales: {describe(error)}"
    connection.bc_web_client_url = url
    connection.save(update_fields=["bc_web_client_url", "connected_companies", "updated_at"])
    return f"The Business Central web client URL {url} was published to Dynamics 365 Sales."


def withdraw_company(connection: Connection) -> bool:
    """On disable: remove this company's row from Sales, best effort (the service may be why it is disabled)."""
    if not connection.is_solution_installed:
        return False
    try:
        with dataverse_client(connection) as client:
            return remove_web_client_url(client, connection)
    except ServiceError:
        return False
