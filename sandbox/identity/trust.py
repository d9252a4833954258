"""The questions every emulated API request asks of the directory: is this token's issuer still trusted, and which
tenant does the URL name?

A token stays usable only while its signing key is stored (``sandbox reset`` replaces it) and its tenant exists or,
for a user's token, the user is still an enabled user of the tenant. Built through the ORM, that query cost more
CPU than many requests themselves (a third of a small read); the SQL is the same on every request, so it is written
once per database here and run with plain parameters.
"""

import uuid
from functools import cache

from django.db import connections

from sandbox.identity.models import SigningKey, Tenant, UserAccount
from sandbox.routers import SANDBOX_DB

__all__ = ["still_trusted", "tenant_named"]


def _table(model) -> str:
    return connections[SANDBOX_DB].ops.quote_name(model._meta.db_table)


def _column(model, field: str) -> str:
    return connections[SANDBOX_DB].ops.quote_name(model._meta.get_field(field).column)


@cache
def _sql(for_user: bool, vendor: str) -> str:
    """The query for a user's token (tenant GUID, lower-case UPN, key id) or an app's (tenant GUID, key id)."""
    key_stored = f"EXISTS (SELECT 1 FROM {_table(SigningKey)} WHERE {_column(SigningKey, 'kid')} = %s)"
    tenant_guid = f"t.{_column(Tenant, 'tenant_id')} = %s"
    if not for_user:
        return f"SELECT 1 FROM {_table(Tenant)} t WHERE {tenant_guid} AND {key_stored}"
    return (
        f"SELECT 1 FROM {_table(UserAccount)} u INNER JOIN {_table(Tenant)} t "
        f"ON u.{_column(UserAccount, 'tenant')} = t.{_column(Tenant, 'id')} "
        f"WHERE {tenant_guid} AND u.{_column(UserAccount, 'upn')} = %s AND u.{_column(UserAccount, 'enabled')} "
        f"AND {key_stored}"
    )


def _guid_param(value: uuid.UUID):
    return value if connections[SANDBOX_DB].features.has_native_uuid_field else value.hex


@cache
def _tenant_sql(by_guid: bool, vendor: str) -> str:
    """The first tenant (by primary key) with that domain, or with that GUID or domain."""
    guid, domain = _column(Tenant, "tenant_id"), _column(Tenant, "domain")
    where = f"{guid} = %s OR {domain} = %s" if by_guid else f"{domain} = %s"
    return f"SELECT {guid} FROM {_table(Tenant)} WHERE {where} ORDER BY {_column(Tenant, 'id')} LIMIT 1"


def tenant_named(url_tenant: str) -> uuid.UUID | None:
    """The GUID of the tenant a URL names by GUID or by domain (BC's API URLs accept either), or None."""
    try:
        params = [_guid_param(uuid.UUID(url_tenant)), url_tenant.lower()]
    except ValueError:
        params = [url_tenant.lower()]
    connection = connections[SANDBOX_DB]
    with connection.cursor() as cursor:
        cursor.execute(_tenant_sql(len(params) == 2, connection.vendor), params)
        found = cursor.fetchone()
    if found is None:
        return None
    return found[0] if isinstance(found[0], uuid.UUID) else uuid.UUID(found[0])


def still_trusted(kid: str, tenant_id: uuid.UUID, upn: str) -> bool:
    """True when the key ``kid`` is stored and the tenant exists (and, given a UPN, has that user, enabled)."""
    connection = connections[SANDBOX_DB]
    tenant = _guid_param(tenant_id)
    params = [tenant, upn.lower(), kid] if upn else [tenant, kid]
    with connection.cursor() as cursor:
        cursor.execute(_sql(bool(upn), connection.vendor), params)
        return cursor.fetchone() is not None
