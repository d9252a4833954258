"""``manage.py sync`` as an operator runs it: separate processes, a sandbox served on a loopback port, SQLite
files. Proves the command-line contract, that a run killed with SIGKILL and started again leaves no duplicate and
loses nothing, and that two runs of one mapping started together never run at once.

The processes own their databases (``BCSALES_VAR_DIR``), so this module needs no test database of its own.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.own_processes

ROOT = Path(__file__).resolve().parents[3]
CUSTOMERS = 250
CONTROL_TOKEN = "engine-tests-control"
LINE = re.compile(
    r"^[A-Z][A-Z -]* (to-dataverse|to-bc): inserted=\d+ modified=\d+ deleted=\d+ unchanged=\d+ skipped=\d+"
    r" failed=\d+ coupled=\d+ uncoupled=\d+$"
)
SETUP = (
    "import django; django.setup(); "
    "from tests.mappings.engine.world import build_world; "
    "build_world(customers={customers}, base='{base}')"
)


class Site:
    """The served sandbox and the processes' environment."""

    def __init__(self, var_dir: Path, port: int) -> None:
        self.var_dir, self.base = var_dir, f"http://127.0.0.1:{port}"
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SANDBOX_DATABASE_URL")}
        self.env |= {"BCSALES_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "bcsales.settings"}
        self.env["BCSALES_SANDBOX_CONTROL_TOKEN"] = CONTROL_TOKEN

    def slow_down(self, latency_ms: int) -> None:
        """Every request to the served sandbox takes this long, so that a run lasts long enough to be caught."""
        headers = {"X-Sandbox-Control-Token": CONTROL_TOKEN}
        answer = httpx.post(f"{self.base}/sandbox/control/faults", json={"latency_ms": latency_ms}, headers=headers)
        answer.raise_for_status()

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(ROOT / "manage.py"), *args]

    def run(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        return subprocess.run(
            self.command(*args), cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(*args), cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def query(self, database: str, sql: str, params: tuple = ()) -> list[tuple]:
        with sqlite3.connect(self.var_dir / database, timeout=30) as db:
            return db.execute(sql, params).fetchall()

    def accounts(self) -> int:
        sql = "SELECT count(*) FROM sandbox_sandboxrecord WHERE service = 'dataverse' AND \"table\" = 'account'"
        return self.query("sandbox.sqlite3", sql)[0][0]

    def couplings(self, where: str = "1 = 1") -> int:
        return self.query("bcsales.sqlite3", f"SELECT count(*) FROM mappings_coupling WHERE {where}")[0][0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_served(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"sandbox serve exited: {server.stderr.read()}")
        try:
            httpx.get(f"{base}/sandbox/login/common/v2.0/.well-known/openid-configuration", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("sandbox serve did not answer within 60 s")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    site = Site(tmp_path_factory.mktemp("served"), _free_port())
    for args in (("migrate", "-v0"), ("migrate", "--database", "sandbox", "-v0")):
        done = site.run(*args)
        assert done.returncode == 0, done.stderr
    server = site.start("sandbox", "serve", "--port", site.base.rsplit(":", 1)[1])
    try:
        _wait_until_served(site.base, server)
        setup = SETUP.format(customers=CUSTOMERS, base=site.base)
        done = subprocess.run(
            [sys.executable, "-c", setup], cwd=ROOT, env=site.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        yield site
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def _kill_once_rows_are_written_but_not_coupled(site: Site, run: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and run.poll() is None:
        if site.accounts() > site.couplings():
            run.send_signal(signal.SIGKILL)
            run.wait(timeout=10)
            return
        time.sleep(0.02)
    raise AssertionError(f"the run ended before it could be killed: {run.communicate()}")


def test_a_run_killed_mid_write_and_run_again_leaves_no_duplicate_and_loses_nothing(site):
    site.slow_down(150)
    _kill_once_rows_are_written_but_not_coupled(site, site.start("sync", "CUSTOMER", "--full"))
    assert site.accounts() > site.couplings()
    site.slow_down(0)
    done = site.run("sync", "CUSTOMER", "--full")
    assert done.returncode == 0, done.stderr
    assert site.accounts() == CUSTOMERS
    assert site.couplings() == CUSTOMERS
    assert site.couplings("pending != '' OR last_result_to != 'success'") == 0
    ids = site.query("bcsales.sqlite3", "SELECT replace(dataverse_id, '-', '') FROM mappings_coupling")
    rows = site.query(
        "sandbox.sqlite3",
        "SELECT replace(row_id, '-', '') FROM sandbox_sandboxrecord WHERE service = 'dataverse' AND \"table\" = 'account'",
    )
    assert {i.lower() for (i,) in ids} == {r.lower() for (r,) in rows}


def test_two_runs_of_one_mapping_started_together_never_run_at_once(site):
    site.slow_down(150)
    first, second = site.start("sync", "CUSTOMER", "--full"), site.start("sync", "CUSTOMER", "--full")
    outcomes = [(*run.communicate(timeout=120), run.returncode) for run in (first, second)]
    finished = [out for out, _, code in outcomes if code == 0]
    refused = [err for _, err, code in outcomes if code != 0]
    assert len(finished) >= 1
    assert all("already being synchronized" in err for err in refused)
    assert site.accounts() == site.couplings()
    site.slow_down(0)


def test_sync_all_runs_in_dependency_order_printing_one_line_per_pass(site):
    done = site.run("sync", "--all")
    # Mappings whose set-up a service refuses are reported and skipped; every other one still runs.
    assert done.returncode == 0 or "could not run completely" in done.stderr, done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    names = [line.split(" to-")[0] for line in lines]
    assert names.index("CURRENCY") < names.index("CUSTOMER") < names.index("CONTACT")
    assert names.index("ITEM UOM") < names.index("ITEM-PRODUCT")
    assert "CUSTOMER to-dataverse: inserted=0" in done.stdout
