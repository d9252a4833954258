"""The one error the query layer raises; each emulator renders it in its own error shape as a 400."""

__all__ = ["ODataQueryError"]


class ODataQueryError(ValueError):
    """A malformed or unsupported query option; ``str()`` is the message shown to the caller."""
