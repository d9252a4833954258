"""VerifiedTokens: a bounded map that forgets the least recently used token first."""

from sandbox.identity.token_cache import VerifiedTokens


def test_the_least_recently_used_token_is_forgotten_past_the_capacity():
    cache = VerifiedTokens(capacity=2)
    cache.remember("a", ("kid", {"n": 1}))
    cache.remember("b", ("kid", {"n": 2}))
    cache.get("a")

    cache.remember("c", ("kid", {"n": 3}))

    assert len(cache) == 2
    assert cache.get("b") is None
    assert cache.get("a") == ("kid", {"n": 1}) and cache.get("c") == ("kid", {"n": 3})


def test_a_forgotten_token_must_be_verified_again():
    cache = VerifiedTokens(capacity=2)
    cache.remember("a", ("kid", {"n": 1}))

    cache.forget("a")
    cache.forget("never seen")

    assert cache.get("a") is None and len(cache) == 0
