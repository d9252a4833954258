"""The default catalogue matches the reference read off BC's setup codeunits, mapping by mapping, field by field."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mappings.choices import DeletionConflictResolution, Direction
from mappings.defaults import MappingSpec, Switches, default_mappings

REFERENCE = Path(__file__).with_name("reference_mappings.txt")
CELL = re.compile(r"\s\|(?=\s|$)")
SHORT = {Direction.TO_INTEGRATION: "To", Direction.FROM_INTEGRATION: "From", Direction.BIDIRECTIONAL: "Both"}


@dataclass
class Expected:
    tags: frozenset[str]
    header: tuple
    fields: list[tuple] = field(default_factory=list)


def _cells(body: str) -> list[str]:
    return [cell.strip() for cell in CELL.split(" " + body)]


def _flags(text: str) -> frozenset[str]:
    return frozenset(flag for flag in text.split(",") if flag)


def _reference() -> list[Expected]:
    blocks: list[Expected] = []
    for line in REFERENCE.read_text().splitlines():
        if line.startswith("== "):
            tags, *header, flags = _cells(line[3:])
            blocks.append(Expected(frozenset(tags.split()), (*header, _flags(flags))))
        elif line.startswith("- "):
            *values, flags = _cells(line[2:])
            blocks[-1].fields.append((*values, _flags(flags)))
    return blocks


def _expected(tags: set[str], *, person: bool) -> dict[str, tuple]:
    """The reference for one variant; the Team model drops what BC's code adds only "if not IsTeamOwnershipModel"."""
    result = {}
    for block in _reference():
        if not block.tags <= tags:
            continue
        name, bc_table, dv_table, direction, bc_filter, dv_filter, deps, job, flags = block.header
        fields = block.fields
        if not person:
            fields = [f for f in fields if "person" not in f[4]]
            deps = "|".join(d for d in deps.split("|") if d != "SALESPEOPLE")
            job = "" if job.endswith("/person") else job
        result[name] = ((bc_table, dv_table, direction, bc_filter, dv_filter, deps, job, flags), fields)
    return result


def _job(spec: MappingSpec) -> str:
    if spec.job is None:
        return ""
    return f"{spec.job.interval_minutes}/{spec.job.inactivity_timeout_minutes}" + (
        "/person" * spec.job.person_model_only
    )


def _mapping_flags(spec: MappingSpec) -> frozenset[str]:
    flags = {
        "company": spec.filter_by_company,
        "all": not spec.synch_only_coupled_records,
        "bulk": spec.synch_after_bulk_coupling and spec.create_new_if_no_match,
        f"option={spec.dataverse_option_field}": bool(spec.dataverse_option_field),
        f"templates={spec.bc_config_template}/{spec.dataverse_config_template}": bool(spec.bc_config_template),
        f"deletion={spec.deletion_conflict_resolution.value}": (
            spec.deletion_conflict_resolution != DeletionConflictResolution.NONE
        ),
        f"child={spec.child_of}": bool(spec.child_of),
    }
    return frozenset(flag for flag, on in flags.items() if on)


def _field_flags(spec) -> frozenset[str]:
    flags = {
        "novalidate": not spec.validate_field,
        "validateintegration": spec.validate_integration_table_field,
        "clear": spec.clear_value_on_failed_sync,
        "notnull": spec.not_null,
        "match": spec.use_for_match_based_coupling,
        "person": spec.person_model_only,
    }
    return frozenset(flag for flag, on in flags.items() if on)


def _actual(switches: Switches) -> dict[str, tuple]:
    return {
        spec.name: (
            (
                *(spec.bc_table, spec.dataverse_table, SHORT[spec.direction], spec.bc_table_filter),
                *(spec.dataverse_table_filter, spec.dependency_filter, _job(spec), _mapping_flags(spec)),
            ),
            [
                (f.bc_field, f.dataverse_field, SHORT[f.direction], f.constant_value, _field_flags(f))
                for f in spec.fields
            ],
        )
        for spec in default_mappings(switches)
    }


VARIANTS = {
    "unit groups, extended pricing, bidirectional orders": (
        Switches(person_ownership=True, bidirectional_sales_orders=True),
        {"base", "unitgroups", "extended", "bidirectional"},
    ),
    "units of measure, legacy pricing, legacy orders": (
        Switches(person_ownership=True, unit_groups=False, extended_pricing=False, legacy_sales_orders=True),
        {"base", "uom", "legacyprice", "legacyorders"},
    ),
    "unit groups, legacy pricing, no order integration": (
        Switches(person_ownership=True, extended_pricing=False),
        {"base", "unitgroups", "legacyprice"},
    ),
    "units of measure, extended pricing, no order integration": (
        Switches(person_ownership=True, unit_groups=False),
        {"base", "uom", "extended"},
    ),
}


@pytest.mark.parametrize("person", [True, False], ids=["person ownership", "team ownership"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_catalogue_matches_the_reference_mapping_by_mapping_and_field_by_field(variant, person):
    switches, tags = VARIANTS[variant]
    expected = _expected(tags, person=person)
    actual = _actual(Switches(**{**switches.__dict__, "person_ownership": person}))
    assert sorted(actual) == sorted(expected)
    for name, (header, fields) in expected.items():
        assert actual[name][0] == header, name
        assert len(actual[name][1]) == len(fields), name
        for position, (got, want) in enumerate(zip(actual[name][1], fields, strict=True), start=1):
            assert got == want, f"{name} field {position}"


def test_catalogue_runs_in_bc_setup_order():
    names = [spec.name for spec in default_mappings(Switches(bidirectional_sales_orders=True))]
    assert names == [
        *("SALESPEOPLE", "CUSTOMER", "VENDOR", "CONTACT", "CURRENCY", "PAYMENT TERMS", "SHIPMENT METHOD"),
        *("SHIPPING AGENT", "UNIT GROUP", "ITEM UOM", "RESOURCE UOM", "ITEM-PRODUCT", "RESOURCE-PRODUCT"),
        *("PLHEADER-PRICE", "PLLINE-PRODPRICE", "POSTEDSALESINV-INV", "POSTEDSALESLINE-INV", "OPPORTUNITY"),
        *("SALESORDER-ORDER", "SOLINE-ORDERDETAIL"),
    ]


def test_every_default_mapping_names_the_setup_procedure_it_comes_from():
    specs = default_mappings(Switches(bidirectional_sales_orders=True)) + default_mappings(
        Switches(unit_groups=False, extended_pricing=False, legacy_sales_orders=True)
    )
    for spec in specs:
        assert re.match(r"^(CDSSetupDefaults|CRMSetupDefaults)\.Reset\w+Mapping\b", spec.source), spec.name


def test_option_mappings_are_never_bidirectional():
    for spec in default_mappings(Switches()):
        if spec.dataverse_option_field:
            assert spec.direction != Direction.BIDIRECTIONAL
            assert all(f.direction != Direction.BIDIRECTIONAL for f in spec.fields)
