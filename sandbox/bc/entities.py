"""Stored BC records ⇄ API entities: property names, value translation, related-record ids and etags.

``to_api`` renders a record the way BC's API pages do (``@odata.etag`` first, ``id``, the properties,
``lastModifiedDateTime``); ``from_api`` turns a request body into BC field values for ``sandbox.bc.service``.
Look-ups of related records are cached per request, so a page of 20,000 orders costs one read of Customer.
"""

import base64
import binascii
import uuid
from functools import lru_cache
from typing import Any

from sandbox.bc import records as store
from sandbox.bc.errors import BCError, RecordNotFound
from sandbox.bc.schema import ApiField, Endpoint, Lookup

__all__ = ["Lookups", "api_plan", "etag", "from_api", "to_api", "version_of"]

SERVICE = "bc"
SYSTEM_PROPERTIES = ("@odata.etag", "id", "lastModifiedDateTime")
BLANK_DATE = "0001-01-01"
_LOAD_ALL_AFTER = 50
_PLANS: dict[int, tuple[Endpoint, tuple]] = {}


def etag(version: int) -> str:
    """An opaque weak etag from the record version, in BC's style (``W/"JzE5OzE…"``)."""
    inner = f"'{len(str(version))};{version};00;'"
    return f'W/"{base64.b64encode(inner.encode()).decode()}"'


def version_of(tag: str) -> int | None:
    """The version an etag stands for; None when the text is not an etag of this service."""
    value = tag.strip()
    if value.startswith("W/"):
        value = value[2:]
    try:
        inner = base64.b64decode(value.strip('"'), validate=True).decode()
        return int(inner.strip("'").split(";")[1])
    except (binascii.Error, ValueError, IndexError, UnicodeDecodeError):
        return None


class Lookups:
    """SystemIds of related records by their key values, read lazily and cached for one request."""

    def __init__(self) -> None:
        self._maps: dict[Lookup, dict[tuple, str]] = {}
        self._complete: set[Lookup] = set()
        self._misses: dict[Lookup, int] = {}

    def id_for(self, lookup: Lookup, data: dict) -> str | None:
        values = tuple(data.get(source) for _, source in lookup.pairs)
        if not any(values):
            return None
        known = self._maps.setdefault(lookup, {})
        if values in known or lookup in self._complete:
            return known.get(values)
        self._misses[lookup] = self._misses.get(lookup, 0) + 1
        if self._misses[lookup] > _LOAD_ALL_AFTER:
            self._load_all(lookup)
            return known.get(values)
        rows = store.find(
            SERVICE, lookup.table, **{target: value for (target, _), value in zip(lookup.pairs, values, strict=True)}
        )
        known[values] = str(rows[0].row_id) if rows else None
        return known[values]

    def _load_all(self, lookup: Lookup) -> None:
        known = self._maps[lookup]
        for row in store.find(SERVICE, lookup.table):
            known[tuple(row.data.get(target) for target, _ in lookup.pairs)] = str(row.row_id)
        self._complete.add(lookup)


def _api_value(spec: ApiField, data: dict, lookups: Lookups) -> Any:
    if spec.compute is not None:
        return spec.compute(data)
    if spec.lookup is not None:
        return lookups.id_for(spec.lookup, data) or "00000000-0000-0000-0000-000000000000"
    value = spec.to_api_value(data.get(spec.source))
    if value is None and spec.edm_type == "Edm.Date":
        return BLANK_DATE
    return value


def _plan(endpoint: Endpoint) -> tuple[tuple[str, str | None, ApiField | None], ...]:
    """Per property: its name, and either the BC field it copies unchanged or the spec that computes it."""
    found = _PLANS.get(id(endpoint))
    if found is None or found[0] is not endpoint:
        plan = tuple((spec.name, spec.source, None if _copied(spec) else spec) for spec in endpoint.fields)
        found = _PLANS[id(endpoint)] = (endpoint, plan)
    return found[1]


def _copied(spec: ApiField) -> bool:
    return spec.compute is None and spec.lookup is None and not spec.values and spec.edm_type != "Edm.Date"


def api_plan(endpoint: Endpoint, names: frozenset[str] | None = None) -> tuple:
    """What ``to_api`` computes: every property, or only ``names`` (the id, ETag and modified time always)."""
    plan = _plan(endpoint)
    return plan if names is None else tuple(step for step in plan if step[0] in names)


def to_api(endpoint: Endpoint, row: store.StoredRow, lookups: Lookups, plan: tuple | None = None) -> dict[str, Any]:
    """The entity as the API shows it: all properties, or those of ``plan`` (``api_plan``) when the caller needs no
    others; ``$select`` is applied by the caller."""
    data = row.data
    get = data.get
    entity: dict[str, Any] = {"@odata.etag": etag(row.version), "id": str(row.row_id)}
    for name, source, spec in _plan(endpoint) if plan is None else plan:
        entity[name] = get(source) if spec is None else _api_value(spec, data, lookups)
    entity["lastModifiedDateTime"] = _moment(row.modified_at)
    return entity


@lru_cache(maxsize=4096)
def _moment(value) -> str:
    """Remembered: the records of one bulk write share their timestamp."""
    return value.isoformat().replace("+00:00", "Z")


def _unknown(endpoint: Endpoint, name: str) -> BCError:
    return BCError(
        f"The property '{name}' does not exist on type 'Microsoft.NAV.{endpoint.entity_type}'. Make sure to only "
        "use property names that are defined by the type."
    )


def from_api(endpoint: Endpoint, payload: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """BC field values from a request body; ``…Id`` properties are resolved to the related record's code."""
    if not isinstance(payload, dict):
        raise BCError("The request body must be a JSON object.")
    values: dict[str, Any] = {}
    related: list[tuple[ApiField, Any]] = []
    for name, value in payload.items():
        if name in SYSTEM_PROPERTIES or name.startswith("@odata.") or (endpoint.lines and name == endpoint.lines.nav):
            continue
        spec = endpoint.api_field(name)
        if spec is None:
            raise _unknown(endpoint, name)
        if spec.read_only or spec.compute is not None:
            raise BCError(f"The property '{name}' of '{endpoint.entity_type}' is read-only and cannot be changed.")
        if spec.lookup is not None:
            related.append((spec, value))
        else:
            values[spec.source] = spec.to_bc_value(value)
    for spec, value in related:
        values.update(_resolve(spec, value))
    if creating:
        values.update(dict(endpoint.fixed))
    return values


def _resolve(spec: ApiField, value: Any) -> dict[str, Any]:
    """``customerId`` → ``{"Sell-to Customer No.": "C00010"}``; the empty GUID clears the code."""
    if value in (None, "", "00000000-0000-0000-0000-000000000000"):
        return {source: "" for _, source in spec.lookup.pairs}
    try:
        row_id = uuid.UUID(str(value))
    except ValueError:
        raise BCError(f"The value '{value}' of '{spec.name}' is not a valid GUID.") from None
    row = store.get(SERVICE, spec.lookup.table, row_id)
    if row is None:
        raise RecordNotFound(
            f"The {spec.lookup.table} does not exist. Identification fields and values: Id='{value}'", status=400
        )
    return {source: row.data.get(target) for target, source in spec.lookup.pairs}
