"""Which configuration template a new record gets (sync_engine §2.5 step 8, §2.11).

Templates are tried in Priority order, lowest number first (blank counts as 0, the way BC sorts its template
tables); the first one with no filter, or whose filter the source record matches, supplies the new record's
defaults. None matching means no template. Loaded once per run, so choosing costs no query per record.
"""

from dataclasses import dataclass
from typing import Any

from mappings.engine.record_filter import matches, parse_record_filter
from synclog.choices import PassDirection

__all__ = ["TemplateChoice", "chosen_template", "load_templates", "template_defaults"]

SIDE_OF = {PassDirection.TO_INTEGRATION: "dataverse", PassDirection.FROM_INTEGRATION: "bc"}


@dataclass(frozen=True)
class TemplateChoice:
    """One template, ready to test against source records."""

    side: str
    code: str
    priority: int
    filter_tree: Any
    defaults: tuple[tuple[str, Any], ...]

    def accepts(self, source: dict[str, Any]) -> bool:
        return self.filter_tree is None or matches(self.filter_tree, source)


def load_templates(mapping) -> tuple[TemplateChoice, ...]:
    """The mapping's templates in the order they are tried."""
    return tuple(
        TemplateChoice(
            side=template.side,
            code=template.code,
            priority=template.priority,
            filter_tree=parse_record_filter(template.source_filter) if template.source_filter.strip() else None,
            defaults=tuple(template.defaults.items()),
        )
        for template in mapping.config_templates.order_by("priority", "id")
    )


def chosen_template(
    templates: tuple[TemplateChoice, ...], direction: PassDirection, source: dict[str, Any]
) -> TemplateChoice | None:
    """The first template of the destination's side that accepts the source record."""
    side = SIDE_OF[PassDirection(direction)]
    return next((t for t in templates if t.side == side and t.accepts(source)), None)


def template_defaults(
    templates: tuple[TemplateChoice, ...], direction: PassDirection, source: dict[str, Any]
) -> dict[str, Any]:
    """The values the chosen template gives a new record; empty when no template applies."""
    template = chosen_template(templates, direction, source)
    return dict(template.defaults) if template else {}
