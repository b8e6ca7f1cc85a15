"""Bot API error responses, shaped exactly like Telegram's."""

from __future__ import annotations

from typing import Any

STATUS_DESCRIPTIONS: dict[int, str] = {
    401: "Unauthorized",
    404: "Not Found",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class ApiError(Exception):
    """A Bot API failure answered as `{"ok": false, "error_code": N, ...}`."""

    def __init__(
        self,
        code: int,
        description: str,
        *,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """Return the JSON body Telegram would send for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class EmulatorTimeout(AssertionError, TimeoutError):
    """Raised when a simulated-user wait runs out; both an assertion and a timeout."""


def bad_request(detail: str) -> ApiError:
    """Build a 400 error with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    """Build a 403 error with Telegram's "Forbidden: " prefix."""
    return ApiError(403, f"Forbidden: {detail}")


def conflict(detail: str) -> ApiError:
    """Build a 409 error with Telegram's "Conflict: " prefix."""
    return ApiError(409, f"Conflict: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """Build the 429 flood-control error with its `retry_after` parameter."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


def status_error(code: int, description: str | None = None) -> ApiError:
    """Build an error for an HTTP status code, using the standard phrase by default."""
    if description is None:
        description = STATUS_DESCRIPTIONS.get(code, "Internal Server Error")
        if code == 400:
            description = "Bad Request"
        elif code == 403:
            description = "Forbidden"
    return ApiError(code, description)


def not_found() -> ApiError:
    """Build Telegram's 404 answer for unknown methods and malformed tokens."""
    return ApiError(404, "Not Found")


def unauthorized() -> ApiError:
    """Build Telegram's 401 answer for a well-formed but wrong token."""
    return ApiError(401, "Unauthorized")
