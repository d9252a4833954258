"""Saving the connection fields, with an audit entry that names what changed (never the secret values)."""

from django.http import HttpRequest

from bcsales.permissions import audit
from connection_setup.forms import SECRET_FIELDS
from connection_setup.models import Connection

__all__ = ["audit_change", "save_connection"]


def audit_change(request: HttpRequest | None, connection: Connection, action: str, changed: list[str]) -> None:
    """Record who changed which fields; a secret is named as changed, its value is never written."""
    if changed:
        audit(
            request,
            action,
            target=f"connection={connection.pk} {connection.name}",
            detail="Changed: " + ", ".join(changed),
        )


def save_connection(form, *, request: HttpRequest | None = None) -> Connection:
    """Save a valid ConnectionForm; a blank secret input keeps the stored secret (the form puts it back)."""
    changed = [name for name in form.changed_data if name not in SECRET_FIELDS]
    changed += [
        f"{name} (secret)" for name in SECRET_FIELDS if form.cleaned_data.get(name) and name in form.changed_data
    ]
    connection = form.save()
    audit_change(request, connection, "Modify Connection Setup", changed)
    return connection
