"""`manage.py sandbox seed [--scale N] [--if-empty] | reset | serve [--port P] … | speed [--rows N]`."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sandbox import faults, store
from sandbox.routers import SANDBOX_DB


class Command(BaseCommand):
    help = "Seed, reset or serve the emulated Dataverse, Business Central and identity services."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="{seed,reset,serve,speed}")
        seed = commands.add_parser("seed", help="Load the demo company (and optionally N generated records).")
        seed.add_argument("--scale", type=int, default=0, help="Also generate this many records per table.")
        seed.add_argument("--if-empty", action="store_true", help="Do nothing when demo data already exists.")
        commands.add_parser("reset", help="Empty both emulated systems (the app's own data is untouched).")
        serve = commands.add_parser("serve", help="Serve the app with the sandbox on a port.")
        serve.add_argument("--host", default="127.0.0.1")
        serve.add_argument("--port", type=int, default=8001)
        serve.add_argument("--latency-ms", type=int, help="Added latency per request, every service.")
        serve.add_argument("--throttle-rate", type=float, help="Share of requests answered 429 with Retry-After.")
        serve.add_argument("--error-rate", type=float, help="Share of requests answered 500 or 503.")
        serve.add_argument("--drop-rate", type=float, help="Share of requests whose connection is dropped.")
        speed = commands.add_parser("speed", help="Measure paging reads through the Dataverse emulator.")
        speed.add_argument("--rows", type=int, default=20000)

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _migrate(self) -> None:
        call_command("migrate", database=SANDBOX_DB, verbosity=0, interactive=False)

    def _seed(self, *, scale: int, if_empty: bool, **_) -> None:
        from sandbox.demo.scale import seed_scale
        from sandbox.demo.seed import seed_demo

        self._migrate()
        if if_empty and store.has_rows():
            self.stdout.write("The sandbox already holds data; nothing seeded.")
            return
        summary = seed_demo()
        if summary:
            self.stdout.write(str(summary))
        if scale:
            seed_scale(scale)
            self.stdout.write(f"Generated {scale} records per scaled table.")

    def _reset(self, **_) -> None:
        self._migrate()
        store.reset()
        self.stdout.write("Both emulated systems are empty.")

    def _serve(self, *, host: str, port: int, **options) -> None:
        from bcsales.webserver import serve

        self._migrate()
        changes = {name: options[name] for name in ("latency_ms", "throttle_rate", "error_rate", "drop_rate")}
        changes = {name: value for name, value in changes.items() if value is not None}
        try:
            for service in faults.SERVICES:
                faults.configure(service, **changes)
        except ValueError as failure:
            raise CommandError(str(failure)) from None
        self.stdout.write(f"Sandbox on http://{host}:{port}/sandbox/ (Dataverse: /sandbox/dataverse, BC: /sandbox/bc)")
        serve(host=host, port=port)

    def _speed(self, *, rows: int, **_) -> None:
        from sandbox.dataverse.speed import measure_paging

        self._migrate()
        self.stdout.write(measure_paging(rows))
