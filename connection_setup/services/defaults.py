"""Use Default Synchronization Setup (connection_setup §6.7): restore the default mappings and job queue entries."""

from django.db import transaction
from django.http import HttpRequest

from bcsales.permissions import audit
from connection_setup.models import Connection
from connection_setup.services.errors import SetupError
from connection_setup.services.jobs import sync_jobs
from connection_setup.services.web_client import publish_company
from mappings.services.mapping_setup import apply_default_synchronization_setup
from mappings.services.multi_company import company_filter_notes

__all__ = ["reset_default_configuration", "use_default_synchronization_setup"]


def reset_default_configuration(connection: Connection) -> None:
    """Mappings and mapping jobs from the catalogue, then the codeunit jobs the switches ask for."""
    with transaction.atomic():
        apply_default_synchronization_setup(connection)
        sync_jobs(connection)


def use_default_synchronization_setup(connection: Connection, *, request: HttpRequest | None = None) -> list[str]:
    """BC allows the reset only on an enabled connection; custom mappings and jobs are overwritten, and the web
    client URL is published again. Returns the messages to show."""
    if not connection.is_enabled:
        raise SetupError("Enable the connection before you use the default synchronization setup.")
    reset_default_configuration(connection)
    notes = company_filter_notes(connection)
    audit(request, "Default synchronization setup restored", target=f"connection={connection.pk} {connection.name}")
    published = publish_company(connection)
    done = ["The default synchronization setup has completed successfully.", *notes]
    return done + ([published] if published else [])
