"""Keyset continuation tokens: the sort values of the last row a page returned, opaque to callers.

Services hand the token back unchanged (`$skiptoken`), so the next page starts strictly after that row; no
OFFSET is ever used, which keeps deep pages as cheap as the first and stable under concurrent inserts.
"""

import base64
import binascii
import json
from typing import Any

from sandbox.odata.errors import ODataQueryError

__all__ = ["decode_token", "encode_token"]


def encode_token(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, expected_length: int) -> list[Any]:
    try:
        padded = token + "=" * (-len(token) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError):
        raise ODataQueryError("The $skiptoken is not valid; follow @odata.nextLink unchanged.") from None
    if not isinstance(values, list) or len(values) != expected_length:
        raise ODataQueryError("The $skiptoken does not belong to this query; follow @odata.nextLink unchanged.")
    return values
