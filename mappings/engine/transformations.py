"""BC's Transformation Rules (table 1237), applied to a source value before the field transfer (sync_engine §2.5).

A rule is data (``Transformation``) built from a field mapping, so that the transform step stays a pure function.
Each type mirrors ``TransformText`` in BC: text rules leave non-text values alone, a date that cannot be read is
passed on unchanged, and a rule that cannot work on its value (Round of a word) fails the record with a reason.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

__all__ = ["Transformation", "TransformationError", "regex_problem"]

NET_DATE_TOKENS = {"yyyy": "%Y", "yy": "%y", "MM": "%m", "dd": "%d", "HH": "%H", "mm": "%M", "ss": "%S"}
NET_TOKEN = re.compile("|".join(NET_DATE_TOKENS))
NET_GROUP_REFERENCE = re.compile(r"\$(\d+|\{\w+\})")
ROUNDING = {"=": ROUND_HALF_UP, ">": ROUND_CEILING, "<": ROUND_FLOOR}
QUOTES = ("'", '"')


class TransformationError(ValueError):
    """The rule cannot transform this value; the message names the rule and the value."""


def regex_problem(pattern: str) -> str:
    """Why ``pattern`` is not a usable regular expression, or "" when it compiles."""
    try:
        re.compile(pattern)
    except re.error as error:
        return f"The Find Value is not a valid regular expression: {error}."
    return ""


def _unquoted(text: str) -> str:
    """BC strips one pair of surrounding quotes from Starting and Ending Text, so that spaces can be given."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in QUOTES:
        return text[1:-1]
    return text


def _strptime_format(net_format: str) -> str:
    """A .NET custom date format (yyyyMMdd, dd-MM-yyyy HH:mm:ss) as a ``strptime`` format."""
    return NET_TOKEN.sub(lambda match: NET_DATE_TOKENS[match.group()], net_format.replace("%", "%%"))


def _as_datetime(value: Any, net_format: str) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        if net_format:
            return datetime.strptime(str(value).strip(), _strptime_format(net_format))
        return datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class Transformation:
    """One field mapping's rule and its settings, named as on BC's Transformation Rule card."""

    kind: str = ""
    find_value: str = ""
    replace_value: str = ""
    start_position: int = 0
    length: int = 0
    starting_text: str = ""
    ending_text: str = ""
    data_format: str = ""
    precision: Decimal | None = None
    rounding_direction: str = "="
    date_part: str = "Day"
    lookup_values: tuple[tuple[str, str], ...] = ()
    lookup_rule: str = "Target"

    def apply(self, value: Any) -> Any:
        """The transformed value; blanks pass unchanged, as do values of a type the rule does not handle."""
        method = getattr(self, f"_{self.kind.lower()}", None) if self.kind else None
        if method is None or value is None or value == "":
            return value
        return method(value)

    def _text(self, value: Any, change) -> Any:
        return change(value) if isinstance(value, str) else value

    def _uppercase(self, value: Any) -> Any:
        return self._text(value, str.upper)

    def _lowercase(self, value: Any) -> Any:
        return self._text(value, str.lower)

    def _titlecase(self, value: Any) -> Any:
        return self._text(value, str.title)

    def _trim(self, value: Any) -> Any:
        return self._text(value, str.strip)

    def _removenonalphanumeric(self, value: Any) -> Any:
        return self._text(value, lambda text: re.sub(r"[^0-9A-Za-z]", "", text))

    def _replace(self, value: Any) -> Any:
        return self._text(value, lambda text: text.replace(self.find_value, self.replace_value))

    def _regexreplace(self, value: Any) -> Any:
        replacement = NET_GROUP_REFERENCE.sub(lambda m: rf"\g<{m.group(1).strip('{}')}>", self.replace_value)
        return self._text(value, lambda text: re.sub(self.find_value, replacement, text, flags=re.IGNORECASE))

    def _regexmatch(self, value: Any) -> Any:
        """The captured groups of every match, joined; like BC, the whole match itself is not part of the result."""
        matches = re.finditer(self.find_value, str(value), flags=re.IGNORECASE)
        return "".join(group or "" for match in matches for group in match.groups())

    def _substring(self, value: Any) -> Any:
        text = str(value)
        start = self._substring_start(text)
        length = self._substring_length(text, start) if start > 0 else -1
        return text[start - 1 : start - 1 + length] if length > 0 else ""

    def _substring_start(self, text: str) -> int:
        """1-based start: the Start Position, or just after the Starting Text (-1 when that text is absent)."""
        if self.start_position > 0:
            return self.start_position
        starting = _unquoted(self.starting_text)
        if not starting:
            return 1
        found = text.find(starting)
        return found + len(starting) + 1 if found >= 0 else -1

    def _substring_length(self, text: str, start: int) -> int:
        if self.length > 0:
            return self.length
        ending = _unquoted(self.ending_text)
        if not ending:
            return len(text) - start + 1
        return text[start - 1 :].find(ending)

    def _dateformatting(self, value: Any) -> Any:
        moment = _as_datetime(value, self.data_format)
        return moment.date().isoformat() if moment else value

    def _datetimeformatting(self, value: Any) -> Any:
        moment = _as_datetime(value, self.data_format)
        if moment is None:
            return value
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _round(self, value: Any) -> Decimal:
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise TransformationError(f"Round cannot transform {value!r}: it is not a number.") from None
        precision = self.precision or Decimal(1)
        steps = (number / precision).quantize(Decimal(1), rounding=ROUNDING[self.rounding_direction])
        return steps * precision

    def _extractfromdate(self, value: Any) -> int:
        moment = _as_datetime(value, "")
        if moment is None:
            raise TransformationError(f"Extract From Date cannot transform {value!r}: it is not a date.")
        return {"Day": moment.day, "Month": moment.month, "Year": moment.year}[self.date_part]

    def _fieldlookup(self, value: Any) -> Any:
        """The value the lookup list gives; a value not in the list gives a blank, as BC's lookup finds no record."""
        for source, target in self.lookup_values:
            if source == str(value):
                return value if target == "" and self.lookup_rule == "OriginalIfTargetIsBlank" else target
        return ""
