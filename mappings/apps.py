from django.apps import AppConfig


class MappingsConfig(AppConfig):
    name = "mappings"
    verbose_name = "Integration Table Mappings"

    def ready(self) -> None:
        """Every process that may run the engine (server, workers, commands) bounds its C heap before it runs."""
        from mappings.engine.heap import bound_heap_growth

        bound_heap_growth()
