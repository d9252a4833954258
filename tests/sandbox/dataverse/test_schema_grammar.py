"""The column-line grammar of the emulated tables: requirement-level marks, platform defaults, read-only flags."""

import pytest

from sandbox.dataverse.schema.types import parse_columns


def test_each_mark_gives_its_requirement_level_and_no_mark_gives_none():
    columns = parse_columns(
        """
        name String 100 !!
        lastname String 50 !
        pricelevelid Lookup pricelevel ~
        description Memo
        """
    )
    levels = {name: column.required_level for name, column in columns.items()}
    assert levels == {
        "name": "SystemRequired",
        "lastname": "ApplicationRequired",
        "pricelevelid": "Recommended",
        "description": "None",
    }
    assert columns["pricelevelid"].targets == ("pricelevel",) and columns["name"].length == 100


def test_a_default_and_a_read_only_flag_stand_beside_the_level_and_are_not_taken_for_targets():
    columns = parse_columns("productstructure Picklist !! =1\nregardingobjectownerid Owner systemuser|team !! ro")
    structure, owner = columns["productstructure"], columns["regardingobjectownerid"]
    assert (structure.system_required, structure.default, structure.read_only, structure.targets) == (
        True,
        1,
        False,
        (),
    )
    assert (owner.system_required, owner.default, owner.read_only, owner.targets) == (
        True,
        None,
        True,
        ("systemuser", "team"),
    )


def test_a_column_with_two_requirement_levels_is_refused():
    with pytest.raises(ValueError, match="more than one requirement level"):
        parse_columns("name String 100 !! !")
