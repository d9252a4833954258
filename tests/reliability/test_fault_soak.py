"""Fault soak (issue 11.1), bounded: a full synchronization of hundreds of customers, contacts, vendors and items (with
their currencies and unit chain) while the sandbox answers 10 % of requests with 429 + Retry-After, 3 % with 500/503
and drops 1 % of connections over a real socket. Afterwards every record is coupled exactly once, both sides agree
field by field and on their lookups, nothing is doubled, and the synchronization log shows the retries."""

import contextlib
import io
import random

import pytest
from django.core.management import CommandError, call_command

from bcsales.soak_audit import audit, problems
from bcsales.soak_world import CHAIN
from sandbox import faults

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"], transaction=True)

COUPLED = {"CURRENCY": 3, "UNIT GROUP": 100, "ITEM UOM": 100, "CUSTOMER": 110, "VENDOR": 20, "CONTACT": 150}


def _synchronize_until_complete(runs: int = 4) -> list[str]:
    """``sync CURRENCY … ITEM-PRODUCT --full`` as an operator runs it, again while a run reports failures."""
    lines = []
    for _ in range(runs):
        out, err = io.StringIO(), io.StringIO()
        # A pass aborted by a fault it may not retry (a dropped BC create) is reported; the next run recovers it.
        with contextlib.suppress(CommandError):
            call_command("sync", *CHAIN, "--full", stdout=out, stderr=err)
        lines = out.getvalue().splitlines()
        if lines and all(" failed=0 " in line for line in lines) and not err.getvalue():
            return lines
    raise AssertionError(f"no complete run in {runs}: {lines} {err.getvalue()}")


def test_a_full_synchronization_under_injected_faults_couples_everything_once_and_logs_the_retries(
    soak_connection, monkeypatch
):
    # Seeded dice: within the first requests the sandbox throttles, answers 503 or 500 and drops a connection.
    monkeypatch.setattr(faults, "_random", random.Random(204))
    for service in faults.SERVICES:
        faults.configure(service, throttle_rate=0.10, error_rate=0.03, drop_rate=0.01)
    _synchronize_until_complete()
    figures, injected = audit(), {service: faults.injected(service) for service in ("dataverse", "bc")}
    assert problems(figures) == []
    assert {name: figures["tables"][name]["couplings"] for name in COUPLED} == COUPLED
    assert figures["tables"]["ITEM-PRODUCT"]["couplings"] == 100
    assert (figures["sales"]["account"]["rows"], figures["sales"]["contact"]["rows"]) == (130, 150)
    kinds = {kind for counts in injected.values() for kind in counts}
    assert {"throttle", "drop"} <= kinds and kinds & {"unavailable", "server_error"}
    assert figures["retries_in_sync_log"] == sum(sum(counts.values()) for counts in injected.values())
    assert figures["failed_records_logged"] == 0
