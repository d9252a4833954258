"""The served sandbox a benchmark runs against: its own database files, seeded, on a loopback port, in a process.

The sandbox runs in a separate process (``manage.py sandbox serve``) so that its work never shares the bench's
interpreter: the figures of each side are read apart, and the sandbox's CPU time (from ``/proc``) says whether it,
not our code, set the pace. Its database files live in the run's work directory, so the developer's data is
never touched.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from django.conf import settings

__all__ = ["SandboxSite", "process_cpu_seconds"]

READY_TIMEOUT = 120


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of another process, read from ``/proc/PID/stat`` (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SandboxSite:
    """The sandbox served from ``work_dir`` on a free loopback port (or ``port``), with ``latency_ms`` added to every
    request."""

    def __init__(self, work_dir: Path, *, latency_ms: int, port: int | None = None) -> None:
        self.work_dir = work_dir
        self.latency_ms = latency_ms
        self.port = port or _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SANDBOX_DATABASE_URL")}
        self.env |= {"BCSALES_VAR_DIR": str(work_dir), "DJANGO_SETTINGS_MODULE": "bcsales.settings"}
        self.env["LOG_LEVEL"] = "WARNING"
        self.server: subprocess.Popen | None = None

    def manage(self, *args: str) -> str:
        """Run one ``manage.py`` command against the site's databases; its output, or an error naming it."""
        done = subprocess.run(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
        return done.stdout

    def prepare(self, records: int) -> None:
        """Both databases migrated and the demo company seeded with ``records`` generated customers."""
        self.manage("migrate", "-v0")
        self.manage("sandbox", "seed", "--scale", str(records))

    def start(self) -> None:
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "sandbox", "serve", "--port", str(self.port)]
        command += ["--latency-ms", str(self.latency_ms)]
        self.server = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        probe = f"{self.base_url}/sandbox/login/common/v2.0/.well-known/openid-configuration"
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"sandbox serve exited: {self.server.stderr.read().decode()[-2000:]}")
            try:
                httpx.get(probe, timeout=5)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError(f"sandbox serve did not answer on {self.base_url} within {READY_TIMEOUT} s")

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.server.pid) if self.server else 0.0

    def stop(self) -> None:
        if self.server is None or self.server.poll() is not None:
            return
        self.server.send_signal(signal.SIGTERM)
        try:
            self.server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()
