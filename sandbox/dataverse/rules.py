"""Business rules the real service enforces and a synchronization must cope with.

- system-required columns must have a value on create and cannot be cleared by an update; application-required
  ("business required") columns are left to forms, as the Web API accepts rows without them; columns the
  platform fills on create (statecode, a product's structure) get their defaults first;
- look-ups must point at existing rows;
- statecode/statuscode must be a valid pair, and statuscode follows statecode when only the state is given;
- a quote, order or invoice that is no longer Active (Draft for quotes) only accepts a change of state, and
  its lines are read-only (that is why BC reactivates a submitted order before writing to it);
- a line cannot use a retired product; computed names (fullname) follow their parts.
"""

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from sandbox import store
from sandbox.dataverse import errors, totals
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.schema import Table

__all__ = ["check_create", "check_delete", "check_update", "remembered_lookups"]

SERVICE = "dataverse"
_LINE_PARENTS = {"salesorderdetail": "salesorderid", "quotedetail": "quoteid", "invoicedetail": "invoiceid"}
_DOCUMENTS = frozenset({"salesorder", "quote", "invoice"})
_STATE_ONLY = frozenset({"statecode", "statuscode", "_modifiedby_value", "_modifiedby_value@type"})
_RETIRED = 1
_SYSTEM_LOOKUPS = frozenset({"createdby", "modifiedby", "ownerid"})
_FOUND_TARGETS: ContextVar[set[tuple[str, str]] | None] = ContextVar("found_lookup_targets", default=None)


@cache
def _system_required(table: Table) -> tuple[tuple[str, str], ...]:
    """(name, property) of the system-required columns a caller must fill: not the key, which the service
    generates, nor the columns the service sets or defaults itself; a run of writes checks them on every row."""
    return tuple(
        (column.name, column.property_name)
        for column in table.columns.values()
        if column.system_required
        and not column.read_only
        and column.default is None
        and column.name != table.primary_id
    )


@cache
def _defaults(table: Table) -> tuple[tuple[str, int], ...]:
    """(property, value) of the columns the platform fills when a create leaves them out."""
    return tuple(
        (column.property_name, column.default) for column in table.columns.values() if column.default is not None
    )


def _refuse_empty(table: Table, data: dict, *, creating: bool) -> None:
    """A create must fill every system-required column; an update may leave them out but not clear them."""
    for name, property_name in _system_required(table):
        if (creating or property_name in data) and data.get(property_name) in (None, ""):
            raise DataverseError(
                400,
                errors.INVALID_ARGUMENT,
                f"The '{name}' attribute of the '{table.logical_name}' entity is required and cannot be empty.",
            )


@cache
def _checked_lookups(table: Table) -> dict[str, str]:
    """``_x_value`` → ``_x_value@type`` of each look-up whose target must exist (not the system stamps)."""
    return {
        f"_{column.name}_value": f"_{column.name}_value@type"
        for column in table.columns.values()
        if column.is_lookup and column.name not in _SYSTEM_LOOKUPS
    }


@cache
def _computes_fullname(table: Table) -> bool:
    fullname = table.column("fullname")
    return fullname is not None and fullname.read_only and table.column("lastname") is not None


def check_create(table: Table, data: dict, row_id: uuid.UUID) -> None:
    """Complete and validate a new row's data in place."""
    for property_name, value in _defaults(table):
        data.setdefault(property_name, value)
    _refuse_empty(table, data, creating=True)
    _finish(table, data, row_id, data)


def check_update(table: Table, current: dict, changes: dict, row_id: uuid.UUID) -> dict:
    """The row's data after ``changes``, validated against its current state."""
    if table.logical_name in _DOCUMENTS and current.get("statecode", 0) != 0 and set(changes) - _STATE_ONLY:
        raise DataverseError(
            400,
            errors.INVALID_ARGUMENT,
            f"The {table.logical_name} {row_id} cannot be changed while its statecode is {current.get('statecode')}; "
            "set it back to the first state before updating its columns.",
        )
    _refuse_empty(table, changes, creating=False)
    merged = {**current, **changes}
    if "statecode" in changes and "statuscode" not in changes:
        merged["statuscode"] = None
    _finish(table, merged, row_id, changes)
    return merged


def check_delete(table: Table, current: dict, row_id: uuid.UUID) -> None:
    _check_line_parent(table, current, row_id)


def _finish(table: Table, data: dict, row_id: uuid.UUID, changes: dict) -> None:
    """Checks on the complete row (state, parent) and on what changed (look-ups, product)."""
    _check_lookups(table, changes)
    _check_state(table, data, row_id)
    _check_line_parent(table, data, row_id)
    _check_product(table, changes)
    totals.complete_line(table.logical_name, data)
    if _computes_fullname(table):
        data["fullname"] = " ".join(part for part in (data.get("firstname"), data.get("lastname")) if part) or None


def _check_lookups(table: Table, data: dict) -> None:
    """Every look-up set must name an existing row (an update sets few, so the data's own are checked first); the
    first missing one in column order is reported."""
    lookups = _checked_lookups(table)
    if all(_bound(data, name, lookups[name]) for name in data if name in lookups):
        return
    for name in (name for name, type_name in lookups.items() if not _bound(data, name, type_name)):
        raise DataverseError(404, errors.NOT_FOUND, f"{data[lookups[name]]} With Ids = {data[name]} Do Not Exist")


def _bound(data: dict, value_name: str, type_name: str) -> bool:
    target_id, target = data.get(value_name), data.get(type_name)
    return not (target_id and target) or _target_exists(target, target_id)


@contextmanager
def remembered_lookups(found: Iterable[tuple[str, str]] = ()) -> Iterator[None]:
    """While a run of creates and updates is checked, a look-up target found once (or in ``found``: table and id,
    read beforehand) is not read again: such a run deletes nothing, and its rows share their currency, company,
    unit group or price list."""
    token = _FOUND_TARGETS.set(set(found))
    try:
        yield
    finally:
        _FOUND_TARGETS.reset(token)


def _target_exists(target: str, target_id: str) -> bool:
    found = _FOUND_TARGETS.get()
    if found is not None and (target, target_id) in found:
        return True
    exists = store.get(SERVICE, target, uuid.UUID(target_id)) is not None
    if exists and found is not None:
        found.add((target, target_id))
    return exists


def _check_state(table: Table, data: dict, row_id: uuid.UUID) -> None:
    if not table.states:
        return
    state = data.get("statecode")
    if state not in table.states:
        raise DataverseError(
            400, errors.INVALID_STATE, f"{state} is not a valid state code on {table.logical_name} with Id {row_id}."
        )
    if data.get("statuscode") is None:
        data["statuscode"] = table.states[state][0]
    elif data["statuscode"] not in table.states[state]:
        raise DataverseError(
            400,
            errors.INVALID_STATE,
            f"{data['statuscode']} is not a valid status code for state code {state} on {table.logical_name} with Id {row_id}.",
        )


def _check_line_parent(table: Table, data: dict, row_id: uuid.UUID) -> None:
    parent_column = _LINE_PARENTS.get(table.logical_name)
    parent_id = data.get(f"_{parent_column}_value") if parent_column else None
    if not parent_id:
        return
    parent_table = parent_column[: -len("id")]
    parent = store.get(SERVICE, parent_table, uuid.UUID(parent_id))
    state = parent.data.get("statecode", 0) if parent else 0
    if state != 0:
        raise DataverseError(
            400,
            errors.INVALID_ARGUMENT,
            f"The {table.logical_name} {row_id} is read-only: its {parent_table} {parent_id} has statecode {state}; "
            f"only lines of an active {parent_table} can be created, changed or deleted.",
        )


def _check_product(table: Table, changes: dict) -> None:
    product_id = changes.get("_productid_value") if table.logical_name in _LINE_PARENTS else None
    product = store.get(SERVICE, "product", uuid.UUID(product_id)) if product_id else None
    if product and product.data.get("statecode") == _RETIRED:
        name = product.data.get("name") or product_id
        raise DataverseError(
            400,
            errors.INVALID_ARGUMENT,
            f"The product '{name}' is retired and cannot be used on a {table.logical_name}.",
        )
