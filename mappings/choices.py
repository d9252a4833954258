"""The enumerations of Integration Table and Field Mappings, with BC's captions and a badge colour for the pages."""

from django.db import models

__all__ = [
    "DatePart",
    "DeletionConflictResolution",
    "Direction",
    "FieldLookupRule",
    "MappingStatus",
    "RoundingDirection",
    "TransformationRule",
    "UpdateConflictResolution",
]


class Direction(models.TextChoices):
    """Which way records flow; "To" and "From" are seen from BC, as in BC's Direction field."""

    TO_INTEGRATION = "ToIntegrationTable", "To Integration Table"
    FROM_INTEGRATION = "FromIntegrationTable", "From Integration Table"
    BIDIRECTIONAL = "Bidirectional", "Bidirectional"

    @property
    def arrow(self) -> str:
        return {"ToIntegrationTable": "→", "FromIntegrationTable": "←", "Bidirectional": "↔"}[self.value]

    def allows(self, other: "Direction") -> bool:
        """Whether a field mapping in ``other`` direction can move data under a table mapping in this one."""
        return self == Direction.BIDIRECTIONAL or other in (self, Direction.BIDIRECTIONAL)


class UpdateConflictResolution(models.TextChoices):
    """What a run does when both sides changed a coupled record since the last synchronization."""

    NONE = "None", "None"
    SEND_UPDATE = "SendUpdateToIntegration", "Send Update to Integration"
    GET_UPDATE = "GetUpdateFromIntegration", "Get Update from Integration"


class DeletionConflictResolution(models.TextChoices):
    """What a run does when the coupled counterpart of a changed record was deleted."""

    NONE = "None", "None"
    REMOVE_COUPLING = "RemoveCoupling", "Remove Coupling"
    RESTORE_RECORDS = "RestoreRecords", "Restore Records"


class MappingStatus(models.TextChoices):
    """Status of a table or field mapping; disabled ones are kept but skipped by every run."""

    ENABLED = "Enabled", "Enabled"
    DISABLED = "Disabled", "Disabled"

    @property
    def badge(self) -> str:
        return "green" if self == MappingStatus.ENABLED else ""


class TransformationRule(models.TextChoices):
    """Text transformations a field mapping may apply to the value on its way to the destination."""

    NONE = "", "None"
    UPPERCASE = "Uppercase", "Uppercase"
    LOWERCASE = "Lowercase", "Lowercase"
    TITLE_CASE = "TitleCase", "Title Case"
    TRIM = "Trim", "Trim"
    REMOVE_NON_ALPHANUMERIC = "RemoveNonAlphanumeric", "Remove Non-Alphanumeric Characters"
    SUBSTRING = "Substring", "Substring"
    REPLACE = "Replace", "Replace"
    REGEX_REPLACE = "RegexReplace", "Regular Expression - Replace"
    REGEX_MATCH = "RegexMatch", "Regular Expression - Match"
    DATE_FORMATTING = "DateFormatting", "Date Formatting"
    DATE_TIME_FORMATTING = "DateTimeFormatting", "Date and Time Formatting"
    ROUND = "Round", "Round"
    EXTRACT_FROM_DATE = "ExtractFromDate", "Extract From Date"
    FIELD_LOOKUP = "FieldLookup", "Field Lookup"


class RoundingDirection(models.TextChoices):
    """BC's Round direction: to the nearest multiple of the precision, up or down."""

    NEAREST = "=", "Nearest"
    UP = ">", "Up"
    DOWN = "<", "Down"


class DatePart(models.TextChoices):
    """BC's "Extract From Date Type": which part of a date the Extract From Date rule returns."""

    DAY = "Day", "Day"
    MONTH = "Month", "Month"
    YEAR = "Year", "Year"


class FieldLookupRule(models.TextChoices):
    """What a Field Lookup returns when the looked-up value is blank."""

    TARGET = "Target", "Target"
    ORIGINAL_IF_BLANK = "OriginalIfTargetIsBlank", "Original If Target Is Blank"
