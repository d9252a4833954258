"""Crash recovery (issue 11.2): ``manage.py sync`` killed with SIGKILL at several random points of a full
synchronization under injected faults, then started again, leaves no duplicate, loses nothing and keeps the
couplings consistent. Runs ``manage.py soak`` as an operator would, in separate processes with their own SQLite
files, so this module needs no test database."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_processes

ROOT = Path(__file__).resolve().parents[2]


def test_a_synchronization_killed_at_random_points_and_run_again_loses_nothing_and_doubles_nothing(tmp_path):
    figures_file = tmp_path / "soak.json"
    arguments = ["--records", "100", "--kills", "3", "--latency-ms", "80", "--kill-window", "1.0", "--seed", "7"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "soak", *arguments, "--json", str(figures_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(figures_file.read_text())
    assert figures["kills"] >= 2  # a run may finish before its random kill point
    customers, vendors = figures["tables"]["CUSTOMER"], figures["tables"]["VENDOR"]
    assert (customers["bc_records"], customers["couplings"]) == (110, 110)
    assert (vendors["bc_records"], vendors["couplings"]) == (20, 20)
    assert figures["accounts"] == 130
    assert customers["coupled_more_than_once"] == customers["duplicate_bc_names"] == 0
    assert customers["pending_or_failed"] == customers["field_mismatches"] == 0
    assert figures["duplicate_account_names"] == figures["uncoupled_accounts"] == 0
