"""Creation of the demo's users, so that a fresh install has an administrator and a viewer to sign in with."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from bcsales.roles import ADMIN_GROUP, VIEWER_GROUP

__all__ = ["ensure_user"]


def ensure_user(username: str, *, administrator: bool) -> str | None:
    """Create the user with a fresh random password and return it; return None when the user exists."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return None
    password = secrets.token_urlsafe(12)
    user = User.objects.create_user(username=username, password=password, is_staff=administrator)
    user.groups.add(Group.objects.get(name=ADMIN_GROUP if administrator else VIEWER_GROUP))
    return password
