"""Check and normalise the addresses a Connection calls, so the app cannot be pointed at internal hosts (issue 11.5).

BC accepts any absolute URL and proposes "scheme + authority"; we also require HTTPS and a Microsoft cloud host
(Dynamics, Business Central, Entra ID) unless the host is on ``settings.ALLOWED_SERVER_HOSTS`` — which holds
loopback while the sandbox is on, so that the demo's emulators can be used over plain HTTP.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

__all__ = ["MICROSOFT_HOST_SUFFIXES", "check_server_address", "host_is_allowed"]

MICROSOFT_HOST_SUFFIXES = (
    ".dynamics.com",
    ".microsoftdynamics.us",
    ".dynamics.cn",
    ".appsplatform.us",
    "login.microsoftonline.com",
    "login.microsoftonline.us",
    "login.chinacloudapi.cn",
    "login.partner.microsoftonline.cn",
)


def host_is_allowed(host: str) -> bool:
    """True for a listed host (the sandbox's loopback) or a Microsoft cloud host."""
    host = host.lower()
    if _is_listed(host):
        return True
    return any(host == suffix.lstrip(".") or host.endswith(suffix) for suffix in MICROSOFT_HOST_SUFFIXES)


def _is_listed(host: str) -> bool:
    return host.lower() in {allowed.lower() for allowed in settings.ALLOWED_SERVER_HOSTS}


def check_server_address(value: str, *, label: str, keep_path: bool = False) -> str:
    """Return the normalised URL or raise a ValidationError that says exactly what is wrong.

    ``keep_path`` is for URLs that are only published (the BC web client URL), not called as a service root.
    """
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"{label} must not be blank.")
    if "://" not in text:
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        raise ValidationError(f"The value entered for {label} is not a valid URL: {value}") from None
    if not host or " " in text or parts.scheme not in {"http", "https"}:
        if parts.scheme not in {"http", "https", ""} and host:
            raise ValidationError(f"{parts.scheme} is not a valid URI scheme for {label}; use HTTPS.")
        raise ValidationError(f"The value entered for {label} is not a valid URL: {value}")
    if parts.username or parts.password:
        raise ValidationError(f"{label} must not contain a user name or password.")
    if not host_is_allowed(host):
        raise ValidationError(
            f"{host} is not an allowed server for {label}: only Dynamics 365, Business Central and Microsoft Entra "
            "hosts may be used, or hosts an administrator lists in BCSALES_ALLOWED_SERVER_HOSTS."
        )
    if parts.scheme != "https" and not _is_listed(host):
        raise ValidationError(f"Only secure (HTTPS) connections are supported for {label}: {text}")
    authority = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
    if keep_path:
        return text.rstrip("/")
    if parts.query or parts.fragment:
        raise ValidationError(f"{label} must not contain a query or fragment; use {authority}{parts.path}.")
    path = parts.path.rstrip("/")
    if path and not _is_listed(host):
        raise ValidationError(f"The URL for {label} is not valid; use the suggested URL {authority}.")
    return f"{authority}{path}"
