"""The WSGI server the demo and `sandbox serve` use: waitress, with static files served by Django."""

import gc

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application
from waitress import serve as waitress_serve

__all__ = ["serve"]


# A request makes thousands of short-lived objects (a 1,000-part $batch, a page of 2,000 rows): collecting the
# youngest generation every 700 allocations, and scanning the start-up objects each time, cost the served sandbox
# about a tenth of its CPU.
GC_THRESHOLDS = (20000, 20, 20)


def serve(*, host: str, port: int, threads: int = 16) -> None:
    application = StaticFilesHandler(get_wsgi_application())
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    waitress_serve(application, host=host, port=port, threads=threads, ident="bcsales", channel_timeout=600)
