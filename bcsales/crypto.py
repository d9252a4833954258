"""Encryption of secrets at rest (client secrets, passwords, certificates) with Fernet.

The key comes from BCSALES_SECRETS_KEY, else from a git-ignored key file that the first run creates.
"""

import os
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models

__all__ = ["EncryptedTextField", "SecretDecryptionError", "decrypt", "encrypt"]


class SecretDecryptionError(Exception):
    """The stored secret was encrypted with another key: enter the secret again or restore the key."""


@cache
def _fernet() -> Fernet:
    key = settings.SECRETS_KEY or _key_from_file()
    return Fernet(key.encode() if isinstance(key, str) else key)


def _key_from_file() -> str:
    path = settings.SECRETS_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(Fernet.generate_key().decode())
    return path.read_text().strip()


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode() if plaintext else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretDecryptionError(
            "A stored secret cannot be decrypted with the current BCSALES_SECRETS_KEY; enter the secret again."
        ) from None


class EncryptedTextField(models.TextField):
    """Holds ciphertext in the database and plaintext in Python; never shown back in a form."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
