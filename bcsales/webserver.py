"""The WSGI server the demo and `sandbox serve` use: waitress, with static files served by Django."""

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application
from waitress import serve as waitress_serve

__all__ = ["serve"]


def serve(*, host: str, port: int, threads: int = 16) -> None:
    application = StaticFilesHandler(get_wsgi_application())
    waitress_serve(application, host=host, port=port, threads=threads, ident="bcsales", channel_timeout=600)
