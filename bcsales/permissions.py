"""The guard every changing action goes through: login, POST with CSRF, the integration-admin permission, audit.

Views decorated with ``admin_action`` are recorded in ``ACTION_VIEWS`` so that the security tests can walk
every action the URL configuration exposes.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from bcsales.models import AuditEntry
from bcsales.roles import is_integration_admin

__all__ = ["ACTION_VIEWS", "admin_action", "audit", "require_integration_admin"]

ACTION_VIEWS: set[Callable] = set()


def require_integration_admin(request: HttpRequest) -> None:
    if not is_integration_admin(request.user):
        raise PermissionDenied("This action needs the integration administrator role.")


def audit(request: HttpRequest | None, action: str, target: str = "", detail: str = "") -> AuditEntry:
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return AuditEntry.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "system",
        action=action,
        target=target[:300],
        detail=detail,
    )


def admin_action(label: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Wrap a view that changes something; ``label`` names the action in the audit trail (BC's words)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @require_POST
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            require_integration_admin(request)
            response = view(request, *args, **kwargs)
            target = " ".join(f"{k}={v}" for k, v in kwargs.items())
            audit(request, label, target=target, detail=f"HTTP {response.status_code}")
            return response

        ACTION_VIEWS.add(guarded)
        return guarded

    return decorate
