"""Option maps looked up by index give what a scan of the pairs in order gave: the first pair that matches."""

from decimal import Decimal

from mappings.engine.transform import same_value, transfer_fields
from mappings.engine.types import FieldRule
from synclog.choices import PassDirection

TO = PassDirection.TO_INTEGRATION
FROM = PassDirection.FROM_INTEGRATION


class NoLookups:
    def resolve(self, rule, value, direction):
        raise AssertionError("an option field never asks the couplings")


def _mapped(options: tuple, value, direction=TO):
    terms = FieldRule("Payment Terms Code", "paymenttermscode", "Bidirectional", options=options)
    source = "Payment Terms Code" if direction == TO else "paymenttermscode"
    return next(iter(transfer_fields([terms], {source: value}, None, NoLookups(), direction).payload.values()))


def test_the_first_pair_that_matches_wins_whether_by_value_or_by_upper_cased_text():
    options = (("net 30", 1), ("NET 30", 2), (" NET 30 ", 3))
    assert _mapped(options, "Net 30") == 1
    assert _mapped(options, "NET 30") == 1
    assert _mapped(options, " net 30") == 1  # trimmed text equals the first pair's value
    assert _mapped((("A", 1), ("B", 2)), "b") == 2


def test_option_values_match_by_number_from_sales():
    options = (("14 DAYS", 2), ("30 DAYS", 3))
    assert _mapped(options, Decimal("3.0"), FROM) == "30 DAYS"
    assert _mapped(options, 2.0, FROM) == "14 DAYS"


def test_values_of_one_type_that_are_equal_are_the_same_and_others_are_normalized():
    assert same_value("Adatum", "Adatum") and same_value(" Adatum ", "Adatum") and same_value(1, Decimal("1.00"))
    assert not same_value("Adatum", "adatum") and not same_value(True, "True")
