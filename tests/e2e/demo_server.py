"""The demo as a real server for the browser journeys: `manage.py demo` in a child process on its own files.

Django's ``live_server`` runs inside the test process on the test database, which the django-q2 worker (a
separate process) cannot see; the demo command is what an administrator runs, so the journeys drive that:
web server + worker + seeded sandbox, on a free loopback port, in a temporary ``BCSALES_VAR_DIR``.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = ["DemoServer", "running_demo"]

BASE_DIR = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120
ADMIN_PASSWORD_LINE = re.compile(r"integration administrator 'admin' with password: (\S+)")


@dataclass(frozen=True)
class DemoServer:
    """Where the demo answers and the administrator password it printed once."""

    url: str
    admin_password: str
    log: Path

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(var_dir: str) -> dict[str, str]:
    """The demo's embedded default (SQLite in var_dir): the journeys test the browser path, not the database."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL", "SANDBOX_"))}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment |= {"BCSALES_VAR_DIR": var_dir, "Q_WORKERS": "2", "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1"}
    return environment


def _wait_until_serving(process: subprocess.Popen, url: str, log: Path) -> str:
    """Poll the login page until it answers; return the admin password the demo printed."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"manage.py demo exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/login/", timeout=2).status_code == 200:
                found = ADMIN_PASSWORD_LINE.search(log.read_text(errors="replace"))
                if found:
                    return found.group(1)
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"manage.py demo did not answer within {STARTUP_SECONDS}s:\n{log.read_text(errors='replace')}")


def _interruptible() -> None:
    """A test run started in the background inherits SIGINT ignored; the demo must get Ctrl-C to stop its worker."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop(process: subprocess.Popen) -> None:
    """Ctrl-C, as a person stops the demo (it stops its worker); then the whole process group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@contextmanager
def running_demo() -> Iterator[DemoServer]:
    """Start ``manage.py demo`` on a free port in a fresh temporary directory; stop it and remove its files."""
    with tempfile.TemporaryDirectory(prefix="bcsales-e2e-") as var_dir:
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log = Path(var_dir) / "demo.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                [sys.executable, "manage.py", "demo", "--port", str(port)],
                cwd=BASE_DIR,
                env=_environment(var_dir),
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_interruptible,
            )
            try:
                password = _wait_until_serving(process, url, log)
                yield DemoServer(url=url, admin_password=password, log=log)
            finally:
                _stop(process)
