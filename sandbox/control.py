"""`/sandbox/control/faults`: read and change latency, injected faults and protection limits at run time.

Open without a token only while DEBUG is on (the demo); otherwise the caller must be a signed-in integration
administrator or send ``X-Sandbox-Control-Token`` equal to ``BCSALES_SANDBOX_CONTROL_TOKEN`` (tests and
benchmarks). In production the sandbox is not served at all.
"""

import hmac
import json
import os

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from bcsales.roles import is_integration_admin
from sandbox import faults
from sandbox.http import json_response

__all__ = ["control_token", "urlpatterns"]


def control_token() -> str:
    return getattr(settings, "SANDBOX_CONTROL_TOKEN", "") or os.environ.get("BCSALES_SANDBOX_CONTROL_TOKEN", "")


def _allowed(request: HttpRequest) -> bool:
    expected, given = control_token(), request.headers.get("X-Sandbox-Control-Token", "")
    if expected and given and hmac.compare_digest(expected, given):
        return True
    return settings.DEBUG or is_integration_admin(request.user)


def _apply(changes: dict) -> None:
    if changes.pop("reset", False):
        faults.reset()
    targets = changes.pop("service", "all")
    services = faults.SERVICES if targets == "all" else [targets] if isinstance(targets, str) else targets
    for service in services:
        faults.configure(service, **changes)


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def fault_settings(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return json_response(
            {"error": {"code": "Forbidden", "message": "The sandbox control endpoint needs DEBUG or a control token."}},
            status=403,
        )
    if request.method == "POST":
        try:
            changes = json.loads(request.body or b"{}")
            if not isinstance(changes, dict):
                raise ValueError("The body must be a JSON object.")
            _apply(changes)
        except (ValueError, TypeError) as failure:
            return json_response({"error": {"code": "BadRequest", "message": str(failure)}}, status=400)
    return json_response(faults.snapshot())


urlpatterns = [path("faults", fault_settings, name="control_faults")]
