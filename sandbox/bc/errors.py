"""Business Central's error codes and messages, raised by the service and rendered by the API views.

BC answers ``{"error": {"code": "...", "message": "...  CorrelationId:  <guid>."}}``; the codes below are the
ones the API documentation and BC's runtime use for the situations the emulator reproduces.
"""

__all__ = [
    "BCError",
    "EntityChanged",
    "FieldValidation",
    "NotFound",
    "RecordExists",
    "RecordNotFound",
    "key_text",
]


class BCError(Exception):
    """An error BC returns to an API caller: HTTP status, BC error code and BC's message text."""

    status = 400
    code = "BadRequest"

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status or self.status
        self.code = code or self.code


class RecordNotFound(BCError):
    status = 404
    code = "Internal_RecordNotFound"


class NotFound(BCError):
    """A URL segment that names nothing (entity set, navigation property, company)."""

    status = 404
    code = "BadRequest_NotFound"


class EntityChanged(BCError):
    status = 412
    code = "Request_EntityChanged"

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or "Another user has already changed the record. Read the record again to get its current @odata.etag."
        )


class FieldValidation(BCError):
    code = "Application_FieldValidationException"


class RecordExists(BCError):
    code = "Internal_EntityWithSameKeyExists"


def key_text(data: dict, key: tuple[str, ...]) -> str:
    """BC's "Identification fields and values" text: ``No.='C00010'``."""
    return ",".join(f"{name}='{data.get(name, '')}'" for name in key)
