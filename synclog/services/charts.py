"""The dashboard's pictures: records synchronized and failed per mapping and day, and the job queue's state.

Charts are drawn as SVG by the server (geometry here, markup in the templates, colours in
``static/css/dashboard.css``), so the page needs no chart library and no script.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from mappings.models import JobQueueEntry, JobQueueStatus
from synclog.models import SyncJob

__all__ = ["Bar", "MappingChart", "QueueBar", "job_queue_bars", "mapping_charts"]

DAYS = 14
CHART_HEIGHT = 80
BAR_WIDTH = 12
BAR_GAP = 4


@dataclass(frozen=True)
class Bar:
    """One day of one mapping: a green part (synchronized) stacked under a red part (failed)."""

    day: date
    synchronized: int
    failed: int
    x: int
    synchronized_height: int
    failed_height: int

    @property
    def synchronized_y(self) -> int:
        return CHART_HEIGHT - self.synchronized_height

    @property
    def failed_y(self) -> int:
        return self.synchronized_y - self.failed_height


@dataclass
class MappingChart:
    mapping_name: str
    bars: list[Bar] = field(default_factory=list)

    @property
    def width(self) -> int:
        return DAYS * (BAR_WIDTH + BAR_GAP)

    @property
    def height(self) -> int:
        return CHART_HEIGHT

    @property
    def synchronized(self) -> int:
        return sum(bar.synchronized for bar in self.bars)

    @property
    def failed(self) -> int:
        return sum(bar.failed for bar in self.bars)


def _days(today: date) -> list[date]:
    return [today - timedelta(days=offset) for offset in range(DAYS - 1, -1, -1)]


def mapping_charts(connection=None, *, today: date | None = None) -> list[MappingChart]:
    """One chart per mapping with jobs in the last 14 days; bars share one scale so mappings compare."""
    days = _days(today or timezone.localdate())
    jobs = SyncJob.objects.filter(queued_at__date__gte=days[0])
    if connection is not None:
        jobs = jobs.filter(connection=connection)
    totals = (
        jobs.annotate(day=TruncDate("queued_at"))
        .values("mapping_name", "day")
        .annotate(synchronized=Sum(F("inserted") + F("modified")), failed=Sum("failed"))
    )
    per_mapping: dict[str, dict[date, tuple[int, int]]] = {}
    for row in totals:
        per_mapping.setdefault(row["mapping_name"], {})[row["day"]] = (row["synchronized"] or 0, row["failed"] or 0)
    peak = max((s + f for values in per_mapping.values() for s, f in values.values()), default=0) or 1
    charts = []
    for name in sorted(per_mapping):
        chart = MappingChart(name)
        for index, day in enumerate(days):
            synchronized, failed = per_mapping[name].get(day, (0, 0))
            chart.bars.append(
                Bar(
                    day,
                    synchronized,
                    failed,
                    index * (BAR_WIDTH + BAR_GAP),
                    round(CHART_HEIGHT * synchronized / peak),
                    round(CHART_HEIGHT * failed / peak),
                )
            )
        charts.append(chart)
    return charts


@dataclass(frozen=True)
class QueueBar:
    status: JobQueueStatus
    count: int
    width_percent: int


def job_queue_bars(connection=None) -> list[QueueBar]:
    """How many job queue entries are in each status, as bar widths relative to all entries."""
    entries = JobQueueEntry.objects.all() if connection is None else JobQueueEntry.objects.filter(connection=connection)
    counts = Counter(entries.values_list("status", flat=True))
    total = sum(counts.values()) or 1
    return [
        QueueBar(status, counts[status.value], round(100 * counts[status.value] / total)) for status in JobQueueStatus
    ]
