"""Scale-out as an operator sets it up: a private redis-server, two ``manage.py qcluster`` workers sharing SQLite
files, a sandbox served on a loopback port and a few thousand BC customers; one split full synchronization of
CUSTOMER runs its page-range parts on both workers and adds up to one job.
"""

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from shutil import which

import pytest
import redis

from tests.mappings.engine.test_sync_command_served import ROOT, Site, _free_port, _wait_until_served

CUSTOMERS = 2000
PART_SIZE = 400
# The generated customers name payment terms, price groups and contacts that this world has not coupled; those
# lookups are other mappings' business, so they are switched off to let every customer go through.
SETUP = (
    "import django; django.setup(); "
    "from tests.mappings.engine.world import build_world; from sandbox.demo.scale import seed_scale; "
    "from mappings.models import FieldMapping; "
    "build_world(customers=0, base='{base}'); seed_scale({customers}); "
    "FieldMapping.objects.filter(table_mapping__name='CUSTOMER', bc_field__in=["
    "'Payment Terms Code', 'Customer Price Group', 'Primary Contact No.']).update(status='Disabled')"
)
START = (
    "import django; django.setup(); "
    "from mappings.models import TableMapping; from mappings.services.sync_actions import synchronize_now; "
    "print(synchronize_now(TableMapping.objects.get(name='CUSTOMER'), full=True, direction='ToIntegrationTable', "
    "split=True, part_size={part_size}).pk)"
)
pytestmark = [pytest.mark.redis, pytest.mark.own_processes]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    binary = which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed: scripts/test.sh installs it (Debian package redis-server).")
    port = _free_port()
    args = [binary, "--save", "", "--appendonly", "no", "--port", str(port), "--bind", "127.0.0.1"]
    server = subprocess.Popen(args, cwd=tmp_path_factory.mktemp("redis"), stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while not _answers(url):
            assert server.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)
        yield url
    finally:
        _stop(server)


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url).ping())
    except redis.ConnectionError:
        return False


@pytest.fixture(scope="module")
def scaled_site(tmp_path_factory, redis_url) -> Iterator[Site]:
    site = Site(tmp_path_factory.mktemp("scale"), _free_port())
    site.env |= {"REDIS_URL": redis_url, "Q_WORKERS": "2"}
    for args in (("migrate", "-v0"), ("migrate", "--database", "sandbox", "-v0")):
        done = site.run(*args)
        assert done.returncode == 0, done.stderr
    processes = [site.start("sandbox", "serve", "--port", site.base.rsplit(":", 1)[1])]
    try:
        _wait_until_served(site.base, processes[0])
        _python(site, SETUP.format(base=site.base, customers=CUSTOMERS))
        site.workers = [site.start("qcluster") for _ in range(2)]
        processes += site.workers
        _wait_until_both_pull(site, redis_url)
        yield site
    finally:
        for process in processes:
            _stop(process)


def _wait_until_both_pull(site: Site, url: str) -> None:
    """Both clusters' pushers are blocked on the task list: a job queued before one of them has started would be
    taken by the other alone, which proves nothing about scale-out."""
    deadline = time.monotonic() + 90
    while sum("b" in client["flags"] for client in redis.Redis.from_url(url).client_list()) < 2:
        assert all(worker.poll() is None for worker in site.workers), "a qcluster worker exited"
        assert time.monotonic() < deadline, "the two qcluster workers did not both wait for tasks within 90 s"
        time.sleep(0.2)


def _python(site: Site, code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=site.env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _cluster_of(pid: int, roots: set[int]) -> int | None:
    """The qcluster process a worker process descends from (workers are grandchildren of it)."""
    while pid > 1:
        if pid in roots:
            return pid
        stat = Path(f"/proc/{pid}/stat").read_text()
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return None


def _wait_for_job(site: Site, job_id: int) -> tuple:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        row = site.query("bcsales.sqlite3", "SELECT status, finished_at FROM synclog_syncjob WHERE id = ?", (job_id,))
        if row and row[0][1]:
            return row[0]
        assert all(worker.poll() is None for worker in site.workers), "a qcluster worker exited"
        time.sleep(0.5)
    raise AssertionError(f"the split full synchronization did not finish within 90 s: {row}")


def test_a_split_full_sync_runs_its_parts_on_both_workers_and_adds_up_to_one_job(scaled_site):
    site = scaled_site
    job_id = int(_python(site, START.format(part_size=PART_SIZE)).strip())
    errors = "SELECT DISTINCT message FROM synclog_syncerror LIMIT 3"
    assert _wait_for_job(site, job_id)[0] == "success", site.query("bcsales.sqlite3", errors)
    parts = site.query("bcsales.sqlite3", "SELECT status, worker FROM synclog_syncjobpart WHERE job_id = ?", (job_id,))
    assert len(parts) == CUSTOMERS // PART_SIZE and {status for status, _ in parts} == {"success"}
    roots = {worker.pid for worker in site.workers}
    assert {_cluster_of(int(worker.rsplit(":", 1)[1]), roots) for _, worker in parts} == roots
    jobs = site.query("bcsales.sqlite3", "SELECT id, inserted, failed, progress_done FROM synclog_syncjob")
    assert jobs == [(job_id, CUSTOMERS, 0, CUSTOMERS)]
    assert site.couplings() == CUSTOMERS and site.couplings("pending != ''") == 0
    distinct = site.query("bcsales.sqlite3", "SELECT count(DISTINCT bc_system_id) FROM mappings_coupling")
    assert distinct[0][0] == CUSTOMERS
    assert site.accounts() == CUSTOMERS
