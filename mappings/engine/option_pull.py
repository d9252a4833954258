"""The option pass from Dataverse: each option of the choice column gets a BC record (sync_engine §2.10).

The record's code is the option's label in capitals, cut to the length of a BC code; an option counts as changed
when that code differs from the mapped record's code, and the change renames the BC record (a primary key rename).
A BC record that already has the code is coupled to the option instead of created again.
"""

import uuid
from datetime import datetime
from functools import partial

from connection_setup.clients.errors import ServiceError
from connection_setup.clients.registry import bc_table
from connection_setup.models import Connection
from mappings.engine.endpoints import parse_stamp
from mappings.engine.option_work import OptionPass, service_reason
from mappings.flows.base import FROM_DATAVERSE, FlowError, FlowOptions, FlowResult, FlowRun
from mappings.models import OptionMapping, TableMapping

__all__ = ["BC_CODE_LENGTH", "code_for_label", "synchronize_options_from"]

BC_CODE_LENGTH = 10  # Payment Terms, Shipment Method and Shipping Agent codes are Code[10]
DESCRIPTION_FIELDS = ("Description", "Name")


def code_for_label(label: str) -> str:
    """The BC code an option label stands for: upper-cased, trimmed, cut to the code length."""
    return label.strip().upper()[:BC_CODE_LENGTH].strip()


class OptionPull(OptionPass):
    """The From pass, with the BC table's records read once: code → SystemId, SystemId → last modified."""

    def __init__(self, run: FlowRun, mapping: TableMapping) -> None:
        super().__init__(run, mapping, FROM_DATAVERSE)
        self.bc_codes: dict[str, uuid.UUID] = {}
        self.bc_stamps: dict[uuid.UUID, datetime | None] = {}
        for record in self.bc_records():
            system_id = uuid.UUID(str(record["id"]))
            self.bc_codes[str(record.get("Code") or "").upper()] = system_id
            self.bc_stamps[system_id] = parse_stamp(record.get("lastModifiedDateTime"))

    def create_record(self, code: str, label: str) -> uuid.UUID:
        """A new BC record with the code, described by the option's label."""
        fields = bc_table(self.mapping.bc_table).fields
        described = next((name for name in DESCRIPTION_FIELDS if name in fields), None)
        values = {"Code": code} | ({described: label} if described else {})
        system_id = uuid.UUID(str(self.run.bc.create(self.mapping.bc_table, values).id))
        self.bc_codes[code] = system_id
        return system_id

    def rename(self, row: OptionMapping, code: str, label: str) -> None:
        """Rename the BC record's code to the option's new label; the row keeps pointing at the record either way."""
        try:
            self.run.bc.update(self.mapping.bc_table, row.bc_system_id, {"Code": code})
        except ServiceError as error:
            if error.retryable:
                raise
            raise FlowError(
                f"Business Central did not rename {self.mapping.bc_table} {row.bc_code} to {code} "
                f"({service_reason(error)}); the option mapping still points at {row.bc_code}."
            ) from error
        self.bc_codes.pop(row.bc_code.upper(), None)
        self.bc_codes[code] = row.bc_system_id
        self.book.succeeded(row, code=code, system_id=row.bc_system_id, caption=label)


def _refuse_if_mapped_elsewhere(work: OptionPull, code: str, row: OptionMapping | None) -> None:
    """One code, one option: a code another option holds is refused before BC is asked to create or rename."""
    other = work.book.by_code.get(code)
    if other is not None and other is not row:
        raise FlowError(f"{work.mapping.bc_table} {code} is already mapped to option value {other.option_value}.")


def _pull(work: OptionPull, value: int, label: str) -> None:
    """One option to its BC record: create or couple an unmapped option, rename the record of a relabelled one."""
    code, row = code_for_label(label), work.book.by_value.get(value)
    if not code:
        raise FlowError(f"The option {value} has no label to make a {work.mapping.bc_table} code from.")
    if row is not None and work.book.skipped(row, work.bc_stamps.get(row.bc_system_id)):
        work.run.count(skipped=1)
        return
    if row is not None and row.bc_code.upper() == code:
        work.run.count(unchanged=1)
        if work.book.failed_before(row):
            work.book.succeeded(row, code=row.bc_code, system_id=row.bc_system_id, caption=label)
        return
    _refuse_if_mapped_elsewhere(work, code, row)
    if row is not None:
        work.rename(row, code, label)
        work.run.count(modified=1)
    elif code in work.bc_codes:
        work.book.add(code, work.bc_codes[code], value, label)
        work.run.count(coupled=1)
    else:
        work.book.add(code, work.create_record(code, label), value, label)
        work.run.count(inserted=1)


def synchronize_options_from(connection: Connection, mapping: TableMapping, options: FlowOptions) -> FlowResult:
    """Options → BC records."""
    with FlowRun(connection, mapping.name, direction=FROM_DATAVERSE, options=options) as run:
        work = OptionPull(run, mapping)
        for value, label in list(work.columns.options.items()):
            row = work.book.by_value.get(value)
            system_id = row.bc_system_id if row else work.bc_codes.get(code_for_label(label))
            code = row.bc_code if row else code_for_label(label)
            work.guard(row, system_id, code, value, partial(_pull, work, value, label))
    return run.result
