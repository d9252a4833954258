"""A list of text values (``c in (…)`` or ``c eq … or c eq …``) is tested as a set, with the comparison of its terms."""

from sandbox.odata import parse_filter

CODES = "code eq 'ab' or code eq 'CD' or code eq 'ef'"


def test_a_text_list_ignores_case_where_the_service_does():
    folding = parse_filter(CODES)
    exact = parse_filter(CODES, case_insensitive=False)

    assert [folding.matches({"code": code}) for code in ("AB", "cd", "x")] == [True, True, False]
    assert [exact.matches({"code": code}) for code in ("AB", "CD", "ab")] == [False, True, True]


def test_a_text_list_inside_an_and_still_needs_the_other_terms():
    where = parse_filter(f"({CODES}) and n gt 1")

    assert where.matches({"code": "ef", "n": 2}) and not where.matches({"code": "ef", "n": 1})
    assert not where.matches({"code": "zz", "n": 2})


def test_a_missing_or_non_text_value_is_compared_as_each_term_compares_it():
    listed = parse_filter("code in ('1', '2')")

    assert not listed.matches({}) and not listed.matches({"code": None}) and not listed.matches({"code": 1})
    assert parse_filter("n eq 1 or n eq 2").matches({"n": 2})


def test_a_guid_list_matches_the_stored_lower_case_id():
    guid = "5f0e3a2b-1111-4222-8333-444455556666"

    assert parse_filter(f"id in ({guid.upper()}, {guid.replace('6', '7')})").matches({"id": guid})
    assert parse_filter(f"id eq {guid} or id eq {guid.replace('6', '7')}").matches({"id": guid})
