"""The transform step: field mappings, constants, option maps and lookups through couplings (sync_engine §2.11).

Pure functions of the source record, the destination's current values and the page's resolved lookups, so that
each rule can be tested alone. Inserts write every mapped field; modifies write only the fields whose value
differs ("only modified" mode), which is also how an update conflict is recognised.
"""

import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Protocol

from mappings.engine.errors import MappingError
from mappings.engine.hooks import KEPT_WHEN_BLANKED
from mappings.engine.transformations import Transformation, TransformationError
from mappings.engine.types import FieldRule
from synclog.choices import PassDirection

__all__ = ["Lookups", "Transfer", "parse_constant", "same_value", "transfer_fields", "transformed"]

SERVICE_NAMES = {PassDirection.TO_INTEGRATION: "Dynamics 365 Sales", PassDirection.FROM_INTEGRATION: "Business Central"}


class Lookups(Protocol):
    """Translations through couplings, resolved for a whole page before any record is transformed."""

    def resolve(self, rule: FieldRule, value: Any, direction: PassDirection) -> tuple[bool, Any]:
        """``(True, translated)`` when the related record is coupled (or the value is blank), else ``(False, None)``."""


@dataclass
class Transfer:
    """The fields to write, and the first bidirectional field whose destination value would change."""

    payload: dict[str, Any] = field(default_factory=dict)
    changed_bidirectional: FieldRule | None = None


@lru_cache(maxsize=1024)
def parse_constant(text: str) -> Any:
    """A constant value typed as the destination expects it: booleans, integers and decimals, else the text."""
    lowered = text.strip().lower()
    if lowered in ("true", "yes"):
        return True
    if lowered in ("false", "no"):
        return False
    for kind in (int, Decimal):
        try:
            return kind(text)
        except (ValueError, InvalidOperation):
            continue
    return text


def _normal(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).normalize()
    if isinstance(value, uuid.UUID):
        return str(value).lower()
    if isinstance(value, str):
        text = value.strip()
        try:
            return str(uuid.UUID(text)).lower() if len(text) in (32, 36, 38) else text
        except ValueError:
            return text
    return value


def same_value(left: Any, right: Any) -> bool:
    """Equality as BC's "modified?" check sees it: trimmed text, numbers by value, GUIDs case-insensitively."""
    if type(left) is type(right) and left == right:  # equal values of one type normalize alike: the common case
        return True
    return _normal(left) == _normal(right)


@lru_cache(maxsize=512)
def _option_index(options: tuple, direction: PassDirection) -> tuple[dict, dict]:
    """The option pairs of a rule, source → (position, target): by normalized value, and by upper-cased text."""
    by_value: dict = {}
    by_text: dict = {}
    for position, (bc_value, option) in enumerate(options):
        source, target = (bc_value, option) if direction == PassDirection.TO_INTEGRATION else (option, bc_value)
        by_value.setdefault(_normal(source), (position, target))
        if isinstance(source, str):
            by_text.setdefault(source.upper(), (position, target))
    return by_value, by_text


@lru_cache(maxsize=4096, typed=True)
def _option_target(options: tuple, direction: PassDirection, value: Any) -> tuple[bool, Any]:
    """``(found?, target)`` of the first option pair whose source equals the value (as ``same_value`` sees it, or
    as upper-cased text); a synchronization maps the same few values over and over, so each is looked up once."""
    by_value, by_text = _option_index(options, direction)
    found = [match for match in (by_value.get(_normal(value)), by_text.get(str(value).upper())) if match is not None]
    return (True, min(found, key=lambda match: match[0])[1]) if found else (False, None)


def _option_value(rule: FieldRule, value: Any, direction: PassDirection) -> Any:
    if value in (None, ""):
        return None if direction == PassDirection.TO_INTEGRATION else ""
    try:
        found, target = _option_target(rule.options, direction, value)
    except TypeError:  # an unhashable value equals no option
        found, target = False, None
    if found:
        return target
    caption = rule.caption or rule.source_field(direction)
    raise MappingError(f"{caption} {value} must be coupled to a record in {SERVICE_NAMES[direction]}.")


def transformed(rule: FieldRule, value: Any) -> Any:
    """The source value after the field mapping's transformation rule (§2.5 step 5); a rule that cannot read the
    value fails the record with the field's caption and the rule's reason."""
    transformation = rule.transformation
    if not transformation:
        return value
    if not isinstance(transformation, Transformation):
        transformation = Transformation(kind=transformation or "")
    try:
        return transformation.apply(value)
    except TransformationError as error:
        raise MappingError(f"{rule.caption or rule.bc_field or rule.dataverse_field}: {error}") from None


def _value_for(rule: FieldRule, source: dict[str, Any], lookups: Lookups, direction: PassDirection) -> tuple[bool, Any]:
    """``(write?, value)`` for one field; lookups that must not blank a value answer ``write? = False``."""
    if rule.constant is not None:
        return True, parse_constant(rule.constant)
    value = transformed(rule, source.get(rule.source_field(direction)))
    if rule.is_option or rule.options:
        return True, _option_value(rule, value, direction)
    if rule.lookup is None:
        return True, value
    found, translated = lookups.resolve(rule, rule.lookup.key(source, value, direction), direction)
    if not found:
        if not rule.clear_on_failed:
            caption = rule.caption or rule.source_field(direction)
            raise MappingError(f"{caption} {value} must be coupled to a record in {SERVICE_NAMES[direction]}.")
        translated = None
    if rule.not_null and translated in (None, ""):
        return False, None
    return True, translated


def _kept(rule: FieldRule, value: Any, current: Any, lookups: Lookups, direction: PassDirection) -> bool:
    """A blank from Sales leaves a kept BC field as it is unless the record it names now is coupled (§2.11)."""
    if direction != PassDirection.FROM_INTEGRATION or rule.bc_field not in KEPT_WHEN_BLANKED:
        return False
    if value not in (None, "") or current in (None, ""):
        return False
    coupled, _ = lookups.resolve(rule, current, PassDirection.TO_INTEGRATION)
    return not coupled


def transfer_fields(
    rules: list[FieldRule],
    source: dict[str, Any],
    destination: dict[str, Any] | None,
    lookups: Lookups,
    direction: PassDirection,
) -> Transfer:
    """Map one source record onto its destination; ``destination`` None means an insert (every field written)."""
    transfer = Transfer()
    payload = transfer.payload
    to_dataverse = direction == PassDirection.TO_INTEGRATION
    for rule in rules:
        if rule.copies_value:  # most fields: the per-field steps of _value_for, none of which applies, skipped
            value = source.get(rule.bc_field if to_dataverse else rule.dataverse_field)
        else:
            write, value = _value_for(rule, source, lookups, direction)
            if not write:
                continue
        target = rule.dataverse_field if to_dataverse else rule.bc_field
        if destination is None:
            payload[target] = value
            continue
        current = destination.get(target)
        if _kept(rule, value, current, lookups, direction) or same_value(current, value):
            continue
        payload[target] = value
        if rule.bidirectional and transfer.changed_bidirectional is None:
            transfer.changed_bidirectional = rule
    return transfer
