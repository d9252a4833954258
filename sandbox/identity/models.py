"""Identity registrations of the emulated Microsoft Entra ID: tenants, app registrations, user accounts, signing keys.

Secrets and passwords are kept only as Django password hashes, as a real directory keeps them: the sandbox can check
a credential but never show it back. The signing key lives in the database so that tokens survive a restart and
every process serving the sandbox signs and verifies with the same key.
"""

import uuid

from django.db import models

__all__ = ["AppRegistration", "SigningKey", "Tenant", "UserAccount"]


class Tenant(models.Model):
    """A directory: known by its GUID and, optionally, by a verified domain name (``cronus.onmicrosoft.com``)."""

    tenant_id = models.UUIDField(unique=True)
    domain = models.CharField(max_length=200, blank=True, db_index=True)
    display_name = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.domain or str(self.tenant_id)


class AppRegistration(models.Model):
    """An application (client) registered in one tenant, with a client secret and/or a certificate credential."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="apps")
    client_id = models.UUIDField()
    object_id = models.UUIDField(default=uuid.uuid4, help_text="The service principal's object id (oid).")
    display_name = models.CharField(max_length=200)
    secret_hash = models.CharField(max_length=256, blank=True)
    secret_expires_at = models.DateTimeField(null=True, blank=True)
    certificate_pem = models.TextField(blank=True, help_text="The public certificate (PEM); never the private key.")
    certificate_sha1 = models.CharField(max_length=40, blank=True, help_text="SHA-1 thumbprint, hex upper case.")
    certificate_sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 thumbprint, hex upper case.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "client_id"], name="sandbox_app_per_tenant")]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.client_id})"


class UserAccount(models.Model):
    """A user of one tenant who can sign in with a password (the legacy on-premises OAuth connection string)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="users")
    upn = models.CharField("user principal name", max_length=200)
    object_id = models.UUIDField(default=uuid.uuid4)
    display_name = models.CharField(max_length=200, blank=True)
    password_hash = models.CharField(max_length=256)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "upn"], name="sandbox_user_per_tenant")]

    def __str__(self) -> str:
        return self.upn


class SigningKey(models.Model):
    """The RSA key that signs every token the sandbox issues; ``kid`` names it in the JWKS and in token headers."""

    kid = models.CharField(max_length=64, unique=True)
    private_key_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.kid
