"""What every BC API operation shares: the request and reply, the method check, page size and If-Match."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sandbox.bc.api.query import MAX_PAGE_SIZE
from sandbox.bc.entities import version_of
from sandbox.bc.errors import BCError, EntityChanged
from sandbox.bc.schema import Endpoint

__all__ = ["Call", "Reply", "error_reply", "expected_version", "only", "page_size"]


@dataclass
class Call:
    """One request: method, path below the API root, query options, headers (lower-case names), JSON body."""

    api: str
    method: str
    path: str
    params: Mapping[str, str]
    headers: Mapping[str, str]
    body: Any
    root_url: str


@dataclass
class Reply:
    status: int
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None


def error_reply(failure: BCError) -> Reply:
    return Reply(failure.status, {"error": {"code": failure.code, "message": failure.message}})


def only(call: Call, *methods: str, source: Endpoint | None = None) -> None:
    if call.method not in methods or (source is not None and source.read_only and call.method != "GET"):
        name = source.entity_set if source else "companies"
        raise BCError(
            f"'{call.method}' requests for '{name}' are not allowed within Dynamics 365 Business Central "
            "OData web services.",
            status=405,
            code="BadRequest_MethodNotAllowed",
        )


def page_size(call: Call) -> int:
    for preference in call.headers.get("prefer", "").split(","):
        name, _, value = preference.strip().partition("=")
        if name.strip().lower() == "odata.maxpagesize" and value.strip().isdigit():
            return max(1, min(int(value), MAX_PAGE_SIZE))
    return MAX_PAGE_SIZE


def expected_version(call: Call) -> int | None:
    """The version ``If-Match`` asks for; ``*`` means any. BC refuses writes without the header."""
    tag = call.headers.get("if-match", "").strip()
    if not tag:
        raise BCError(
            f"The '{call.method}' request needs an If-Match header with the entity's @odata.etag or '*'.",
            status=400,
            code="BadRequest",
        )
    if tag == "*":
        return None
    version = version_of(tag)
    if version is None:
        raise EntityChanged()
    return version
