"""The WSGI server the demo and `sandbox serve` use: waitress, with static files served by Django.

The emulated services' APIs (`/sandbox/dataverse/`, `/sandbox/bc/`, `/sandbox/login/`) answer clients that sign
in with bearer tokens or client credentials, never with a session, a CSRF token or a browser: their requests skip
the site's middleware (sessions, authentication, CSRF, messages, security headers, htmx), which cost the served
sandbox about a tenth of a small request's CPU (0.4 of 4.0 ms). Every other path, the sandbox's own pages
included, goes through the whole chain.

Their answers still carry ``Content-Length``, which the chain's ``CommonMiddleware`` would have set: waitress
sends an answer of unknown length chunked and then closes the connection, so each request would cost a client
a new TCP connection.
"""

import gc
from collections.abc import Callable, Iterable

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from waitress import serve as waitress_serve

__all__ = ["API_PREFIXES", "build_application", "serve"]


# A request makes thousands of short-lived objects (a 1,000-part $batch, a page of 2,000 rows): collecting the
# youngest generation every 700 allocations, and scanning the start-up objects each time, cost the served sandbox
# about a tenth of its CPU.
GC_THRESHOLDS = (20000, 20, 20)
API_PREFIXES = ("/sandbox/dataverse/", "/sandbox/bc/", "/sandbox/login/")


def _with_length(get_response: Callable[[HttpRequest], HttpResponseBase]) -> Callable[[HttpRequest], HttpResponseBase]:
    """Give an answer that is not streamed its ``Content-Length``, so the connection stays open for the next."""

    def respond(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if not response.streaming and not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response

    return respond


class _ApiHandler(WSGIHandler):
    """Django's request handling without the middleware chain: URL resolution, the view, exception responses."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware, self._template_response_middleware, self._exception_middleware = [], [], []
        self._middleware_chain = _with_length(convert_exception_to_response(self._get_response))


def build_application() -> Callable[[dict, Callable], Iterable[bytes]]:
    """The site, with the emulated APIs' paths handed to the handler without middleware."""
    site, api = StaticFilesHandler(get_wsgi_application()), _ApiHandler()

    def dispatch(environ: dict, start_response: Callable) -> Iterable[bytes]:
        handler = api if environ.get("PATH_INFO", "").startswith(API_PREFIXES) else site
        return handler(environ, start_response)

    return dispatch


def serve(*, host: str, port: int, threads: int = 16) -> None:
    served = build_application()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    waitress_serve(served, host=host, port=port, threads=threads, ident="bcsales", channel_timeout=600)
