"""The Transformation Rule settings of an Integration Field Mapping (BC's table 1237, kept on the field mapping).

BC keeps rules in a table of their own, referenced by code; here each field mapping carries its rule and settings,
edited on the field mapping card. Settings that do not belong to the chosen rule are cleared, as BC's card clears
them when the type changes; the ones the rule needs are checked with a message that names them.
"""

from decimal import Decimal

from django.db import models

from mappings.choices import DatePart, FieldLookupRule, RoundingDirection, TransformationRule
from mappings.engine.transformations import Transformation, regex_problem

__all__ = ["TransformationSettings"]

R = TransformationRule
SETTINGS_OF = {
    R.SUBSTRING: ("start_position", "substring_length", "starting_text", "ending_text"),
    R.REPLACE: ("find_value", "replace_value"),
    R.REGEX_REPLACE: ("find_value", "replace_value"),
    R.REGEX_MATCH: ("find_value",),
    R.DATE_FORMATTING: ("data_format",),
    R.DATE_TIME_FORMATTING: ("data_format",),
    R.ROUND: ("precision", "rounding_direction"),
    R.EXTRACT_FROM_DATE: ("date_part",),
    R.FIELD_LOOKUP: ("lookup_values", "lookup_rule"),
}
NEEDS_FIND_VALUE = (R.REPLACE, R.REGEX_REPLACE, R.REGEX_MATCH)


class TransformationSettings(models.Model):
    """Abstract: the rule a field mapping applies to the source value, with the settings each rule type reads."""

    transformation_rule = models.CharField(max_length=30, choices=R.choices, default=R.NONE, blank=True)
    find_value = models.CharField(max_length=250, blank=True, help_text="Replace and regular expression rules.")
    replace_value = models.CharField(max_length=250, blank=True, help_text="Regular expressions may use $1.")
    start_position = models.PositiveIntegerField(default=0, help_text="Substring: first character, from 1.")
    substring_length = models.PositiveIntegerField("Length", default=0, help_text="Substring: 0 = to the end.")
    starting_text = models.CharField(max_length=250, blank=True, help_text="Substring: start after this text.")
    ending_text = models.CharField(max_length=250, blank=True, help_text="Substring: stop before this text.")
    data_format = models.CharField(
        max_length=100, blank=True, help_text="Date formatting: the source's format, e.g. yyyyMMdd; blank = ISO."
    )
    precision = models.DecimalField(
        max_digits=20, decimal_places=10, null=True, blank=True, help_text="Round: e.g. 0.01 or 5."
    )
    rounding_direction = models.CharField(
        "Direction", max_length=1, choices=RoundingDirection.choices, default=RoundingDirection.NEAREST
    )
    date_part = models.CharField(
        "Extract From Date Type", max_length=10, choices=DatePart.choices, default=DatePart.DAY
    )
    lookup_values = models.TextField(blank=True, help_text="Field Lookup: one SOURCE=TARGET pair per line.")
    lookup_rule = models.CharField(
        "Field Lookup Rule", max_length=30, choices=FieldLookupRule.choices, default=FieldLookupRule.TARGET
    )

    class Meta:
        abstract = True

    @property
    def transformation(self) -> Transformation:
        """The rule as the transform step runs it."""
        return Transformation(
            kind=self.transformation_rule,
            find_value=self.find_value,
            replace_value=self.replace_value,
            start_position=self.start_position or 0,
            length=self.substring_length or 0,
            starting_text=self.starting_text,
            ending_text=self.ending_text,
            data_format=self.data_format,
            precision=self.precision,
            rounding_direction=self.rounding_direction,
            date_part=self.date_part,
            lookup_values=tuple(self._lookup_pairs()),
            lookup_rule=self.lookup_rule,
        )

    def _lookup_pairs(self) -> list[tuple[str, str]]:
        lines = [line for line in self.lookup_values.splitlines() if line.strip()]
        return [tuple(part.strip() for part in line.split("=", 1)) for line in lines if "=" in line]

    def _clear_other_settings(self) -> None:
        kept = set(SETTINGS_OF.get(self.transformation_rule, ()))
        for name in {name for names in SETTINGS_OF.values() for name in names} - kept:
            setattr(self, name, self._meta.get_field(name).get_default())

    def transformation_errors(self) -> dict[str, str]:
        """Clear what the rule does not use, then say what it needs and is missing or wrong."""
        self._clear_other_settings()
        rule = self.transformation_rule
        if rule in NEEDS_FIND_VALUE and not self.find_value:
            return {"find_value": f"The {R(rule).label} rule needs a Find Value."}
        if rule in (R.REGEX_REPLACE, R.REGEX_MATCH) and (problem := regex_problem(self.find_value)):
            return {"find_value": problem}
        if rule == R.SUBSTRING and self.start_position and self.starting_text:
            return {"starting_text": "Give either a Start Position or a Starting Text, not both."}
        if rule == R.SUBSTRING and self.substring_length and self.ending_text:
            return {"ending_text": "Give either a Length or an Ending Text, not both."}
        if rule == R.ROUND and (self.precision is None or self.precision <= Decimal(0)):
            return {"precision": "The Round rule needs a Precision greater than zero, e.g. 0.01."}
        if rule == R.FIELD_LOOKUP:
            return self._lookup_errors()
        return {}

    def _lookup_errors(self) -> dict[str, str]:
        lines = [line for line in self.lookup_values.splitlines() if line.strip()]
        if not lines:
            return {"lookup_values": "The Field Lookup rule needs at least one SOURCE=TARGET line."}
        wrong = [line for line in lines if "=" not in line or not line.split("=", 1)[0].strip()]
        if wrong:
            return {"lookup_values": f"Each line must read SOURCE=TARGET; this one does not: {wrong[0].strip()!r}."}
        return {}
