"""The option pass to Dataverse: each BC record (payment terms, shipment method, shipping agent) gets an option
labelled with its code (sync_engine §2.10).

An unmapped code takes the Sales option with the same label, ignoring case, when there is one (Sales ships with
"FOB", "DHL", "UPS" …), else a new option; a record changed since it was last synchronized relabels its option.
"""

import uuid
from datetime import datetime
from functools import partial

from connection_setup.models import Connection
from mappings.engine.endpoints import parse_stamp
from mappings.engine.option_work import OptionPass
from mappings.flows.base import TO_DATAVERSE, FlowOptions, FlowResult, FlowRun
from mappings.models import OptionMapping, TableMapping

__all__ = ["synchronize_options_to"]


def _map_new_code(work: OptionPass, code: str, system_id: uuid.UUID, stamp: datetime | None) -> None:
    columns = work.columns
    value = columns.match(code, work.book.taken)
    if value is None:
        value = columns.add(code)
        work.run.count(inserted=1)
    else:
        columns.spread(value)
        work.run.count(coupled=1)
    work.book.add(code, system_id, value, columns.options[value], bc_stamp=stamp)


def _changed(work: OptionPass, row: OptionMapping, code: str, stamp: datetime | None, full: bool) -> bool:
    """Worth a look: a full run, a failed last try, a new code, or a record modified after the last synch."""
    if full or work.book.failed_before(row) or row.bc_modified_on is None or row.bc_code != code:
        return True
    return bool(stamp and stamp > row.bc_modified_on)


def _push(work: OptionPass, record: dict, full: bool) -> None:
    """One BC record to its option: map an unmapped code, relabel the option of a changed one."""
    code, system_id = str(record.get("Code") or ""), uuid.UUID(str(record["id"]))
    stamp = parse_stamp(record.get("lastModifiedDateTime"))
    columns, row = work.columns, work.book.find(system_id, code)
    if row is None:
        _map_new_code(work, code, system_id, stamp)
        return
    if work.book.skipped(row, stamp):
        work.run.count(skipped=1)
        return
    changed = _changed(work, row, code, stamp, full)
    if row.option_value not in columns.options:
        columns.add(code, value=row.option_value)
        work.run.count(inserted=1)
    elif changed and columns.options[row.option_value].casefold() != code.casefold():
        columns.relabel(row.option_value, code)
        work.run.count(modified=1)
    else:
        work.run.count(unchanged=1)
        if not changed:
            return
    work.book.succeeded(row, code=code, system_id=system_id, caption=columns.options[row.option_value], bc_stamp=stamp)


def synchronize_options_to(connection: Connection, mapping: TableMapping, options: FlowOptions) -> FlowResult:
    """BC records → options; the mapping's BC watermark records the latest change read."""
    with FlowRun(connection, mapping.name, direction=TO_DATAVERSE, options=options) as run:
        work = OptionPass(run, mapping, TO_DATAVERSE)
        latest = mapping.bc_watermark
        for record in work.bc_records():
            stamp = parse_stamp(record.get("lastModifiedDateTime"))
            latest = max(filter(None, (latest, stamp)), default=None)
            code = str(record.get("Code") or "")
            row = work.book.find(uuid.UUID(str(record["id"])), code)
            step = partial(_push, work, record, options.full)
            work.guard(row, record["id"], code, row.option_value if row else None, step)
        TableMapping.objects.filter(pk=mapping.pk).update(bc_watermark=latest)
    return run.result
