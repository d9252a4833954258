"""Dataverse connection strings as Business Central writes them: parse, validate, build the stored template.

BC keeps a *template* whose secrets are placeholders (``Password={PASSWORD}``, ``ClientSecret={CLIENTSECRET}``,
``Certificate={CERTIFICATE}``) and fills them in at connect time; we do the same, so a stored string never holds a
secret. Supported: ``AuthType=ClientSecret`` and ``AuthType=Certificate`` (service-to-service, the default),
``AuthType=OAuth`` (on-premises user name and password through an app id), and the temporary
``AuthType=Office365`` string that carries an administrator's ``AccessToken``. Every refused string gets a
``ConnectionStringError`` that names the token at fault and says what to write instead.
"""

import re
import uuid
from dataclasses import dataclass, field, replace
from enum import StrEnum
from urllib.parse import urlsplit

from connection_setup.clients.errors import ConnectionStringError

__all__ = ["PLACEHOLDERS", "AuthType", "ConnectionString", "parse_connection_string"]


class AuthType(StrEnum):
    CLIENT_SECRET = "ClientSecret"
    CERTIFICATE = "Certificate"
    OAUTH = "OAuth"
    OFFICE365 = "Office365"


# Token name -> (field, placeholder); names are matched without case or spaces, aliases as the SDK accepts them.
_FIELDS = {
    "Url": ("url", ""),
    "UserName": ("user_name", "{USER}"),
    "Password": ("password", "{PASSWORD}"),
    "ClientId": ("client_id", "{CLIENTID}"),
    "ClientSecret": ("client_secret", "{CLIENTSECRET}"),
    "Certificate": ("certificate", "{CERTIFICATE}"),
    "AccessToken": ("access_token", "{ACCESSTOKEN}"),
    "RedirectUri": ("redirect_uri", ""),
    "TokenCacheStorePath": ("token_cache_store_path", ""),
    "LoginPrompt": ("login_prompt", ""),
    "ProxyVersion": ("proxy_version", ""),
}
_ALIASES = {
    "url": "Url", "serviceuri": "Url", "server": "Url", "username": "UserName", "userid": "UserName",
    "password": "Password", "clientid": "ClientId", "appid": "ClientId", "clientsecret": "ClientSecret",
    "secret": "ClientSecret", "certificate": "Certificate", "accesstoken": "AccessToken", "redirecturi": "RedirectUri",
    "replyurl": "RedirectUri", "tokencachestorepath": "TokenCacheStorePath", "loginprompt": "LoginPrompt",
    "proxyversion": "ProxyVersion", "authtype": "AuthType", "authenticationtype": "AuthType",
}  # fmt: skip
PLACEHOLDERS = {name: placeholder for name, (_, placeholder) in _FIELDS.items() if placeholder}
_CREDENTIAL_PLACEHOLDERS = {attr: placeholder for attr, placeholder in _FIELDS.values() if placeholder}

# Which tokens each type needs, and which it may carry besides (AuthType is always allowed).
_REQUIRED = {
    AuthType.CLIENT_SECRET: ("Url", "ClientId", "ClientSecret"),
    AuthType.CERTIFICATE: ("Url", "ClientId", "Certificate"),
    AuthType.OAUTH: ("Url", "UserName", "Password", "ClientId"),
    AuthType.OFFICE365: ("Url", "AccessToken"),
}
_OPTIONAL = {
    AuthType.CLIENT_SECRET: ("ProxyVersion",),
    AuthType.CERTIFICATE: ("ProxyVersion",),
    AuthType.OAUTH: ("RedirectUri", "TokenCacheStorePath", "LoginPrompt", "ProxyVersion"),
    AuthType.OFFICE365: ("ProxyVersion",),
}
_REFUSED_TYPES = {
    "office365": "AuthType=Office365 signs in with a user name and password, which Microsoft has deprecated and no "
    "longer accepts; use AuthType=ClientSecret or AuthType=Certificate with an application user (server-to-server).",
    "ad": "AuthType=AD (Windows sign-in to an on-premises server) is not supported; use AuthType=OAuth with an app "
    "registered in your AD FS, or AuthType=ClientSecret for Dataverse online.",
    "ifd": "AuthType=IFD (internet-facing deployment with WS-Trust) is not supported; use AuthType=OAuth with an app "
    "registered in your AD FS.",
}
_REFUSED_TOKENS = {
    "thumbprint": "Thumbprint= names a certificate in a Windows certificate store, which bcsales cannot read; put "
    "Certificate={CERTIFICATE} and upload the certificate (PEM with its private key) on the connection.",
    "domain": "Domain= belongs to AuthType=AD, which is not supported; use AuthType=OAuth or AuthType=ClientSecret.",
    "homerealmuri": "HomeRealmUri= belongs to AuthType=IFD, which is not supported; use AuthType=OAuth.",
}
_SECRETS = frozenset({"Password", "ClientSecret", "Certificate", "AccessToken"})
_LOGIN_PROMPTS = {"auto": "Auto", "never": "Never"}
_EMPTY_PART = re.compile(r"\s*;")
_PART = re.compile(r"""\s*([^=;]*?)\s*=\s*("(?:[^"]|"")*"|'(?:[^']|'')*'|[^;]*?)\s*(?:;|$)""")


def _fail(message: str, token: str = "") -> ConnectionStringError:
    return ConnectionStringError(
        message, code=f"InvalidConnectionString.{token}" if token else "InvalidConnectionString"
    )


@dataclass(frozen=True)
class ConnectionString:
    """A parsed connection string; a secret field holds either the secret or its placeholder."""

    auth_type: AuthType
    url: str
    user_name: str = ""
    password: str = field(default="", repr=False)
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    certificate: str = field(default="", repr=False)
    access_token: str = field(default="", repr=False)
    redirect_uri: str = ""
    token_cache_store_path: str = ""
    login_prompt: str = ""
    proxy_version: int | None = None

    def unresolved(self) -> list[str]:
        """Token names whose value is still a placeholder, in template order."""
        return [name for name, holder in PLACEHOLDERS.items() if getattr(self, _FIELDS[name][0]) == holder]

    def with_credentials(self, **values: str) -> "ConnectionString":
        """Fill placeholders (``client_secret=``, ``password=``, ...) at connect time; set values stay as they are."""
        unknown = set(values) - _CREDENTIAL_PLACEHOLDERS.keys()
        if unknown:
            raise TypeError(f"Not a credential of a connection string: {', '.join(sorted(unknown))}")
        filled = {k: v for k, v in values.items() if v and getattr(self, k) == _CREDENTIAL_PLACEHOLDERS[k]}
        return replace(self, **filled)

    def require_resolved(self) -> "ConnectionString":
        """Self, or an error naming each placeholder that was never replaced by a stored credential."""
        missing = self.unresolved()
        if missing:
            listed = ", ".join(f"{name}={PLACEHOLDERS[name]}" for name in missing)
            raise _fail(
                f"The connection string still has placeholders ({listed}); enter them on the connection.", missing[0]
            )
        return self

    def template(self) -> str:
        """The string to store: AuthType first, then the type's tokens, every secret replaced by its placeholder."""
        required = _REQUIRED[self.auth_type]
        parts = [f"AuthType={self.auth_type}"]
        for name in (*required, *_OPTIONAL[self.auth_type]):
            value = self._stored(name)
            if value or name in required:
                parts.append(f"{_shown(name, self.auth_type)}={value}")
        return "; ".join(parts) + ";"

    def _stored(self, name: str) -> str:
        field, placeholder = _FIELDS[name]
        if name in _SECRETS:
            return placeholder
        value = getattr(self, field)
        return _quote("" if value is None else str(value))


def _shown(name: str, auth_type: AuthType) -> str:
    """The on-premises OAuth string calls the client id AppId, as the SDK's OAuth template does."""
    return "AppId" if name == "ClientId" and auth_type == AuthType.OAUTH else name


def _quote(value: str) -> str:
    if not re.search(r"""[;"']|^\s|\s$""", value):
        return value
    return '"' + value.replace('"', '""') + '"'


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].replace(value[0] * 2, value[0])
    return value


def _tokens(text: str) -> dict[str, str]:
    """``{canonical name: value}``; a part without ``=``, an unknown or a repeated token is refused by name."""
    found: dict[str, str] = {}
    position = 0
    while position < len(text.rstrip()):
        empty = _EMPTY_PART.match(text, position)
        if empty:
            position = empty.end()
            continue
        match = _PART.match(text, position)
        if not match or not match.group(1):
            bad = text[position:].split(";", 1)[0].strip()
            raise _fail(f"'{bad}' is not a Name=Value pair; separate tokens with ';'.", bad)
        key = match.group(1).replace(" ", "").lower()
        if key in _REFUSED_TOKENS:
            raise _fail(_REFUSED_TOKENS[key], match.group(1))
        name = _ALIASES.get(key)
        if name is None:
            raise _fail(f"'{match.group(1)}' is not a connection string token bcsales understands.", match.group(1))
        if name in found:
            raise _fail(f"{name} appears more than once in the connection string.", name)
        found[name] = _unquote(match.group(2))
        position = match.end()
    return found


def _auth_type(tokens: dict[str, str]) -> AuthType:
    value = tokens.get("AuthType", "").strip()
    if not value:
        raise _fail(
            "The connection string has no AuthType; use AuthType=ClientSecret, Certificate or OAuth.", "AuthType"
        )
    if value.lower() == "office365" and tokens.get("AccessToken"):
        return AuthType.OFFICE365
    if value.lower() in _REFUSED_TYPES:
        raise _fail(_REFUSED_TYPES[value.lower()], "AuthType")
    by_name = {member.value.lower(): member for member in AuthType if member != AuthType.OFFICE365}
    if value.lower() not in by_name:
        raise _fail(
            f"AuthType={value} is not an authentication type; use ClientSecret, Certificate or OAuth.", "AuthType"
        )
    return by_name[value.lower()]


def _check_tokens(auth_type: AuthType, tokens: dict[str, str]) -> None:
    for name in tokens:
        if name != "AuthType" and name not in _REQUIRED[auth_type] + _OPTIONAL[auth_type]:
            raise _fail(f"{name} does not belong in an AuthType={auth_type} connection string.", name)
    for name in _REQUIRED[auth_type]:
        if not tokens.get(name, "").strip():
            shown = _shown(name, auth_type)
            raise _fail(f"The connection string has no {shown}; AuthType={auth_type} needs {shown}=.", shown)


def _check_values(tokens: dict[str, str]) -> dict:
    """The field values, each checked for its form; placeholders pass as they are."""
    values = {_FIELDS[name][0]: value.strip() for name, value in tokens.items() if name != "AuthType"}
    url = urlsplit(values["url"])
    if url.scheme.lower() not in ("http", "https") or not url.netloc:
        raise _fail(f"Url={values['url']} is not a valid URL; write https://<org>.crm.dynamics.com.", "Url")
    client_id = values.get("client_id", "")
    if client_id and client_id != "{CLIENTID}" and not _is_guid(client_id):
        raise _fail(
            f"{client_id} is not a GUID; enter the application (client) ID of the app registration.", "ClientId"
        )
    if values.get("redirect_uri") and not urlsplit(values["redirect_uri"]).scheme:
        raise _fail(f"RedirectUri={values['redirect_uri']} is not an absolute URI.", "RedirectUri")
    if values.get("login_prompt"):
        values["login_prompt"] = _login_prompt(values["login_prompt"])
    if values.get("proxy_version"):
        if not values["proxy_version"].isdigit():
            raise _fail(f"ProxyVersion={values['proxy_version']} is not a whole number.", "ProxyVersion")
        values["proxy_version"] = int(values["proxy_version"])
    else:
        values.pop("proxy_version", None)
    return values


def _login_prompt(value: str) -> str:
    if value.lower() == "always":
        raise _fail(
            "LoginPrompt=Always needs an interactive sign-in, which a background integration cannot show; "
            "use Auto or Never.",
            "LoginPrompt",
        )
    if value.lower() not in _LOGIN_PROMPTS:
        raise _fail(f"LoginPrompt={value} is not valid; use Auto or Never.", "LoginPrompt")
    return _LOGIN_PROMPTS[value.lower()]


def _is_guid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def parse_connection_string(text: str) -> ConnectionString:
    """Parse and validate an entered or stored connection string; ``ConnectionStringError`` names the bad token."""
    if not text or not text.strip():
        raise _fail("The connection string is empty.")
    tokens = _tokens(text.strip())
    auth_type = _auth_type(tokens)
    _check_tokens(auth_type, tokens)
    return ConnectionString(auth_type=auth_type, **_check_values(tokens))
