"""The filters of the log pages, read from the query string; unknown values are refused with a clear message."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from synclog.choices import JobStatus, JobType, PassDirection

__all__ = ["LogFilters", "read_filters"]

CHOICES = {"direction": PassDirection, "job_type": JobType, "status": JobStatus}


@dataclass
class LogFilters:
    values: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def jobs(self, jobs: QuerySet) -> QuerySet:
        for name in ("mapping_name", "direction", "job_type", "status"):
            if self.values.get(name):
                jobs = jobs.filter(**{name: self.values[name]})
        if self.values.get("connection"):
            jobs = jobs.filter(connection_id=self.values["connection"])
        return jobs

    def errors(self, errors: QuerySet) -> QuerySet:
        if self.values.get("mapping_name"):
            errors = errors.filter(mapping_name=self.values["mapping_name"])
        if self.values.get("direction"):
            errors = errors.filter(direction=self.values["direction"])
        if self.values.get("connection"):
            errors = errors.filter(job__connection_id=self.values["connection"])
        text = self.values.get("q")
        if text:
            errors = errors.filter(Q(message__icontains=text) | Q(details__icontains=text))
        return errors


def read_filters(params) -> LogFilters:
    """Filters from ``params``; a value that is not one of the choices is dropped and reported."""
    filters = LogFilters()
    for name in ("mapping_name", "q"):
        filters.values[name] = params.get(name, "").strip()
    filters.values["mapping_name"] = filters.values["mapping_name"].upper()
    for name, choices in CHOICES.items():
        value = params.get(name, "")
        if value and value not in choices.values:
            filters.problems.append(f"{value!r} is not a valid {name.replace('_', ' ')}; that filter was ignored.")
            value = ""
        filters.values[name] = value
    connection = params.get("connection", "")
    if connection and not connection.isdigit():
        filters.problems.append(f"{connection!r} is not a connection; that filter was ignored.")
        connection = ""
    filters.values["connection"] = connection
    return filters
