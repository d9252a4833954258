"""The transform step's rules (sync_engine §2.11), each proved alone."""

import uuid

import pytest

from mappings.engine.errors import MappingError
from mappings.engine.transform import parse_constant, same_value, transfer_fields
from mappings.engine.transformations import Transformation
from mappings.engine.types import FieldRule, LookupRule
from synclog.choices import PassDirection

TO = PassDirection.TO_INTEGRATION
FROM = PassDirection.FROM_INTEGRATION
SALESPERSON = LookupRule("Salesperson/Purchaser", "systemuser", "Code")
USER_ID = uuid.UUID("11111111-2222-3333-4444-555555555555")


class CoupledSalespeople:
    """Lookups as a page's prepared answers: PS is coupled to USER_ID, XX is not."""

    def resolve(self, rule, value, direction):
        if value in (None, ""):
            return True, None
        return (True, USER_ID) if value == "PS" else (False, None)


def rule(bc, dv, direction="Bidirectional", **options) -> FieldRule:
    return FieldRule(bc, dv, direction, **options)


def test_insert_writes_every_mapped_field():
    rules = [rule("Name", "name"), rule("City", "address1_city")]
    transfer = transfer_fields(rules, {"Name": "Adatum", "City": "Oslo"}, None, CoupledSalespeople(), TO)
    assert transfer.payload == {"name": "Adatum", "address1_city": "Oslo"}


def test_modify_writes_only_fields_whose_value_differs():
    rules = [rule("Name", "name"), rule("City", "address1_city")]
    destination = {"name": "Adatum ", "address1_city": "Bergen"}
    transfer = transfer_fields(rules, {"Name": "Adatum", "City": "Oslo"}, destination, CoupledSalespeople(), TO)
    assert transfer.payload == {"address1_city": "Oslo"}
    assert transfer.changed_bidirectional.bc_field == "City"


def test_unidirectional_change_is_not_a_bidirectional_change():
    rules = [rule("Credit Limit (LCY)", "creditlimit", "ToIntegrationTable")]
    transfer = transfer_fields(rules, {"Credit Limit (LCY)": 100}, {"creditlimit": 50}, CoupledSalespeople(), TO)
    assert transfer.payload == {"creditlimit": 100}
    assert transfer.changed_bidirectional is None


def test_constant_is_written_typed_whatever_the_source_holds():
    rules = [rule("", "customertypecode", "ToIntegrationTable", constant="3")]
    assert transfer_fields(rules, {}, None, CoupledSalespeople(), TO).payload == {"customertypecode": 3}
    assert parse_constant("true") is True
    assert parse_constant("account") == "account"


def test_option_map_translates_codes_to_option_values_and_back():
    terms = rule("Payment Terms Code", "paymenttermscode", options=(("14 DAYS", 2), ("30 DAYS", 3)))
    assert transfer_fields([terms], {"Payment Terms Code": "30 days"}, None, CoupledSalespeople(), TO).payload == {
        "paymenttermscode": 3
    }
    assert transfer_fields([terms], {"paymenttermscode": 2}, None, CoupledSalespeople(), FROM).payload == {
        "Payment Terms Code": "14 DAYS"
    }


def test_unmapped_option_fails_the_record_with_must_be_coupled():
    terms = rule("Payment Terms Code", "paymenttermscode", options=(("14 DAYS", 2),))
    with pytest.raises(
        MappingError, match="Payment Terms Code 7 DAYS must be coupled to a record in Dynamics 365 Sales"
    ):
        transfer_fields([terms], {"Payment Terms Code": "7 DAYS"}, None, CoupledSalespeople(), TO)


def test_lookup_through_coupling_writes_the_coupled_id():
    owner = rule("Salesperson Code", "ownerid", "ToIntegrationTable", lookup=SALESPERSON)
    assert transfer_fields([owner], {"Salesperson Code": "PS"}, None, CoupledSalespeople(), TO).payload == {
        "ownerid": USER_ID
    }


def test_lookup_of_an_uncoupled_record_fails_the_record():
    owner = rule("Salesperson Code", "ownerid", "ToIntegrationTable", lookup=SALESPERSON)
    with pytest.raises(MappingError, match=r"Salesperson Code XX must be coupled to a record in Dynamics 365 Sales\."):
        transfer_fields([owner], {"Salesperson Code": "XX"}, None, CoupledSalespeople(), TO)


def test_clear_value_on_failed_sync_blanks_the_destination_instead_of_failing():
    contact = rule("Primary Contact No.", "primarycontactid", lookup=SALESPERSON, clear_on_failed=True)
    destination = {"primarycontactid": str(USER_ID)}
    transfer = transfer_fields([contact], {"Primary Contact No.": "XX"}, destination, CoupledSalespeople(), TO)
    assert transfer.payload == {"primarycontactid": None}


def test_not_null_leaves_the_destination_untouched_when_the_lookup_is_empty():
    owner = rule("Salesperson Code", "ownerid", "ToIntegrationTable", lookup=SALESPERSON, not_null=True)
    transfer = transfer_fields([owner], {"Salesperson Code": ""}, {"ownerid": str(USER_ID)}, CoupledSalespeople(), TO)
    assert transfer.payload == {}


def test_values_compare_as_bc_compares_them():
    assert same_value(" Oslo ", "Oslo")
    assert same_value(10, "10") is False
    assert same_value(10, 10.0)
    assert same_value(str(USER_ID).upper(), USER_ID)
    assert same_value(None, "")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("Uppercase", "  ADATUM-CORP 7 "),
        ("Lowercase", "  adatum-corp 7 "),
        ("TitleCase", "  Adatum-Corp 7 "),
        ("Trim", "adaTum-corp 7"),
        ("RemoveNonAlphanumeric", "adaTumcorp7"),
        ("", "  adaTum-corp 7 "),
    ],
)
def test_a_transformation_rule_changes_the_text_before_it_is_written(kind, expected):
    rules = [rule("Name", "name", transformation=kind), rule("Credit Limit (LCY)", "creditlimit", transformation=kind)]
    source = {"Name": "  adaTum-corp 7 ", "Credit Limit (LCY)": 1500}
    transfer = transfer_fields(rules, source, None, CoupledSalespeople(), TO)
    assert transfer.payload == {"name": expected, "creditlimit": 1500}


def test_only_a_field_without_constant_transformation_option_or_lookup_is_copied_as_it_is():
    assert FieldRule("Name", "name", "Bidirectional").copies_value
    assert FieldRule("Name", "name", "Bidirectional", transformation=Transformation()).copies_value
    for rule in (
        FieldRule("Name", "name", "Bidirectional", transformation=Transformation(kind="Uppercase")),
        FieldRule("Name", "name", "Bidirectional", constant="X"),
        FieldRule("Name", "name", "Bidirectional", constant=""),
        FieldRule("Name", "name", "Bidirectional", transformation="UPPERCASE"),
        FieldRule("Name", "name", "Bidirectional", is_option=True),
        FieldRule("Name", "name", "Bidirectional", options=(("A", 1),)),
    ):
        assert not rule.copies_value, rule
