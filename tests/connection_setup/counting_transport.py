"""A transport into the in-process sandbox that counts the clients closed over it.

httpx closes a client's transport when the client closes, so ``closes`` is the number of clients that were closed
(service clients and the sign-in clients of their token providers alike); a client left open is not counted.
"""

import httpx

from tests.fixtures.sandbox import in_process_transport

__all__ = ["CountingTransport"]


class CountingTransport(httpx.BaseTransport):
    def __init__(self) -> None:
        self.inner, self.closes = in_process_transport(), 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.closes += 1
