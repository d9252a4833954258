"""Crash recovery (issue 11.2): ``manage.py sync`` killed with SIGKILL at several random points of a full
synchronization of the soak's chain (currencies, unit groups, units, customers, vendors, contacts, items) under
injected faults, then started again, leaves no duplicate, loses nothing and keeps the
couplings consistent. Runs ``manage.py soak`` as an operator would, in separate processes with their own SQLite
files, so this module needs no test database."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_processes

ROOT = Path(__file__).resolve().parents[2]
RECORDS = 50  # customers and items; the soak world adds their contacts, units, N/5 vendors and N/10 Sales accounts


def test_a_synchronization_killed_at_random_points_and_run_again_loses_nothing_and_doubles_nothing(tmp_path):
    figures_file = tmp_path / "soak.json"
    arguments = ["--records", str(RECORDS), "--kills", "3", "--latency-ms", "40", "--kill-window", "1.0", "--seed", "7"]
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
    tables = figures["tables"]
    coupled = {name: (values["bc_records"], values["couplings"]) for name, values in tables.items()}
    assert coupled == {
        "CURRENCY": (3, 3),
        "UNIT GROUP": (RECORDS, RECORDS),
        "ITEM UOM": (RECORDS, RECORDS),
        "CUSTOMER": (RECORDS * 11 // 10, RECORDS * 11 // 10),
        "VENDOR": (RECORDS // 5, RECORDS // 5),
        "CONTACT": (RECORDS * 3 // 2, RECORDS * 3 // 2),
        "ITEM-PRODUCT": (RECORDS, RECORDS),
    }
    assert (figures["sales"]["account"]["rows"], figures["sales"]["contact"]["rows"]) == (
        RECORDS * 13 // 10,
        RECORDS * 3 // 2,
    )
    assert all(values["coupled_more_than_once"] == values["pending_or_failed"] == 0 for values in tables.values())
    assert all(values["field_mismatches"] == values["lookup_mismatches"] == 0 for values in tables.values())
    assert all(
        values.get("sales_duplicates", 0) == values["uncoupled_rows"] == 0 for values in figures["sales"].values()
    )
