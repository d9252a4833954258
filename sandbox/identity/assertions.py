"""Checks a certificate credential: the signed client assertion (RFC 7523) that msal sends instead of a secret.

msal signs with RS256 and names the key by its SHA-1 thumbprint (``x5t``) when given a thumbprint, or with PS256
and ``x5t#S256`` when given the public certificate; the platform accepts both, and so does the sandbox.
"""

import base64
from urllib.parse import urlsplit

import jwt
from cryptography import x509

from sandbox.identity.errors import IdentityError
from sandbox.identity.models import AppRegistration

__all__ = ["CLIENT_ASSERTION_TYPE", "verify_client_assertion"]

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_ALGORITHMS = ("RS256", "PS256")


def _thumbprint_hex(encoded: str) -> str:
    padded = encoded + "=" * (-len(encoded) % 4)
    return base64.urlsafe_b64decode(padded).hex().upper()


def _malformed(detail: str) -> IdentityError:
    return IdentityError("assertion_malformed", detail=detail)


def _header_of(assertion: str) -> dict:
    try:
        header = jwt.get_unverified_header(assertion)
    except jwt.DecodeError:
        raise _malformed("The client assertion is not a JWT.") from None
    if header.get("alg") not in _ALGORITHMS:
        raise _malformed(f"The signing algorithm '{header.get('alg')}' is not supported.")
    return header


def _check_thumbprint(app: AppRegistration, header: dict) -> None:
    """The key named in the header must be the certificate uploaded to the app registration."""
    if "x5t#S256" in header:
        used, registered = _thumbprint_hex(header["x5t#S256"]), app.certificate_sha256
    else:
        used, registered = _thumbprint_hex(header.get("x5t", "")), app.certificate_sha1
    if not registered or used != registered:
        raise IdentityError("assertion_key_not_found", thumbprint=used, client_id=str(app.client_id))


def verify_client_assertion(app: AppRegistration, assertion: str, *, token_path: str) -> None:
    """Raise ``IdentityError`` unless the assertion is signed by the app's certificate, names the app as issuer
    and subject, is addressed to this token endpoint and is within its validity period."""
    header = _header_of(assertion)
    _check_thumbprint(app, header)
    public_key = x509.load_pem_x509_certificate(app.certificate_pem.encode()).public_key()
    try:
        claims = jwt.decode(
            assertion, public_key, algorithms=[header["alg"]], options={"verify_aud": False, "require": ["exp"]}
        )
    except jwt.ExpiredSignatureError:
        raise IdentityError("assertion_expired") from None
    except jwt.InvalidSignatureError:
        raise IdentityError("assertion_bad_signature") from None
    except jwt.InvalidTokenError as error:
        raise _malformed(str(error)) from None
    if str(claims.get("iss")) != str(app.client_id) or str(claims.get("sub")) != str(app.client_id):
        raise IdentityError("assertion_wrong_client")
    if urlsplit(str(claims.get("aud", ""))).path.rstrip("/") != token_path.rstrip("/"):
        raise _malformed(f"The assertion's audience '{claims.get('aud')}' is not this token endpoint.")
