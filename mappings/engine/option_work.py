"""What both directions of the option pass share: the run's log, the column's options, the rows, and the rule
that a failing value is logged with the BC code, its SystemId and the option value, and its row marked failed,
while the pass goes on."""

import re
from collections.abc import Callable, Iterator

from connection_setup.clients.errors import ServiceError
from mappings.engine.option_book import OptionBook
from mappings.engine.option_sets import OptionColumns
from mappings.engine.plan import raw_filter
from mappings.flows.base import FlowError, FlowRun, RecordRef
from mappings.models import OptionMapping, TableMapping

__all__ = ["OptionPass", "service_reason"]

# BC appends a fresh correlation id to every error; without it a repeated failure reads the same (the Skipped rule).
_CORRELATION = re.compile(r"\s*CorrelationId:\s*[0-9A-Fa-f-]*\.?")


def service_reason(error: Exception) -> str:
    """What a service said about a refused value, without the per-request correlation id."""
    return _CORRELATION.sub("", getattr(error, "message", "") or str(error)).strip()


class OptionPass:
    """One pass of one option mapping: its FlowRun (job, counters, clients), options and rows."""

    def __init__(self, run: FlowRun, mapping: TableMapping, direction: str) -> None:
        self.run, self.mapping = run, mapping
        self.columns = OptionColumns(run.dataverse, mapping.dataverse_table, mapping.dataverse_option_field)
        self.book = OptionBook(mapping, direction, run.job.pk)

    @property
    def column(self) -> str:
        return ".".join(self.columns.column)

    def guard(
        self, row: OptionMapping | None, system_id: object, code: str, value: int | None, step: Callable[[], None]
    ) -> None:
        """Run one value's step; a refusal is logged with both sides' ids and marks the value's row failed (a value
        without a row yet keeps no state, as an uncoupled record), anything retryable stops the pass."""
        try:
            step()
        except (FlowError, ServiceError) as error:
            if getattr(error, "retryable", False):
                raise
            reason = service_reason(error)
            option = "(no option yet)" if value is None else f"option value {value}"
            message = f"{self.mapping.bc_table} {code or '(no code)'} ↔ {self.column} {option}: {reason}"
            self.run.fail(message, RecordRef(self.mapping.bc_table, system_id, self.column))
            if row is not None:
                self.book.failed(row, message)

    def bc_records(self, select: tuple[str, ...] = ("Code",)) -> Iterator[dict]:
        """The BC table's records inside the mapping's Table Filter, one page in memory at a time."""
        filter_ = raw_filter(self.mapping.bc_table_filter)
        for page in self.run.bc.iter_pages(self.mapping.bc_table, select=list(select), filter=filter_):
            yield from page
