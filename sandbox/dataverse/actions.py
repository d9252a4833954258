"""Functions and actions: WhoAmI, ImportSolution, the bulk messages, and role assignment through `$ref`."""

import base64
import binascii
import io
import uuid
import zipfile
from xml.etree import ElementTree

from django.utils import timezone

from sandbox import store
from sandbox.dataverse import service
from sandbox.dataverse.api import ApiRequest, ApiResponse
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.payload import parse_reference
from sandbox.dataverse.privileges import require_customizer
from sandbox.dataverse.records import project, shape
from sandbox.dataverse.role_privileges import record_role_privileges
from sandbox.dataverse.schema import Table, table_named

__all__ = ["SERVICE_VERSION", "bulk", "import_solution", "navigation", "retrieve_version", "who_am_i"]

# What RetrieveVersion reports: an online Dataverse environment on Web API 9.2.
SERVICE_VERSION = "9.2.24094.00196"

SERVICE = service.SERVICE
# navigation property → (intersect table, this side's column, other table, other side's column)
_RELATIONSHIPS = {
    ("systemuser", "systemuserroles_association"): ("systemuserroles", "systemuserid", "role", "roleid"),
    ("team", "teamroles_association"): ("teamroles", "teamid", "role", "roleid"),
}


def who_am_i(request: ApiRequest) -> ApiResponse:
    if request.method != "GET":
        raise DataverseError(405, "0x80060888", "WhoAmI is a function: call it with GET.")
    user = store.get(SERVICE, "systemuser", uuid.UUID(request.caller_id))
    business_unit = (user.data.get("_businessunitid_value") if user else None) or str(uuid.UUID(int=0))
    organizations = store.query_page(
        store.PageQuery(SERVICE, "organization", lambda row: {"id": str(row.row_id)}, size=1)
    )
    organization = organizations.records[0]["id"] if organizations.records else str(uuid.UUID(int=0))
    body = {
        "@odata.context": f"{request.root}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse",
        "BusinessUnitId": business_unit,
        "UserId": request.caller_id,
        "OrganizationId": organization,
    }
    return ApiResponse(200, body)


def retrieve_version(request: ApiRequest) -> ApiResponse:
    """The version of the organization's server, which clients compare with the SDK version they speak."""
    if request.method != "GET":
        raise DataverseError(405, "0x80060888", "RetrieveVersion is a function: call it with GET.")
    body = {
        "@odata.context": f"{request.root}$metadata#Microsoft.Dynamics.CRM.RetrieveVersionResponse",
        "Version": SERVICE_VERSION,
    }
    return ApiResponse(200, body)


def import_solution(request: ApiRequest) -> ApiResponse:
    """Read the solution's unique name and version from solution.xml in the zip and record it as installed."""
    if request.method != "POST":
        raise DataverseError(405, "0x80060888", "ImportSolution is an action: call it with POST.")
    require_customizer(request.caller_id)
    body = request.json()
    try:
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(body.get("CustomizationFile") or "", validate=True)))
        manifest = ElementTree.fromstring(archive.read("solution.xml")).find(".//SolutionManifest")
        unique_name, version = manifest.findtext("UniqueName"), manifest.findtext("Version")
        managed = manifest.findtext("Managed") == "1"
    except (binascii.Error, zipfile.BadZipFile, KeyError, ElementTree.ParseError, AttributeError):
        raise DataverseError.bad_request(
            "The CustomizationFile must be a base64-encoded solution zip with a solution.xml manifest.", "0x80048033"
        ) from None
    if not unique_name or not version:
        raise DataverseError.bad_request("solution.xml must name the solution's UniqueName and Version.", "0x80048033")
    record_role_privileges(archive)
    table = table_named("solution")
    values = {"uniquename": unique_name, "friendlyname": unique_name, "version": version}
    existing = store.find(SERVICE, "solution", uniquename=unique_name)
    row_id = existing[0].row_id if existing else uuid.uuid5(uuid.NAMESPACE_URL, f"solution/{unique_name}")
    row, _ = service.upsert(table, row_id, values, caller_id=request.caller_id)
    store.update(
        SERVICE,
        "solution",
        row_id,
        {**row.data, "installedon": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"), "ismanaged": managed},
    )
    return ApiResponse(204)


def bulk(request: ApiRequest, table: Table, message: str) -> ApiResponse:
    """CreateMultiple, UpdateMultiple, UpsertMultiple: all targets or none, in one write."""
    if request.method != "POST":
        raise DataverseError(405, "0x80060888", f"{message} is an action: call it with POST.")
    targets = request.json().get("Targets")
    if not isinstance(targets, list) or not targets:
        raise DataverseError.bad_request(f"{message} needs a non-empty Targets array.")
    expected = f"Microsoft.Dynamics.CRM.{table.logical_name}"
    for target in targets:
        if not isinstance(target, dict) or target.get("@odata.type", expected) != expected:
            raise DataverseError.bad_request(f"Every target of {message} on {table.entity_set} must be a {expected}.")
    mode = message.removesuffix("Multiple").lower()
    rows = service.write_many(table, targets, mode=mode, caller_id=request.caller_id)
    if mode == "create":
        return ApiResponse(
            200,
            {
                "@odata.context": f"{request.root}$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse",
                "Ids": [str(r.row_id) for r in rows],
            },
        )
    return ApiResponse(204)


def navigation(request: ApiRequest, table: Table, row_id: uuid.UUID, rest: str) -> ApiResponse:
    """``systemusers(id)/systemuserroles_association[/$ref | (roleid)/$ref]``: list, associate, dissociate."""
    name, _, tail = rest.partition("/")
    other_key = None
    if "(" in name:
        name, _, other_key = name.rstrip(")").partition("(")
    relationship = _RELATIONSHIPS.get((table.logical_name, name))
    if relationship is None:
        raise DataverseError.bad_property(table.logical_name, name)
    service.get(table, row_id)
    intersect, own_column, other, other_column = relationship
    if request.method == "GET" and not tail:
        rows = store.find(SERVICE, intersect, **{own_column: str(row_id)})
        others = store.get_many(SERVICE, other, [uuid.UUID(r.data[other_column]) for r in rows])
        other_table = table_named(other)
        return ApiResponse(200, {"value": [shape(other_table, project(other_table, r)) for r in others.values()]})
    if tail != "$ref":
        raise DataverseError(404, "0x80060888", f"Resource not found for the segment '{rest}'.")
    if request.method == "POST":
        target_table, other_id = parse_reference(request.json().get("@odata.id"))
        if target_table.logical_name != other:
            raise DataverseError.bad_request(f"{name} relates {table.logical_name} rows to {other} rows only.")
        service.get(target_table, other_id)
        pair_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{intersect}/{row_id}/{other_id}")
        if store.get(SERVICE, intersect, pair_id) is None:
            store.insert(SERVICE, intersect, pair_id, {own_column: str(row_id), other_column: str(other_id)})
        return ApiResponse(204)
    if request.method == "DELETE" and other_key:
        pair_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{intersect}/{row_id}/{uuid.UUID(other_key)}")
        if store.get(SERVICE, intersect, pair_id) is not None:
            store.delete(SERVICE, intersect, pair_id)
        return ApiResponse(204)
    raise DataverseError(405, "0x80060888", f"The HTTP method {request.method} is not allowed on {name}/$ref.")
