"""Create, update, upsert and delete Dataverse rows with the service's rules; HTTP views and demo seeding share it.

Every function takes Web API property values (``name``, ``parentcustomerid_account@odata.bind`` …) and the
acting systemuser, which becomes createdby/modifiedby and the default owner, as on the real service.
"""

import uuid
from collections.abc import Sequence

from django.db import transaction

from sandbox import store
from sandbox.dataverse import errors, payload, rules, totals
from sandbox.dataverse.bound_rows import existing_bound, targets_of
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.schema import Table
from sandbox.routers import SANDBOX_DB
from sandbox.store import StoredRow

__all__ = ["SERVICE", "body_id", "create", "delete", "get", "prepared", "stale", "update", "upsert", "write_many"]

SERVICE = "dataverse"


def _stamp(data: dict, caller_id: str, *, new: bool) -> None:
    data["_modifiedby_value"], data["_modifiedby_value@type"] = caller_id, "systemuser"
    if new:
        data["_createdby_value"], data["_createdby_value@type"] = caller_id, "systemuser"


def _new_data(table: Table, body: dict, row_id: uuid.UUID, caller_id: str) -> dict:
    data = payload.column_changes(table, body)
    data.pop(table.primary_id, None)
    if table.column("ownerid") and not data.get("_ownerid_value"):
        data["_ownerid_value"], data["_ownerid_value@type"] = caller_id, "systemuser"
    _stamp(data, caller_id, new=True)
    rules.check_create(table, data, row_id)
    return data


def body_id(table: Table, body: dict, row_id: uuid.UUID | None) -> uuid.UUID:
    """The row a write names: the key in the URL (which the body must not contradict), the body's id, or a new one."""
    given = body.get(table.primary_id)
    if given and row_id and uuid.UUID(str(given)) != row_id:
        raise DataverseError.bad_request(f"The {table.primary_id} in the body does not match the key in the URL.")
    return row_id or (payload.row_id_from_key(str(given)) if given else uuid.uuid4())


def get(table: Table, row_id: uuid.UUID) -> StoredRow:
    row = store.get(SERVICE, table.logical_name, row_id)
    if row is None:
        raise DataverseError.not_found(table.logical_name, row_id)
    return row


def create(table: Table, body: dict, *, caller_id: str, row_id: uuid.UUID | None = None) -> StoredRow:
    row_id = body_id(table, body, row_id)
    data = _new_data(table, body, row_id, caller_id)
    with transaction.atomic(using=SANDBOX_DB):
        try:
            row = store.insert(SERVICE, table.logical_name, row_id, data)
        except store.RowExists:
            raise DataverseError(412, errors.DUPLICATE, "A record with matching key values already exists.") from None
        totals.refresh_documents(table.logical_name, [row.data])
    return row


def update(
    table: Table, row_id: uuid.UUID, body: dict, *, caller_id: str, expected_version: int | None = None
) -> StoredRow:
    current = get(table, row_id)
    changes = payload.column_changes(table, body)
    changes.pop(table.primary_id, None)
    _stamp(changes, caller_id, new=False)
    data = rules.check_update(table, current.data, changes, row_id)
    try:
        with transaction.atomic(using=SANDBOX_DB):
            row = store.update(SERVICE, table.logical_name, row_id, data, expected_version=expected_version)
            totals.refresh_documents(table.logical_name, [current.data, row.data])
            return row
    except store.VersionMismatch:
        raise DataverseError(
            412,
            errors.CONCURRENCY,
            "The version of the existing record doesn't match the RowVersion property provided.",
        ) from None


def upsert(table: Table, row_id: uuid.UUID, body: dict, *, caller_id: str) -> tuple[StoredRow, bool]:
    """Update when the row exists, else create it with that id; returns the row and whether it was created."""
    if store.get(SERVICE, table.logical_name, row_id) is None:
        return create(table, body, caller_id=caller_id, row_id=row_id), True
    return update(table, row_id, body, caller_id=caller_id), False


def delete(table: Table, row_id: uuid.UUID, *, expected_version: int | None = None) -> None:
    current = get(table, row_id)
    rules.check_delete(table, current.data, row_id)
    try:
        with transaction.atomic(using=SANDBOX_DB):
            store.delete(SERVICE, table.logical_name, row_id, expected_version=expected_version)
            totals.refresh_documents(table.logical_name, [current.data])
    except store.VersionMismatch:
        raise DataverseError(
            412,
            errors.CONCURRENCY,
            "The version of the existing record doesn't match the RowVersion property provided.",
        ) from None


def write_many(table: Table, bodies: Sequence[dict], *, mode: str, caller_id: str) -> list[StoredRow]:
    """CreateMultiple / UpdateMultiple / UpsertMultiple: validate every target, then write all in one go."""
    ids = [_target_id(table, body, mode) for body in bodies]
    if len(set(ids)) != len(ids):
        raise DataverseError.bad_request("The Targets contain the same record more than once.")
    existing = store.get_many(SERVICE, table.logical_name, ids)
    rows = []
    with rules.remembered_lookups(existing_bound(targets_of(bodies))):
        for index, (row_id, body) in enumerate(zip(ids, bodies, strict=True)):
            try:
                rows.append((row_id, prepared(table, row_id, body, existing.get(row_id), mode, caller_id)))
            except DataverseError as failure:
                failure.message = f"Targets[{index}] ({row_id}): {failure.message}"
                raise
    with transaction.atomic(using=SANDBOX_DB):
        written = store.write_many(SERVICE, table.logical_name, rows, existing=existing)
        totals.refresh_documents(table.logical_name, [row.data for row in written])
    return written


def _target_id(table: Table, body: dict, mode: str) -> uuid.UUID:
    if mode != "create" and not body.get(table.primary_id):
        raise DataverseError.bad_request(f"Each target of {mode.title()}Multiple needs its {table.primary_id}.")
    return body_id(table, body, None)


def prepared(table: Table, row_id: uuid.UUID, body: dict, current: StoredRow | None, mode: str, caller_id: str) -> dict:
    """The validated data a create, update or upsert of one row would store (bulk messages and `$batch` runs
    validate every row before writing them together)."""
    if current is None:
        if mode == "update":
            raise DataverseError.not_found(table.logical_name, row_id)
        return _new_data(table, body, row_id, caller_id)
    if mode == "create":
        raise DataverseError(412, errors.DUPLICATE, "A record with matching key values already exists.")
    return _changed_data(table, row_id, body, current, caller_id)


def _changed_data(table: Table, row_id: uuid.UUID, body: dict, current: StoredRow, caller_id: str) -> dict:
    changes = payload.column_changes(table, body)
    changes.pop(table.primary_id, None)
    _stamp(changes, caller_id, new=False)
    return rules.check_update(table, current.data, changes, row_id)


def stale() -> DataverseError:
    """The 412 of a write whose If-Match names an older version of the row."""
    return DataverseError(
        412, errors.CONCURRENCY, "The version of the existing record doesn't match the RowVersion property provided."
    )
