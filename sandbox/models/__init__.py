"""The sandbox's models, all stored in the `sandbox` database alias: emulated records and identity registrations."""

from sandbox.identity.models import *  # noqa: F403
from sandbox.models.records import *  # noqa: F403
