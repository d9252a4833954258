from tests.mappings.coupling.world import run_tasks, world  # noqa: F401
