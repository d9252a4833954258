"""`manage.py demo`: set up everything on the embedded default and run the web server with a worker.

Migrates both databases, creates the demo users (passwords printed once), seeds the sandbox when it is
empty, then serves the app and runs a django-q2 worker beside it; Ctrl-C stops both.
"""

import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from bcsales.users import ensure_user
from bcsales.webserver import serve


class Command(BaseCommand):
    help = "Set up and run the demo: web server + django-q2 worker + sandbox, on SQLite by default."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-worker", action="store_true", help="Serve pages only; run no worker.")

    def handle(self, *args, port: int, host: str, no_worker: bool, **options):
        self.stdout.write("Migrating the databases...")
        call_command("migrate", interactive=False, verbosity=0)
        if settings.SANDBOX_ENABLED:
            call_command("migrate", database="sandbox", interactive=False, verbosity=0)
            call_command("sandbox", "seed", "--if-empty", stdout=self.stdout)
        self._print_users()
        worker = None if no_worker else self._start_worker()
        self.stdout.write(
            self.style.SUCCESS(f"bcsales demo at http://{host}:{port}/ (Ctrl-C stops the server and the worker)")
        )
        try:
            serve(host=host, port=port)
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                self._stop_worker(worker)
        self.stdout.write("Stopped.")

    def _print_users(self) -> None:
        for username, administrator in (("admin", True), ("viewer", False)):
            password = ensure_user(username, administrator=administrator)
            if password:
                role = "integration administrator" if administrator else "viewer"
                self.stdout.write(
                    self.style.WARNING(f"Created {role} '{username}' with password: {password}  (shown once)")
                )

    def _start_worker(self) -> subprocess.Popen:
        self.stdout.write("Starting the django-q2 worker...")
        return subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=str(settings.BASE_DIR))

    def _stop_worker(self, worker: subprocess.Popen) -> None:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
