"""Exceptions that encode the retry decision (STYLE 14).

``RetryableSyncError`` stops the pass without advancing its watermark; the job queue runs it again later.
``RecordError`` and its kinds belong to one record: they become one SyncError row, mark the coupling failed
and never stop the pass.
"""

__all__ = ["MappingError", "RecordError", "RemoteValidationError", "RetryableSyncError", "SyncConfigurationError"]


class RetryableSyncError(Exception):
    """Connection lost, timeout, throttling beyond the retries, or the mapping's lock is busy."""


class SyncConfigurationError(Exception):
    """The mapping cannot run at all (no field mappings, disabled connection); the pass aborts with this message."""


class RecordError(Exception):
    """One record cannot be synchronized; the message is what the Integration Errors page shows."""


class MappingError(RecordError):
    """Our own transformation refused the record: a related record is not coupled, a value has no option."""


class RemoteValidationError(RecordError):
    """The service rejected the record's data (a 4xx on its write)."""
