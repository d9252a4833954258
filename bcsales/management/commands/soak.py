"""``manage.py soak [--records N] [--kills K] [--json PATH]``: the long fault soak and crash-recovery run (issue 11).

In a private working directory (its own SQLite files) it serves the sandbox on a loopback port with injected faults
(by default 10 % 429 with Retry-After, 3 % 500/503, 1 % dropped connections), seeds the soak world
(``bcsales.soak_world``: N customers with their contacts, N items with their units, N/5 vendors, N/10 Sales
accounts), kills the full synchronization of the chain (``sync CURRENCY … ITEM-PRODUCT --full``) with SIGKILL K times
at random points, runs it again until a run completes, then audits (``bcsales.soak_audit``): every record coupled
exactly once, both sides equal field by field and on their lookups, no duplicate, and the retries in the
synchronization log. The figures are printed and optionally written as JSON.
"""

import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bcsales import soak_audit, soak_world

SYNC = ("sync", *soak_world.CHAIN, "--full")
CONTROL_TOKEN = "soak-control"
RETRY_LINE = re.compile(r" WARNING connection_setup\.clients\.http Retrying ")
FINAL_RUNS = 4


class Site:
    """The soak's processes: a private var directory, the served sandbox and ``manage.py`` children."""

    def __init__(self, work_dir: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.work_dir, self.base = work_dir, f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SANDBOX_DATABASE_URL")}
        self.env |= {"BCSALES_VAR_DIR": str(work_dir), "BCSALES_SANDBOX_CONTROL_TOKEN": CONTROL_TOKEN}
        self.env |= {"DJANGO_SETTINGS_MODULE": "bcsales.settings", "LOG_LEVEL": "WARNING"}
        self.retries_logged = 0

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(*args), env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def run(self, *args: str) -> tuple[int, str, str]:
        process = self.start(*args)
        out, err = process.communicate()
        self.retries_logged += len(RETRY_LINE.findall(err))
        return process.returncode, out, err

    def must(self, *args: str) -> str:
        code, out, err = self.run(*args)
        if code:
            raise CommandError(f"manage.py {' '.join(args)} failed: {err.strip()[-2000:]}")
        return out

    def serve(self, options: dict) -> subprocess.Popen:
        rates = [f"--{name.replace('_', '-')}={options[name]}" for name in ("throttle_rate", "error_rate", "drop_rate")]
        server = self.start(
            "sandbox", "serve", "--port", str(self.port), f"--latency-ms={options['latency_ms']}", *rates
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                httpx.get(f"{self.base}/sandbox/control/faults", headers=self.control_headers, timeout=2)
                return server
            except httpx.TransportError:
                time.sleep(0.2)
        server.kill()
        raise CommandError(f"The sandbox did not start on {self.base}: {server.communicate()[1][-2000:]}")

    @property
    def control_headers(self) -> dict[str, str]:
        return {"X-Sandbox-Control-Token": CONTROL_TOKEN}

    def jobs_started(self) -> int:
        """Synchronization jobs in the soak's own database, read as the operator's SQLite file."""
        with sqlite3.connect(self.work_dir / "bcsales.sqlite3", timeout=30) as db:
            return db.execute("SELECT count(*) FROM synclog_syncjob").fetchone()[0]

    def faults_injected(self) -> dict[str, dict[str, int]]:
        answer = httpx.get(f"{self.base}/sandbox/control/faults", headers=self.control_headers, timeout=10).json()
        return {service: values.get("injected", {}) for service, values in answer.items()}


def kill_at_random_points(site: Site, kills: int, rng: random.Random, window: float) -> int:
    """Start the full synchronization ``kills`` times and SIGKILL it a random time after its first pass began;
    returns the kills delivered (a run that finished first is not counted)."""
    delivered = 0
    for _ in range(kills):
        jobs = site.jobs_started()
        run = site.start(*SYNC)
        deadline = time.monotonic() + 120
        while run.poll() is None and site.jobs_started() == jobs and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0, window))
        if run.poll() is None:
            run.send_signal(signal.SIGKILL)
            delivered += 1
        run.communicate()
    return delivered


def run_to_completion(site: Site) -> int | None:
    """Run the full synchronization until one run completes without a failed record; returns the runs needed, or
    None when none of ``FINAL_RUNS`` did (the audit then says what is missing)."""
    for attempt in range(1, FINAL_RUNS + 1):
        code, out, _ = site.run(*SYNC)
        if code == 0 and " failed=0 " in out and not re.search(r" failed=[1-9]", out):
            return attempt
    return None


class Command(BaseCommand):
    help = "Fault soak and crash recovery: a full synchronization under injected faults and SIGKILLs, then an audit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--records", type=int, default=1000, help="BC customers and items (plus N/5 vendors, N/10 accounts)."
        )
        parser.add_argument("--kills", type=int, default=0, help="Times the synchronization is killed with SIGKILL.")
        parser.add_argument("--kill-window", type=float, default=2.0, help="Latest kill, seconds after a pass began.")
        parser.add_argument("--throttle-rate", type=float, default=0.10)
        parser.add_argument("--error-rate", type=float, default=0.03)
        parser.add_argument("--drop-rate", type=float, default=0.01)
        parser.add_argument("--latency-ms", type=int, default=0)
        parser.add_argument("--seed", type=int, default=11, help="Seed of the kill points.")
        parser.add_argument("--json", help="Also write the figures to this file.")
        parser.add_argument("--keep", action="store_true", help="Keep the working directory for inspection.")
        parser.add_argument("--phase", choices=("prepare", "audit"), help="(internal) a step run inside the soak.")
        parser.add_argument("--base", help="(internal) the served sandbox's base URL.")

    def handle(self, *args, **options) -> None:
        if options["records"] < 10:
            raise CommandError("--records must be at least 10.")
        if options["phase"] == "prepare":
            soak_world.seed_soak_world(options["records"], options["base"])
        elif options["phase"] == "audit":
            self.stdout.write(json.dumps(soak_audit.audit()))
        else:
            self._soak(options)

    def _soak(self, options: dict) -> None:
        work_dir = Path(tempfile.mkdtemp(prefix="bcsales-soak-"))
        try:
            figures = self._measure(Site(work_dir), options)
        finally:
            if options["keep"]:
                self.stdout.write(f"Working directory kept: {work_dir}")
            else:
                shutil.rmtree(work_dir, ignore_errors=True)
        self._report(figures, options)

    def _measure(self, site: Site, options: dict) -> dict:
        site.must("migrate", "-v0")
        site.must("migrate", "--database", "sandbox", "-v0")
        server = site.serve(options)
        started = time.monotonic()
        try:
            site.must("soak", "--phase", "prepare", "--records", str(options["records"]), "--base", site.base)
            kills = kill_at_random_points(
                site, options["kills"], random.Random(options["seed"]), options["kill_window"]
            )
            runs = run_to_completion(site)
            figures = json.loads(site.must("soak", "--phase", "audit", "--records", str(options["records"])))
            figures |= {"kills": kills, "final_runs": runs, "retries_in_process_logs": site.retries_logged}
            figures |= {"faults_injected": site.faults_injected(), "seconds": round(time.monotonic() - started, 1)}
            figures["rates"] = {name: options[name] for name in ("throttle_rate", "error_rate", "drop_rate")}
            return figures
        finally:
            server.send_signal(signal.SIGTERM)
            server.communicate(timeout=30)

    def _report(self, figures: dict, options: dict) -> None:
        text = json.dumps(figures, indent=2)
        self.stdout.write(text)
        if options["json"]:
            Path(options["json"]).write_text(text + "\n")
        problems = soak_audit.problems(figures)
        if figures["final_runs"] is None:
            problems.insert(0, f"no run completed without failures in {FINAL_RUNS} runs")
        if problems:
            raise CommandError("The soak found problems: " + "; ".join(problems))
