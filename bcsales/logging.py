"""A log filter that masks bearer tokens, client secrets and passwords wherever they slip into a message."""

import logging
import re

__all__ = ["RedactSecretsFilter", "redact"]

_PATTERNS = [
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9\-._~+/]+=*"),
    re.compile(
        r"(?i)((?:client_secret|clientsecret|password|access_token|refresh_token|client_assertion)[\"']?\s*[=:]\s*[\"']?)[^\s;&\"',}]+"
    ),
]


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + "***", text)
    return text


class RedactSecretsFilter(logging.Filter):
    """Applied to every handler: a secret that reaches a log line is replaced, never written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # A traceback repeats the exception's message (a connection string, a token): format it here, masked.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True
