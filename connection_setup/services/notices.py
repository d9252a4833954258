"""The notifications BC's setup page shows (connection_setup §2.1, §2.2, §7.1), computed from the stored facts.

No notice calls a service: the page must open quickly and without a network, so the facts that need Dataverse
(the Sales version, the connected companies) are read by Test Connection and Enable and stored on the connection.
"""

from dataclasses import dataclass

from django.urls import reverse

from connection_setup.models import Connection

__all__ = ["Notice", "job_counter_message", "notices_for"]


@dataclass(frozen=True)
class Notice:
    """One message above the page; ``level`` is the message style (error, warning, info)."""

    level: str
    text: str
    link_label: str = ""
    link_url: str = ""


def job_counter_message(active: int, total: int) -> str:
    """BC's drill-down of "Active scheduled synchronization jobs"."""
    if total == 0:
        return "No job queue entry is scheduled for this connection. Enable the connection or restore the default synchronization setup."
    if active == total:
        return "All scheduled synchronization jobs are ready or already processing."
    return f"Only {active} of {total} scheduled synchronization jobs are ready or in process; the others are on hold."


def _multiple_companies(connection: Connection) -> Notice | None:
    """Several companies in one environment need "Multi-Company Synchronization" on their mappings."""
    local = Connection.objects.filter(server_address=connection.server_address).exclude(pk=connection.pk).count()
    if max(connection.connected_companies, local + 1) < 2:
        return None
    return Notice(
        "warning",
        "Several Business Central companies are connected to this Dataverse environment. Set the table filters of "
        "each company's integration table mappings so that every company synchronizes only its own records.",
        "Open Integration Table Mappings",
        f"{reverse('mappings:list')}?connection={connection.pk}",
    )


def notices_for(connection: Connection) -> list[Notice]:
    """What the setup page tells the administrator before anything else, most urgent first."""
    notices = []
    if connection.disable_reason and not connection.is_enabled:
        notices.append(
            Notice(
                "error",
                "The connection to Dynamics 365 is broken and has been disabled due to an error: "
                f"{connection.disable_reason}",
            )
        )
    if not connection.is_enabled:
        notices.append(
            Notice(
                "warning",
                "Dynamics 365 Sales Integration Setup is not enabled: nothing is synchronized until you enable it.",
                "Set up a connection to Dynamics 365 Sales",
                reverse("connection_setup:wizard_start"),
            )
        )
    elif not connection.is_solution_installed:
        notices.append(
            Notice(
                "warning",
                "The integration solution was not detected in Dynamics 365 Sales. Choose Test Connection to read it "
                "again, or disable the connection and redeploy the integration solution.",
            )
        )
    if connection.is_enabled:
        multiple = _multiple_companies(connection)
        if multiple:
            notices.append(multiple)
    return notices
