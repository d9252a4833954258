"""The few Dataverse reads and writes the set-up needs, in the set-up's words, on top of ``DataverseClient``."""

import base64
import uuid

from connection_setup.clients import odata
from connection_setup.clients.dataverse import DataverseClient
from connection_setup.clients.errors import NotFoundError
from connection_setup.solution import SOLUTION_UNIQUE_NAME, SecurityRole, build_solution_zip

__all__ = [
    "assign_role",
    "currency",
    "currency_exists",
    "ensure_role",
    "first_row",
    "has_submitted_sales_orders",
    "import_solution",
    "installed_solution_version",
    "organization",
    "service_version",
    "set_sales_order_integration",
    "user_with_roles",
]

SUBMITTED = 1  # salesorder statecode


def first_row(client: DataverseClient, table: str, *, select: list[str], filter: odata.Filter | None = None) -> dict:
    """The first matching row, or an empty dict."""
    for page in client.iter_pages(table, select=select, filter=filter):
        return page[0] if page else {}
    return {}


def organization(client: DataverseClient) -> dict:
    return first_row(
        client,
        "organization",
        select=[
            "organizationid",
            "name",
            "_basecurrencyid_value",
            "currencydecimalprecision",
            "issopintegrationenabled",
        ],
    )


def service_version(client: DataverseClient) -> str:
    return (client.invoke("GET", "RetrieveVersion()") or {}).get("Version", "")


def currency_exists(client: DataverseClient, iso_code: str) -> bool:
    return bool(
        first_row(
            client, "transactioncurrency", select=["isocurrencycode"], filter=odata.eq("isocurrencycode", iso_code)
        )
    )


def currency(client: DataverseClient, currency_id: str) -> dict:
    return client.get(
        "transactioncurrency", currency_id, select=["isocurrencycode", "currencysymbol", "currencyprecision"]
    )


def user_with_roles(client: DataverseClient, user_id: str) -> dict:
    """The system user with its roles (``roles``: dicts with ``roleid``, ``name`` and the role template)."""
    user = client.get("systemuser", user_id, select=["fullname", "internalemailaddress", "isdisabled", "applicationid"])
    path = f"systemusers({uuid.UUID(str(user_id))})/systemuserroles_association"
    answer = client.invoke("GET", path, idempotent=True) or {}
    user["roles"] = answer.get("value", [])
    return user


def installed_solution_version(client: DataverseClient) -> str:
    """The integration solution's version, or "" when it is not installed (connection_setup §5.1)."""
    row = first_row(client, "solution", select=["version"], filter=odata.eq("uniquename", SOLUTION_UNIQUE_NAME))
    return row.get("version", "")


def import_solution(client: DataverseClient) -> None:
    """ImportSolution with the in-memory zip; repeating it is harmless (it overwrites the same managed solution)."""
    payload = {
        "CustomizationFile": base64.b64encode(build_solution_zip()).decode(),
        "OverwriteUnmanagedCustomizations": True,
        "PublishWorkflows": True,
        "ImportJobId": str(uuid.uuid4()),
    }
    client.invoke("POST", "ImportSolution", json=payload, idempotent=True)


def ensure_role(client: DataverseClient, role: SecurityRole, business_unit_id: str) -> None:
    """Find the role by its fixed id, creating it in the root business unit when the import did not."""
    try:
        client.get("role", role.id, select=["name"])
    except NotFoundError:
        data = {"name": role.name, "businessunitid@odata.bind": f"/businessunits({business_unit_id})"}
        client.create("role", data, row_id=role.id)


def assign_role(client: DataverseClient, user: dict, user_id: str, role_id: str) -> bool:
    """Associate the role with the user unless it already is; True when it was added."""
    if any(str(row.get("roleid")) == role_id for row in user["roles"]):
        return False
    path = f"systemusers({uuid.UUID(str(user_id))})/systemuserroles_association/$ref"
    client.invoke("POST", path, json={"@odata.id": f"{client.root_url}roles({role_id})"}, idempotent=True)
    return True


def has_submitted_sales_orders(client: DataverseClient) -> bool:
    return bool(first_row(client, "salesorder", select=["salesorderid"], filter=odata.eq("statecode", SUBMITTED)))


def set_sales_order_integration(client: DataverseClient, enabled: bool) -> None:
    """The organization flag ``issopintegrationenabled`` that lets Sales users submit orders to BC."""
    org = organization(client)
    client.update("organization", org["organizationid"], {"issopintegrationenabled": enabled})
