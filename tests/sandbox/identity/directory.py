"""A small emulated directory for the identity tests: one tenant with an app (secret and certificate) and users."""

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from sandbox.identity.registrations import register_app, register_user

TENANT_ID = "3f1a9c52-7b6e-4d21-9e8f-0a1b2c3d4e5f"
TENANT_DOMAIN = "cronus-test.onmicrosoft.com"
CLIENT_ID = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"
PUBLIC_CLIENT_ID = "1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d"
CLIENT_SECRET = "Sbx~secret.value-123"
USER = "integration@cronus-test.onmicrosoft.com"
PASSWORD = "Pa55word!integration"
DATAVERSE = "https://cronus-test.crm4.dynamics.com"
BC = "https://api.businesscentral.dynamics.com"


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate: ``pem`` is the public part, ``bundle`` the private key and the certificate."""

    key_pem: str
    pem: str

    @property
    def bundle(self) -> str:
        return self.key_pem + self.pem


def make_certificate(name: str = "bcsales test") -> Certificate:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return Certificate(key_pem=key_pem, pem=certificate.public_bytes(serialization.Encoding.PEM).decode())


def register_directory(certificate: Certificate) -> None:
    """The tenant, the confidential app (secret + certificate), the public client and two users (one disabled)."""
    register_app(
        tenant_id=TENANT_ID,
        tenant_domain=TENANT_DOMAIN,
        client_id=CLIENT_ID,
        display_name="bcsales integration",
        client_secret=CLIENT_SECRET,
        certificate_pem=certificate.pem,
    )
    register_app(tenant_id=TENANT_ID, client_id=PUBLIC_CLIENT_ID, display_name="bcsales on-premises OAuth")
    register_user(tenant_id=TENANT_ID, upn=USER, password=PASSWORD, display_name="Integration User")
    register_user(tenant_id=TENANT_ID, upn="former@cronus-test.onmicrosoft.com", password=PASSWORD, enabled=False)
