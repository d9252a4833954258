"""``companies`` and ``companies({id})``: the company list, and the check that a request's company exists."""

from sandbox.bc import service
from sandbox.bc.api.common import Call, Reply, only
from sandbox.bc.api.routing import Target
from sandbox.bc.errors import BCError
from sandbox.store import StoredRow

__all__ = ["companies", "company"]


def _company_entity(row: StoredRow) -> dict:
    modified = row.modified_at.isoformat().replace("+00:00", "Z")
    created = row.created_at.isoformat().replace("+00:00", "Z")
    return {
        "id": str(row.row_id),
        "systemVersion": "25.0.00000.0",
        "timestamp": row.version,
        "name": row.data["Name"],
        "displayName": row.data["Display Name"],
        "businessProfileId": "",
        "systemCreatedAt": created,
        "systemCreatedBy": "00000000-0000-0000-0000-000000000001",
        "systemModifiedAt": modified,
        "systemModifiedBy": "00000000-0000-0000-0000-000000000001",
    }


def company(company_id: str | None) -> StoredRow:
    """The company a request names; every entity request is refused when its company does not exist."""
    try:
        return service.get("Company", company_id or "")
    except BCError:
        raise BCError(
            f"Cannot find the company with the id '{company_id}'.", status=404, code="Internal_CompanyNotFound"
        ) from None


def companies(call: Call, target: Target) -> Reply:
    only(call, "GET")
    if target.company_id:
        return Reply(
            200,
            {
                "@odata.context": f"{call.root_url}/$metadata#companies/$entity",
                **_company_entity(company(target.company_id)),
            },
        )
    rows = sorted(service.find("Company"), key=lambda row: row.data["Name"])
    return Reply(
        200, {"@odata.context": f"{call.root_url}/$metadata#companies", "value": [_company_entity(row) for row in rows]}
    )
