"""Secrets are encrypted at rest and masked in log lines."""

import logging

import pytest

from bcsales.crypto import SecretDecryptionError, decrypt, encrypt
from bcsales.logging import RedactSecretsFilter, redact


def test_encrypted_secret_round_trips_and_hides_the_plaintext():
    token = encrypt("my-client-secret")
    assert "my-client-secret" not in token
    assert decrypt(token) == "my-client-secret"


def test_a_secret_from_another_key_gives_a_clear_error():
    with pytest.raises(SecretDecryptionError, match="enter the secret again"):
        decrypt("gAAAAABnot-a-valid-token")


@pytest.mark.parametrize(
    "line",
    [
        "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
        "AuthType=ClientSecret;ClientSecret=abc123;Url=https://x",
        '{"client_secret": "abc123"}',
        "password=abc123&grant_type=password",
    ],
)
def test_log_lines_never_carry_a_secret(line):
    assert "abc123" not in redact(line)
    assert "eyJzdWIiOiIxIn0" not in redact(line)


def test_the_filter_rewrites_the_record():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s", ("Bearer abc.def.ghi",), None)
    RedactSecretsFilter().filter(record)
    assert "abc.def" not in record.getMessage()
