"""The sandbox's token-signing key: generated once, stored in the sandbox database, published as a JWKS.

Several processes (web server, worker, ``sandbox serve``) may start at the same moment; the first one to insert
the key wins and the others read it back, so they all sign with one key and verify each other's tokens.
"""

import base64
import secrets
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, transaction

from sandbox.identity.models import SigningKey

__all__ = ["current_signing_key", "jwks", "private_key_of", "public_key_for"]

_KEY_SIZE = 2048


def _new_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=_KEY_SIZE)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def current_signing_key() -> SigningKey:
    """The newest signing key, created on first use."""
    key = SigningKey.objects.first()
    if key is not None:
        return key
    try:
        with transaction.atomic(using="sandbox"):
            return SigningKey.objects.create(kid=secrets.token_hex(16), private_key_pem=_new_key_pem())
    except IntegrityError:
        return SigningKey.objects.first()


@lru_cache(maxsize=16)
def _private_key(pem: str) -> rsa.RSAPrivateKey:
    return serialization.load_pem_private_key(pem.encode(), password=None)


def private_key_of(key: SigningKey) -> rsa.RSAPrivateKey:
    return _private_key(key.private_key_pem)


def public_key_for(kid: str) -> rsa.RSAPublicKey | None:
    """The public key a token header names, or None when no stored key has that id."""
    key = SigningKey.objects.filter(kid=kid).first()
    return private_key_of(key).public_key() if key else None


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _jwk(key: SigningKey) -> dict:
    numbers = private_key_of(key).public_key().public_numbers()
    return {
        "kty": "RSA",
        "use": "sig",
        "alg": "RS256",
        "kid": key.kid,
        "n": _b64url_uint(numbers.n),
        "e": _b64url_uint(numbers.e),
    }


def jwks() -> dict:
    """The JSON Web Key Set that resource servers use to check token signatures (creating the key if needed)."""
    current_signing_key()
    return {"keys": [_jwk(key) for key in SigningKey.objects.all()]}
