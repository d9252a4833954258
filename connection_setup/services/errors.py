"""Errors the set-up services raise for the pages to show; each message says what to do."""

__all__ = ["AdminCredentialsRequired", "SetupError"]


class SetupError(Exception):
    """An action cannot be completed; the message names the cause and the fix."""


class AdminCredentialsRequired(SetupError):
    """The integration user may not import solutions or assign roles: a Dynamics 365 Sales administrator must sign in."""
