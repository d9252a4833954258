"""``manage.py bench`` end to end on a small run: correctness only, never timing.

The command serves the sandbox in a process of its own and keeps its databases in its work directory, so this
test needs no test database: it runs the command as an operator would and reads the report and the files.
"""

import json
import math
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_processes

ROOT = Path(__file__).resolve().parents[2]
RECORDS = 200
SCENARIOS = ["a", "c", "b", "b", "b", "d", "e", "s", "s", "s"]
CREATED = {"CUSTOMER": "account", "CONTACT": "contact", "ITEM-PRODUCT": "product"}
ROWS = """SELECT count(*) FROM sandbox_sandboxrecord WHERE service = 'dataverse' AND "table" = '{}'"""
ACCOUNTS = ROWS.format("account")


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[dict, Path, str]:
    base = tmp_path_factory.mktemp("bench")
    report, work = base / "report.json", base / "work"
    command = [sys.executable, str(ROOT / "manage.py"), "bench", "--records", str(RECORDS), "--latency-ms", "0"]
    command += ["--sample", "20", "--json", str(report), "--work-dir", str(work)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(report.read_text()), work, done.stdout


def _scalar(database: Path, sql: str) -> int:
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchone()[0]


def test_the_report_has_every_scenario_the_two_ratios_and_the_targets(run):
    report, _, _ = run
    assert [s["scenario"] for s in report["scenarios"]] == SCENARIOS
    assert [s["mapping"] for s in report["scenarios"] if s["scenario"] == "b"] == [
        "CUSTOMER",
        "CONTACT",
        "ITEM-PRODUCT",
    ]
    for key in ("ratio_b_a", "ratio_c_b", "ratio_s_a", "ratio_b_s"):
        assert isinstance(report[key], float) and math.isfinite(report[key]) and report[key] > 0
    assert set(report["targets"]) == {
        "b_within_1_5x_of_a",
        "b_50x_faster_per_record_than_c",
        "d_at_most_2_requests_per_direction",
        "d_under_one_second",
        "e_requests_in_proportion_to_changes",
    }
    for scenario in report["scenarios"]:
        assert scenario["requests"] > 0 and scenario["seconds"] > 0 and scenario["peak_memory_mib"] > 0
        assert scenario["start_memory_mib"] > 0 and 0 <= scenario["memory_growth_mib"] <= scenario["peak_memory_mib"]
        assert scenario["memory_growth_mib"] == pytest.approx(
            max(0.0, scenario["peak_memory_mib"] - scenario["start_memory_mib"]), abs=0.11
        )


def test_every_customer_is_coupled_once_by_the_full_synchronization(run):
    report, work, _ = run
    checks = report["checks"]
    customers = next(s for s in report["scenarios"] if s["scenario"] == "b" and s["mapping"] == "CUSTOMER")
    assert checks["coupled_more_than_once"] == 0
    assert checks["coupled"] + customers["failed_to_dataverse"] == checks["bc_customers"]
    assert checks["coupled"] >= RECORDS  # every generated customer, whatever the demo's own ones did
    accounts = _scalar(work / "sandbox.sqlite3", ACCOUNTS)
    assert accounts >= checks["coupled"]


def test_the_raw_bound_and_the_baseline_leave_no_account_behind(run):
    report, work, _ = run
    raw = next(s for s in report["scenarios"] if s["scenario"] == "a")
    assert raw["records"] == report["checks"]["bc_customers_before"]
    coupled_accounts = _scalar(
        work / "bcsales.sqlite3",
        "SELECT count(*) FROM mappings_coupling WHERE bc_table = 'Customer' AND dataverse_table = 'account'",
    )
    accounts = _scalar(work / "sandbox.sqlite3", ACCOUNTS)
    assert accounts <= coupled_accounts + report["checks"]["demo_accounts"]


def test_the_incremental_runs_write_only_what_changed(run):
    report, _, _ = run
    idle = next(s for s in report["scenarios"] if s["scenario"] == "d")
    changed = next(s for s in report["scenarios"] if s["scenario"] == "e")
    assert idle["written"] == 0
    assert changed["written"] == report["checks"]["changed_customers"] == math.ceil(report["checks"]["coupled"] / 100)


@pytest.mark.parametrize("name", list(CREATED))
def test_the_services_alone_answer_every_request_of_each_full_synchronization_again(run, name):
    report, work, _ = run
    synchronized = next(s for s in report["scenarios"] if s["scenario"] == "b" and s["mapping"] == name)
    services = next(s for s in report["scenarios"] if s["scenario"] == "s" and s["mapping"] == name)
    assert services["records"] == synchronized["records"]
    # every request of the run, the sign-in's and the product rules job's (after ITEM-PRODUCT) among them
    assert services["requests"] >= synchronized["requests"]
    assert services.get("problems", []) == []
    assert report["engine_over_services"][name] > 0
    # no later scenario creates such rows: the replay made every row that (b) made, and no other
    rows = ROWS.format(CREATED[name])
    assert _scalar(work / "replay" / name / "sandbox.sqlite3", rows) == _scalar(work / "sandbox.sqlite3", rows)


def test_the_command_prints_the_table_and_the_verdicts(run):
    _, _, stdout = run
    assert "ratio b/a" in stdout and "ratio c/b" in stdout and "ratio s/a" in stdout and "ratio b/s" in stdout
    assert "target d_under_one_second:" in stdout
    assert "bottleneck" in stdout


def test_the_scenarios_that_measure_the_services_are_never_reported_as_our_bottleneck(run):
    report, _, _ = run
    assert all(name[0] in "as" for name in report["sandbox_paced"])
    assert all(name[0] not in "as" for name in report["sandbox_bottleneck"])
