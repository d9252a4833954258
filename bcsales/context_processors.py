from django.conf import settings
from django.http import HttpRequest

from bcsales.navigation import visible_navigation
from bcsales.roles import is_integration_admin


def shell(request: HttpRequest) -> dict:
    """What the base template needs on every page: navigation, role and the sandbox banner."""
    user = getattr(request, "user", None)
    return {
        "nav_sections": visible_navigation() if user and user.is_authenticated else [],
        "is_integration_admin": is_integration_admin(user),
        "sandbox_enabled": settings.SANDBOX_ENABLED,
    }
