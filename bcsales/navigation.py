"""The shell's navigation: each app declares its pages; an entry shows only when its URL exists."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

__all__ = ["NAVIGATION", "NavItem", "visible_navigation"]


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    section: str


NAVIGATION: list[NavItem] = [
    NavItem("Dashboard", "home", "Overview"),
    NavItem("Connection Setup", "connection_setup:list", "Set-up"),
    NavItem("Assisted Setup", "connection_setup:wizard_start", "Set-up"),
    NavItem("Integration Table Mappings", "mappings:list", "Synchronization"),
    NavItem("Full Synchronization Review", "mappings:full_sync_review", "Synchronization"),
    NavItem("Coupled Records", "mappings:coupled_index", "Synchronization"),
    NavItem("Synch. Job Queue Entries", "mappings:job_queue", "Synchronization"),
    NavItem("Sales Orders (Dynamics 365 Sales)", "mappings:sales_orders", "Sales documents"),
    NavItem("Synchronization Log", "synclog:jobs", "Monitoring"),
    NavItem("Integration Errors", "synclog:errors", "Monitoring"),
    NavItem("Skipped Records", "synclog:skipped", "Monitoring"),
    NavItem("Audit Trail", "audit_trail", "Monitoring"),
    NavItem("Sandbox Browser", "sandbox:browser", "Sandbox"),
]


def visible_navigation() -> list[tuple[str, list[tuple[str, str]]]]:
    """Sections in declaration order, each with (label, url) of the pages that are routed."""
    sections: dict[str, list[tuple[str, str]]] = {}
    for item in NAVIGATION:
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        sections.setdefault(item.section, []).append((item.label, url))
    return list(sections.items())
