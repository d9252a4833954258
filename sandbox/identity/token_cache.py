"""The claims of access tokens whose signature was already checked, so each token is verified once, not per request.

A synchronization sends thousands of requests with one token; checking its RS256 signature (and reading the
signing key from the database) every time cost more than many of the requests themselves. The cache holds only
what the signature proves, which never changes for a given token string; what can change (expiry, the signing
key, the tenant, the user) is still checked on every use by ``tokens.verify_bearer``. Bounded and least-recently-used, so a flood of
distinct tokens cannot grow it, and safe to share between the threads of the serving process.
"""

import threading
from collections import OrderedDict

__all__ = ["Verified", "VerifiedTokens"]


Verified = tuple[str, dict]  # the id of the key that signed the token, and its claims


class VerifiedTokens:
    """A bounded LRU map from a token string to what its signature proved."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._verified: OrderedDict[str, Verified] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token: str) -> Verified | None:
        with self._lock:
            verified = self._verified.get(token)
            if verified is not None:
                self._verified.move_to_end(token)
            return verified

    def remember(self, token: str, verified: Verified) -> None:
        with self._lock:
            self._verified[token] = verified
            self._verified.move_to_end(token)
            while len(self._verified) > self.capacity:
                self._verified.popitem(last=False)

    def forget(self, token: str) -> None:
        with self._lock:
            self._verified.pop(token, None)

    def __len__(self) -> int:
        return len(self._verified)
