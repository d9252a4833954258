"""A sides factory that keeps the sides it builds, so that a test sees whether a call closed its service clients.

An unclosed client keeps its sockets open until the garbage collector finds it; a server that counts connections
then stops accepting new ones. Every public call that builds sides must close them when it returns or raises.
"""

from dataclasses import dataclass, field

from mappings.engine.endpoints import ServiceSides
from mappings.services.sync_actions import service_sides

__all__ = ["RecordingSides"]


@dataclass
class RecordingSides:
    """Pass as ``sides_factory=``; ``built`` holds every ServiceSides the call asked for."""

    built: list[ServiceSides] = field(default_factory=list)

    def __call__(self, connection) -> ServiceSides:
        sides = service_sides(connection)
        self.built.append(sides)
        return sides

    @property
    def open_clients(self) -> list:
        """The clients of the built sides that are still open."""
        clients = [client for sides in self.built for client in (sides.bc_client, sides.dataverse_client)]
        return [client for client in clients if not client.http.client.is_closed]

    def all_closed(self) -> bool:
        """True when the call built sides and closed every client of them."""
        return bool(self.built) and not self.open_clients
