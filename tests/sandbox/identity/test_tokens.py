"""verify_bearer: what the API emulators accept, each reason they refuse a token with 401, and that a token verified
once is still checked on every use for what can change (expiry, audience, the tenant, the user)."""

import time
import uuid
from types import SimpleNamespace

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from sandbox.identity.keys import current_signing_key
from sandbox.identity.models import SigningKey, Tenant, UserAccount
from sandbox.identity.registrations import register_user
from sandbox.identity.tokens import TokenRejected, issue_token, issuer_for, verify_bearer
from tests.sandbox.identity.directory import BC, CLIENT_ID, DATAVERSE, TENANT_ID, USER

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

ISSUER = issuer_for("http://testserver/sandbox/login", TENANT_ID)


def _request(authorization: str | None):
    headers = {"Authorization": authorization} if authorization is not None else {}
    return RequestFactory().get("/sandbox/bc/v2.0/", headers=headers)


def _token(**changes) -> str:
    arguments = {"issuer": ISSUER, "tenant_id": TENANT_ID, "audience": BC, "app_id": CLIENT_ID, "object_id": CLIENT_ID}
    return issue_token(**{**arguments, **changes})


def _rejection(authorization: str | None, audience: str = BC) -> TokenRejected:
    with pytest.raises(TokenRejected) as caught:
        verify_bearer(_request(authorization), audience=audience)
    return caught.value


def test_a_valid_app_token_names_the_calling_app(directory):
    caller = verify_bearer(_request(f"Bearer {_token()}"), audience=BC)

    assert caller.tenant_id == TENANT_ID
    assert caller.app_id == CLIENT_ID
    assert caller.is_app


def test_a_user_token_names_the_user(directory):
    token = _token(audience=DATAVERSE, user_principal_name=USER, object_id=str(uuid.uuid4()))

    caller = verify_bearer(_request(f"Bearer {token}"), audience=DATAVERSE + "/")

    assert caller.user_principal_name == USER
    assert not caller.is_app


def test_a_request_without_a_bearer_token_is_refused_as_missing(directory):
    assert _rejection(None).reason == "missing"
    assert _rejection("Basic abc").reason == "missing"


def test_a_token_that_is_not_a_jwt_is_refused_as_malformed(directory):
    assert _rejection("Bearer not-a-jwt").reason == "malformed"


def test_a_token_signed_with_another_key_is_refused_for_its_signature(directory):
    forged_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = jwt.decode(_token(), options={"verify_signature": False})
    forged = jwt.encode(claims, forged_key, algorithm="RS256", headers={"kid": current_signing_key().kid})

    assert _rejection(f"Bearer {forged}").reason == "bad signature"


def test_a_token_naming_an_unknown_key_is_refused_for_its_signature(directory):
    forged_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        {"aud": BC, "tid": TENANT_ID, "exp": 2**31}, forged_key, algorithm="RS256", headers={"kid": "x"}
    )

    assert _rejection(f"Bearer {forged}").reason == "bad signature"


def test_an_expired_token_is_refused_as_expired(directory):
    assert _rejection(f"Bearer {_token(lifetime=-60)}").reason == "expired"


def test_a_token_for_another_resource_is_refused_for_its_audience(directory):
    rejection = _rejection(f"Bearer {_token(audience=DATAVERSE)}", audience=BC)

    assert rejection.reason == "wrong audience"
    assert 'error="invalid_token"' in rejection.www_authenticate()


def test_a_token_of_an_unknown_tenant_is_refused(directory):
    stranger = str(uuid.uuid4())
    token = _token(tenant_id=stranger, issuer=issuer_for("http://testserver/sandbox/login", stranger))

    assert _rejection(f"Bearer {token}").reason == "unknown tenant"


def test_a_token_is_verified_once_and_then_checked_with_one_query(directory):
    token = _token()
    verify_bearer(_request(f"Bearer {token}"), audience=BC)

    with CaptureQueriesContext(connections["sandbox"]) as queries:
        callers = [verify_bearer(_request(f"Bearer {token}"), audience=BC) for _ in range(3)]

    assert len(queries) == 3  # one per use: the signing key and the tenant are still there
    assert {caller.app_id for caller in callers} == {CLIENT_ID}


def test_a_token_accepted_before_is_refused_once_it_expires(directory, monkeypatch):
    token = _token(lifetime=60)
    verify_bearer(_request(f"Bearer {token}"), audience=BC)

    later = time.time() + 61
    monkeypatch.setattr("sandbox.identity.tokens.time", SimpleNamespace(time=lambda: later))

    assert _rejection(f"Bearer {token}").reason == "expired"


def test_a_token_accepted_before_is_refused_for_another_audience(directory):
    token = _token()
    verify_bearer(_request(f"Bearer {token}"), audience=BC)

    assert _rejection(f"Bearer {token}", audience=DATAVERSE).reason == "wrong audience"


def test_a_token_accepted_before_is_refused_once_its_signing_key_is_replaced(directory):
    token = _token()
    verify_bearer(_request(f"Bearer {token}"), audience=BC)

    SigningKey.objects.all().delete()

    assert _rejection(f"Bearer {token}").reason == "bad signature"


def test_a_token_of_a_removed_tenant_and_its_apps_is_refused_at_once(directory):
    token = _token()
    verify_bearer(_request(f"Bearer {token}"), audience=BC)

    Tenant.objects.filter(tenant_id=uuid.UUID(TENANT_ID)).delete()

    assert _rejection(f"Bearer {token}").reason == "unknown tenant"


def test_a_user_token_is_refused_at_once_when_the_user_is_disabled_or_removed(directory):
    token = _token(audience=DATAVERSE, user_principal_name=USER, object_id=str(uuid.uuid4()))
    verify_bearer(_request(f"Bearer {token}"), audience=DATAVERSE)

    register_user(tenant_id=TENANT_ID, upn=USER, password="irrelevant", enabled=False)
    disabled = _rejection(f"Bearer {token}", audience=DATAVERSE)
    UserAccount.objects.filter(upn=USER).delete()
    removed = _rejection(f"Bearer {token}", audience=DATAVERSE)

    assert disabled.reason == removed.reason == "unknown user"
    assert USER in disabled.message
