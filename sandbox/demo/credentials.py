"""The demo tenant's fixed identities: tenant, environment, company, app registration and users.

These are sandbox-only values, printed by ``manage.py sandbox seed`` so that a person can fill in the
Connection Setup page; they open nothing outside the emulators. The certificate credential is a self-signed
test certificate kept beside this module (``demo_certificate.pem`` and its key).
"""

from pathlib import Path

__all__ = [
    "ADMIN_DISPLAY_NAME",
    "ADMIN_PASSWORD",
    "ADMIN_UPN",
    "ADMIN_USER_ID",
    "APP_DISPLAY_NAME",
    "CERTIFICATE_KEY_PEM",
    "CERTIFICATE_PEM",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "COMPANY_ID",
    "COMPANY_NAME",
    "ENVIRONMENT",
    "INTEGRATION_DISPLAY_NAME",
    "INTEGRATION_PASSWORD",
    "INTEGRATION_UPN",
    "INTEGRATION_USER_ID",
    "ORGANIZATION_ID",
    "SECOND_COMPANY_ID",
    "SECOND_COMPANY_NAME",
    "TENANT_DOMAIN",
    "TENANT_ID",
    "TENANT_NAME",
    "summary_lines",
]

_HERE = Path(__file__).resolve().parent

TENANT_ID = "7c1e2a4b-9d3f-4e8a-b6c5-2f0d1e9a8b7c"
TENANT_DOMAIN = "cronususa.onmicrosoft.com"
TENANT_NAME = "CRONUS USA"
ENVIRONMENT = "production"

COMPANY_ID = "4a6b2c8d-1e3f-4a5b-9c7d-8e0f1a2b3c4d"
COMPANY_NAME = "CRONUS USA, Inc."
# A second, empty company of the same environment, for trying connections to more than one company.
SECOND_COMPANY_ID = "6c8e4a0f-3b5d-4c7e-8f9a-1b2c3d4e5f60"
SECOND_COMPANY_NAME = "CRONUS Second"
ORGANIZATION_ID = "0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a"

# The app registration both connections authenticate as (client credentials: secret or certificate).
APP_DISPLAY_NAME = "Business Central Sales integration (demo)"
CLIENT_ID = "c3d2b1a0-9f8e-4d7c-a6b5-e4f3d2c1b0a9"
CLIENT_SECRET = "demo-sandbox-secret-Qv8~cronus-2f4k9"
CERTIFICATE_PEM = (_HERE / "demo_certificate.pem").read_text()
CERTIFICATE_KEY_PEM = (_HERE / "demo_certificate_key.pem").read_text()

# The Dataverse integration user: not an administrator; the integration roles are assigned to it.
INTEGRATION_UPN = f"bcintegration@{TENANT_DOMAIN}"
INTEGRATION_PASSWORD = "Demo-Integration-2024!"
INTEGRATION_DISPLAY_NAME = "Business Central Integration"
INTEGRATION_USER_ID = "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"

# The Sales administrator, who can sign in with a password (legacy OAuth connection string).
ADMIN_UPN = f"admin@{TENANT_DOMAIN}"
ADMIN_PASSWORD = "Demo-Admin-2024!"
ADMIN_DISPLAY_NAME = "Sales Administrator"
ADMIN_USER_ID = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"


def summary_lines() -> list[str]:
    """What ``sandbox seed`` prints: everything needed to set up a connection to the emulators."""
    return [
        f"Tenant: {TENANT_ID} ({TENANT_DOMAIN})",
        f"Business Central environment: {ENVIRONMENT}; company: {COMPANY_NAME} ({COMPANY_ID})",
        f"Second (empty) company: {SECOND_COMPANY_NAME} ({SECOND_COMPANY_ID})",
        f"App registration: client id {CLIENT_ID}, client secret {CLIENT_SECRET}",
        f"Certificate credential: {_HERE / 'demo_certificate.pem'} (key: demo_certificate_key.pem)",
        f"Integration user (non-admin): {INTEGRATION_UPN} / {INTEGRATION_PASSWORD}",
        f"Sales administrator: {ADMIN_UPN} / {ADMIN_PASSWORD}",
    ]
