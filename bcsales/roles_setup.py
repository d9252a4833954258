"""Keeps the two role groups and their permissions in step with the models after every migrate."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from bcsales.roles import ADMIN_GROUP, ADMIN_PERMISSION, VIEWER_GROUP

__all__ = ["ROLE_APPS", "ensure_roles"]

ROLE_APPS = ("bcsales", "connection_setup", "mappings", "synclog", "django_q")


def ensure_roles(using: str = "default") -> None:
    for label in ROLE_APPS:
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    ours = Permission.objects.using(using).filter(content_type__app_label__in=ROLE_APPS)
    admin_codename = ADMIN_PERMISSION.split(".", 1)[1]
    viewer_permissions = ours.filter(codename__startswith="view_")
    admin_permissions = ours.filter(codename__startswith="view_") | ours.filter(codename=admin_codename)

    admins, _ = Group.objects.using(using).get_or_create(name=ADMIN_GROUP)
    admins.permissions.set(admin_permissions)
    viewers, _ = Group.objects.using(using).get_or_create(name=VIEWER_GROUP)
    viewers.permissions.set(viewer_permissions)
