"""The resource path of a BC API request, parsed: ``companies({id})/salesOrders({id})/salesOrderLines``.

Parsing is shared by the HTTP views and the JSON ``$batch`` handler, whose operations carry relative URLs.
"""

import re
from dataclasses import dataclass
from urllib.parse import unquote

from sandbox.bc.errors import NotFound
from sandbox.bc.schema import Endpoint, endpoint

__all__ = ["Target", "parse_path"]

_SEGMENT = re.compile(r"^(?P<name>[A-Za-z$][A-Za-z0-9_.]*)(?:\((?P<key>[^)]*)\))?$")
_ACTION_PREFIX = "Microsoft.NAV."


@dataclass(frozen=True)
class Target:
    """What a path names. ``kind``: root, metadata, batch, companies, collection, entity, lines, line, action."""

    kind: str
    api: str
    company_id: str | None = None
    endpoint: Endpoint | None = None
    row_id: str | None = None
    line_endpoint: Endpoint | None = None
    line_id: str | None = None
    action: str | None = None


def _key(raw: str | None) -> str | None:
    if raw is None:
        return None
    return raw.strip().strip("'").lower()


def _segments(path: str) -> list[tuple[str, str | None]]:
    parsed = []
    for part in [p for p in unquote(path).split("/") if p]:
        match = _SEGMENT.match(part)
        if not match:
            raise NotFound(f"Resource not found for the segment '{part}'.")
        parsed.append((match.group("name"), _key(match.group("key"))))
    return parsed


def parse_path(api: str, path: str) -> Target:
    """The target of ``path`` (relative to the API root) or ``NotFound`` naming the segment that failed."""
    segments = _segments(path)
    if not segments:
        return Target("root", api)
    (name, key), rest = segments[0], segments[1:]
    if name in ("$metadata", "$batch") and key is None and not rest:
        return Target(name[1:], api)
    if name != "companies":
        raise NotFound(f"Resource not found for the segment '{name}'.")
    if key is None or not rest:
        if rest:
            raise NotFound(f"Resource not found for the segment '{rest[0][0]}'.")
        return Target("companies", api, company_id=key)
    return _company_path(api, key, rest)


def _company_path(api: str, company_id: str, segments: list[tuple[str, str | None]]) -> Target:
    (name, key), rest = segments[0], segments[1:]
    found = endpoint(api, name)
    if found is None:
        raise NotFound(f"Resource not found for the segment '{name}'.")
    if key is None:
        if rest:
            raise NotFound(f"Resource not found for the segment '{rest[0][0]}'.")
        return Target("collection", api, company_id, found)
    if not rest:
        return Target("entity", api, company_id, found, key)
    (nav, nav_key), extra = rest[0], rest[1:]
    if extra:
        raise NotFound(f"Resource not found for the segment '{extra[0][0]}'.")
    if nav.startswith(_ACTION_PREFIX) and nav_key is None:
        action = nav[len(_ACTION_PREFIX) :]
        if action not in found.actions:
            raise NotFound(f"The action '{nav}' is not bound to '{found.entity_set}'.")
        return Target("action", api, company_id, found, key, action=action)
    if found.lines is None or nav != found.lines.nav:
        raise NotFound(f"Resource not found for the segment '{nav}'.")
    line_endpoint = endpoint(api, found.lines.entity_set)
    kind = "lines" if nav_key is None else "line"
    return Target(kind, api, company_id, found, key, line_endpoint, nav_key)
