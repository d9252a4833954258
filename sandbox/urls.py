"""The sandbox's URL tree under `/sandbox/`; each emulator is included only once its module exists, so that
the tree works while the parts are built."""

from importlib.util import find_spec

from django.urls import include, path

app_name = "sandbox"


def _optional(prefix: str, module: str) -> list:
    try:
        found = find_spec(module) is not None
    except ModuleNotFoundError:
        found = False
    return [path(prefix, include(module))] if found else []


urlpatterns = [
    path("control/", include("sandbox.control")),
    *_optional("dataverse/", "sandbox.dataverse.urls"),
    *_optional("bc/", "sandbox.bc.urls"),
    *_optional("login/", "sandbox.identity.urls"),
    *_optional("browser/", "sandbox.browser.urls"),
]
