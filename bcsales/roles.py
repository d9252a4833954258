"""The two roles as Django groups: integration administrators change set-up and run actions; viewers read."""

__all__ = ["ADMIN_GROUP", "ADMIN_PERMISSION", "VIEWER_GROUP", "is_integration_admin"]

ADMIN_GROUP = "Integration administrators"
VIEWER_GROUP = "Viewers"
ADMIN_PERMISSION = "bcsales.run_integration_actions"


def is_integration_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(ADMIN_PERMISSION))
