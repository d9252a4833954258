"""BC service root ``/sandbox/bc``: API v2.0 and the custom API group, below ``/v2.0/{tenant}/{environment}/api/``."""

from django.urls import re_path

from sandbox.bc.api.views import api_view

urlpatterns = [
    re_path(
        r"^v2\.0/(?P<tenant>[^/]+)/(?P<environment>[^/]+)/api/(?P<api>v2\.0|bcsales/integration/v1\.0)/(?P<rest>.*)$",
        api_view,
        name="bc_api",
    ),
]
