"""``manage.py sync``: dependency order and clear messages for bad input (DESIGN.md command-line contract)."""

import pytest
from django.core.management import CommandError, call_command

from mappings.management.commands.sync import dependency_order
from mappings.models import TableMapping


def test_mappings_run_after_the_mappings_in_their_dependency_filter(connection):
    def make(name, depends=""):
        return TableMapping(
            connection=connection, name=name, bc_table=name, dataverse_table=name.lower(), dependency_filter=depends
        )

    ordered = dependency_order(
        [make("CONTACT", "CUSTOMER"), make("CUSTOMER", "SALESPEOPLE|CURRENCY"), make("CURRENCY"), make("SALESPEOPLE")]
    )
    names = [m.name for m in ordered]
    assert names.index("CUSTOMER") > max(names.index("SALESPEOPLE"), names.index("CURRENCY"))
    assert names.index("CONTACT") > names.index("CUSTOMER")


def test_a_dependency_cycle_is_reported(connection):
    a = TableMapping(connection=connection, name="A", dependency_filter="B")
    b = TableMapping(connection=connection, name="B", dependency_filter="A")
    with pytest.raises(CommandError, match="cycle"):
        dependency_order([a, b])


def test_unknown_mapping_names_are_reported(customer_mapping):
    with pytest.raises(CommandError, match="Unknown or disabled mapping"):
        call_command("sync", "NOPE")


def test_sync_needs_mapping_names_or_all(customer_mapping):
    with pytest.raises(CommandError, match="--all"):
        call_command("sync")
