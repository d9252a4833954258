"""``manage.py sync`` runs option mappings: by name, and with ``--all`` before the mappings that depend on them."""

import io

import pytest
from django.core.management import call_command

from mappings.management.commands.sync import dependency_order
from mappings.models import OptionMapping, TableMapping
from tests.mappings.engine.world import bc_create

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_sync_payment_terms_runs_the_option_pass_and_prints_its_counters(world):
    bc_create("Payment Terms", {"Code": "14 DAYS", "Description": "Net 14 days"})
    out = io.StringIO()
    call_command("sync", "PAYMENT TERMS", stdout=out)
    assert out.getvalue().splitlines() == [
        "PAYMENT TERMS to-dataverse: inserted=1 modified=0 deleted=0 unchanged=0 skipped=0 failed=0 "
        "coupled=0 uncoupled=0"
    ]
    assert OptionMapping.objects.get().bc_code == "14 DAYS"


def test_sync_all_puts_the_option_mappings_before_customers_and_vendors(world):
    enabled = TableMapping.objects.filter(connection=world.connection, status="Enabled", parent_name="")
    names = [mapping.name for mapping in dependency_order(list(enabled))]
    for option in ("PAYMENT TERMS", "SHIPMENT METHOD", "SHIPPING AGENT"):
        assert names.index(option) < names.index("CUSTOMER") and names.index(option) < names.index("VENDOR")
