"""Dataverse's error codes and messages, raised by the service layer and rendered as the real service does."""

__all__ = ["DataverseError"]

NOT_FOUND = "0x80040217"
DUPLICATE = "0x80040237"
TOO_LONG = "0x80044331"
INVALID_ARGUMENT = "0x80040203"
INVALID_STATE = "0x80048306"
NO_PRIVILEGE = "0x80040220"
BAD_PROPERTY = "0x80060888"
BAD_PAYLOAD = "0x80048d19"
CONCURRENCY = "0x80060882"
UNAUTHORIZED = "0x80072560"
THROTTLE_CODES = {"requests": "0x80072322", "execution": "0x80072321", "concurrency": "0x80072326"}
SERVER_ERROR = "0x80040216"
UNAVAILABLE = "0x80044183"
# Longest request URL the Web API accepts, and inside a $batch body (Microsoft Learn, "Maximum URL length").
URL_LIMIT = 32768
BATCH_URL_LIMIT = 65536


class DataverseError(Exception):
    """A refused request: HTTP status, Dataverse's hexadecimal error code and its message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    @classmethod
    def not_found(cls, logical_name: str, row_id: object) -> "DataverseError":
        return cls(404, NOT_FOUND, f"{logical_name} With Id = {row_id} Does Not Exist")

    @classmethod
    def url_too_long(cls, length: int, limit: int) -> "DataverseError":
        hint = " Send a longer query inside a $batch request." if limit == URL_LIMIT else ""
        return cls(
            414,
            INVALID_ARGUMENT,
            f"The request URL is {length:,} characters long; at most {limit:,} are accepted.{hint}",
        )

    @classmethod
    def bad_property(cls, logical_name: str, name: str) -> "DataverseError":
        return cls(
            400,
            BAD_PROPERTY,
            f"Could not find a property named '{name}' on type 'Microsoft.Dynamics.CRM.{logical_name}'.",
        )

    @classmethod
    def bad_request(cls, message: str, code: str = BAD_PAYLOAD) -> "DataverseError":
        return cls(400, code, message)
