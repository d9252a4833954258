"""Register tenants, apps and users in the emulated directory; called by the demo seeding and by tests.

Every function is idempotent: calling it again with the same ids updates the registration in place, so that
``sandbox seed`` can run any number of times.
"""

import datetime
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from sandbox.identity.models import AppRegistration, Tenant, UserAccount

__all__ = ["certificate_thumbprints", "ensure_tenant", "hash_secret", "register_app", "register_user", "secret_matches"]


class _SandboxSecretHasher(PBKDF2PasswordHasher):
    """Django's PBKDF2 with fewer rounds: the emulator checks a secret on every token request and its secrets are
    demo values, so a production work factor would only slow every test and benchmark down."""

    iterations = 20_000


_HASHER = _SandboxSecretHasher()


def hash_secret(secret: str) -> str:
    return _HASHER.encode(secret, _HASHER.salt())


def secret_matches(secret: str, encoded: str) -> bool:
    return bool(secret and encoded) and _HASHER.verify(secret, encoded)


def ensure_tenant(tenant_id: str, *, domain: str = "", display_name: str = "") -> Tenant:
    """The tenant with this GUID, created when missing; a given domain or name replaces the stored one."""
    tenant, _ = Tenant.objects.get_or_create(tenant_id=uuid.UUID(str(tenant_id)))
    changed = {name: value for name, value in (("domain", domain.lower()), ("display_name", display_name)) if value}
    if changed:
        Tenant.objects.filter(pk=tenant.pk).update(**changed)
        tenant.refresh_from_db()
    return tenant


def certificate_thumbprints(certificate_pem: str) -> tuple[str, str]:
    """``(sha1, sha256)`` thumbprints of a PEM certificate in hex upper case, as the Entra portal shows them."""
    certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
    return (
        certificate.fingerprint(hashes.SHA1()).hex().upper(),  # the x5t header names keys by SHA-1
        certificate.fingerprint(hashes.SHA256()).hex().upper(),
    )


def register_app(
    *,
    tenant_id: str,
    client_id: str,
    display_name: str,
    client_secret: str = "",
    secret_expires_at: datetime.datetime | None = None,
    certificate_pem: str = "",
    tenant_domain: str = "",
) -> AppRegistration:
    """Register (or update) an application with a client secret and/or the public part of a certificate."""
    tenant = ensure_tenant(tenant_id, domain=tenant_domain)
    sha1, sha256 = certificate_thumbprints(certificate_pem) if certificate_pem else ("", "")
    app, _ = AppRegistration.objects.update_or_create(
        tenant=tenant,
        client_id=uuid.UUID(str(client_id)),
        defaults={
            "display_name": display_name,
            "secret_hash": hash_secret(client_secret) if client_secret else "",
            "secret_expires_at": secret_expires_at,
            "certificate_pem": certificate_pem,
            "certificate_sha1": sha1,
            "certificate_sha256": sha256,
        },
    )
    return app


def register_user(
    *,
    tenant_id: str,
    upn: str,
    password: str,
    display_name: str = "",
    object_id: str | None = None,
    enabled: bool = True,
    tenant_domain: str = "",
) -> UserAccount:
    """Register (or update) a user who signs in with a password; the UPN is matched without regard to case."""
    tenant = ensure_tenant(tenant_id, domain=tenant_domain)
    defaults = {"password_hash": hash_secret(password), "display_name": display_name, "enabled": enabled}
    if object_id:
        defaults["object_id"] = uuid.UUID(str(object_id))
    user, _ = UserAccount.objects.update_or_create(tenant=tenant, upn=upn.lower(), defaults=defaults)
    return user
