from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "sandbox"
    verbose_name = "Sandbox (emulated Dataverse, Business Central and identity)"

    def ready(self) -> None:
        from sandbox.storage import tuning  # noqa: F401  (connects the SQLite tuning to new connections)
