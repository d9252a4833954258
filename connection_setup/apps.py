from django.apps import AppConfig


class ConnectionSetupConfig(AppConfig):
    name = "connection_setup"
    verbose_name = "Connection Setup"
