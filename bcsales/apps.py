from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_roles(sender, using="default", **kwargs) -> None:
    if using == "default" and sender.label == "bcsales":
        from bcsales.roles_setup import ensure_roles

        ensure_roles(using=using)


class BcsalesConfig(AppConfig):
    name = "bcsales"
    verbose_name = "bcsales"

    def ready(self) -> None:
        post_migrate.connect(_ensure_roles, dispatch_uid="bcsales.ensure_roles")
