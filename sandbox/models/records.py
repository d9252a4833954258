"""Emulated records of both services (owned by the sandbox core)."""
