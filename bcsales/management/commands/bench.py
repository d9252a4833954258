"""``python manage.py bench [--records N] [--latency-ms L] [--json PATH]``: the benchmark harness.

The run must not touch the developer's databases, so the command starts itself again in a child process whose
``BCSALES_VAR_DIR`` is the run's work directory (a temporary one unless ``--work-dir`` is given, then kept): the
product's and the sandbox's SQLite files live there, the sandbox is served from there, and the child measures.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

INSIDE = "BCSALES_BENCH_WORK_DIR"


class Command(BaseCommand):
    help = "Measure the raw bound, our full and incremental synchronization and a per-record baseline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--records", type=int, default=20000, help="Generated customers (and contacts, items).")
        parser.add_argument("--latency-ms", type=int, default=20, help="Latency the sandbox adds to every request.")
        parser.add_argument("--json", help="Write the report here (default: bench.json in the var directory).")
        parser.add_argument("--sample", type=int, default=200, help="Records written one by one in scenario (c).")
        parser.add_argument("--work-dir", help="Keep the run's databases in this (empty) directory.")

    def handle(self, *args, records: int, latency_ms: int, json: str | None, sample: int, work_dir: str | None, **_):
        if records < 1 or sample < 1 or latency_ms < 0:
            raise CommandError("--records and --sample must be at least 1, and --latency-ms at least 0.")
        target = Path(json or settings.VAR_DIR / "bench.json").resolve()
        if os.environ.get(INSIDE) == str(settings.VAR_DIR):
            self._measure(records, latency_ms, sample, target)
            return
        self._start_inside(records, latency_ms, sample, target, work_dir)

    def _start_inside(self, records: int, latency_ms: int, sample: int, target: Path, work_dir: str | None) -> None:
        directory = Path(work_dir).resolve() if work_dir else Path(tempfile.mkdtemp(prefix="bcsales-bench-"))
        if work_dir:
            directory.mkdir(parents=True, exist_ok=True)
            if any(directory.iterdir()):
                raise CommandError(f"The work directory {directory} is not empty; give an empty or new one.")
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SANDBOX_DATABASE_URL")}
        # DEBUG off, as in production: Django's debug cursor would keep the text of the last 9,000 statements (bulk
        # writes of 1,000 rows among them) in both processes, a memory and CPU cost no real run pays.
        env |= {"BCSALES_VAR_DIR": str(directory), INSIDE: str(directory), "LOG_LEVEL": "WARNING", "DEBUG": "0"}
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "bench", "--records", str(records)]
        command += ["--latency-ms", str(latency_ms), "--sample", str(sample), "--json", str(target)]
        try:
            done = subprocess.run(command, cwd=settings.BASE_DIR, env=env)
        finally:
            if not work_dir:
                shutil.rmtree(directory, ignore_errors=True)
        if done.returncode != 0:
            raise CommandError(f"The benchmark failed (exit status {done.returncode}).")

    def _measure(self, records: int, latency_ms: int, sample: int, target: Path) -> None:
        from bcsales.bench.report import render_table
        from bcsales.bench.runner import run_benchmark

        report = run_benchmark(
            records=records, latency_ms=latency_ms, work_dir=settings.VAR_DIR, sample=sample, say=self.stdout.write
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(report, indent=2) + "\n")
        self.stdout.write(render_table(report))
        self.stdout.write(f"Report written to {target}")
