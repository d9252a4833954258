"""``python manage.py sync [MAPPING ...] [--all] [--full] [--connection NAME]``: run mappings in the foreground.

Mappings run in dependency order (a mapping after those in its Dependency Filter); each pass prints one line:
``MAPPING direction: inserted=N modified=N deleted=N unchanged=N skipped=N failed=N coupled=N uncoupled=N``.
A mapping that cannot run (already running, set-up refused by a service) is reported on stderr and the others
still run; the command then exits with status 1.
"""

from graphlib import CycleError, TopologicalSorter

from django.core.management.base import BaseCommand, CommandError

from connection_setup.models import Connection
from mappings.engine.errors import RetryableSyncError, SyncConfigurationError
from mappings.locks import MappingLockBusy
from mappings.models import TableMapping
from mappings.services.sync_actions import run_mapping_now


def dependency_order(mappings: list[TableMapping]) -> list[TableMapping]:
    """The mappings with every dependency (among those chosen) before its dependents."""
    by_name = {m.name: m for m in mappings}
    graph = {m.name: [d for d in m.dependencies if d in by_name] for m in mappings}
    try:
        return [by_name[name] for name in TopologicalSorter(graph).static_order()]
    except CycleError as cycle:
        raise CommandError(f"The Dependency Filters form a cycle: {' → '.join(cycle.args[1])}.") from None


class Command(BaseCommand):
    help = "Run integration table mappings now, in dependency order, printing one line of counters per pass."

    def add_arguments(self, parser) -> None:
        parser.add_argument("mappings", nargs="*", metavar="MAPPING", help="Mapping names, e.g. CUSTOMER.")
        parser.add_argument("--all", action="store_true", help="Run every enabled mapping of the connection.")
        parser.add_argument("--full", action="store_true", help="Full synchronization: all records, forced writes.")
        parser.add_argument("--connection", help="Connection name; needed when there are several.")

    def handle(self, *args, **options) -> None:
        connection = self._connection(options["connection"])
        mappings = self._mappings(connection, options["mappings"], options["all"])
        failed = [mapping.name for mapping in dependency_order(mappings) if not self._run(mapping, options["full"])]
        if failed:
            raise CommandError(f"{len(failed)} mapping(s) could not run completely: {', '.join(failed)}.")

    def _run(self, mapping: TableMapping, full: bool) -> bool:
        """Run one mapping and print its passes; a mapping that cannot run is reported and the next one runs."""
        try:
            results = run_mapping_now(mapping, full=full)
        except (MappingLockBusy, RetryableSyncError, SyncConfigurationError) as error:
            self.stderr.write(f"{mapping.name}: {error}")
            return False
        for result in results:
            self.stdout.write(result.line())
            if result.message:
                self.stderr.write(f"{result.mapping_name}: {result.message}")
        return not any(result.message for result in results)

    def _connection(self, name: str | None) -> Connection:
        connections = Connection.objects.all()
        if name:
            connection = connections.filter(name=name).first()
            if connection is None:
                raise CommandError(f"There is no connection named {name!r}.")
            return connection
        if connections.count() != 1:
            names = ", ".join(c.name for c in connections) or "none"
            raise CommandError(f"Name the connection with --connection (connections: {names}).")
        return connections.get()

    def _mappings(self, connection: Connection, names: list[str], run_all: bool) -> list[TableMapping]:
        if not names and not run_all:
            raise CommandError("Name one or more mappings, or use --all.")
        # Option mappings run the option pass (sync_engine §2.10); child mappings run with their parent.
        mappings = TableMapping.objects.filter(
            connection=connection, status="Enabled", parent_name="", parent_mapping=None
        )
        if run_all:
            return list(mappings)
        found = {m.name: m for m in mappings.filter(name__in=[n.upper() for n in names])}
        missing = [n for n in names if n.upper() not in found]
        if missing:
            raise CommandError(f"Unknown or disabled mapping(s) on {connection.name}: {', '.join(missing)}.")
        return list(found.values())
