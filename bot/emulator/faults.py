"""Fault injection: scripted API errors, 5xx answers, answers that never come and connections
that close without an answer."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

from bot.emulator.errors import ApiError, status_error, too_many_requests
from bot.emulator.sync import Signal

POLLING_METHOD = "getupdates"


@dataclass
class Fault:
    """One scripted misbehaviour, applied to the next `remaining` matching calls."""

    method: str | None
    remaining: int
    error_code: int | None = None
    description: str | None = None
    retry_after: int | None = None
    hold: bool = False
    seconds: float | None = None
    drop: bool = False
    handled: bool = True

    def matches(self, method: str) -> bool:
        """Tell whether this fault applies to a call of `method`.

        A fault without a method applies to every method except getUpdates, so that
        polling keeps working while sends fail.
        """
        if self.method is None:
            return method.lower() != POLLING_METHOD
        return self.method.lower() == method.lower()

    def error(self) -> ApiError | None:
        """Build the error to answer with, if this fault answers with one."""
        if self.error_code is None:
            return None
        if self.error_code == 429:
            retry_after = self.retry_after if self.retry_after is not None else 1
            error = too_many_requests(retry_after)
            if self.description is not None:
                error.description = self.description
            return error
        error = status_error(self.error_code, self.description)
        error.retry_after = self.retry_after
        return error


class DropConnection(Exception):
    """Close the connection without answering, before the call is handled."""


class Faults:
    """The emulator's fault plan; consulted before every Bot API call is handled."""

    def __init__(self) -> None:
        self._plan: list[Fault] = []
        self._release = asyncio.Event()
        self._closed = False
        self._changed = Signal()
        self.held = 0
        """Number of requests currently being held by `delay_next`."""

    def fail_next(
        self,
        method: str | None = None,
        *,
        error_code: int = 500,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` with an error.

        `error_code` 429 produces "Too Many Requests: retry after N" with
        `parameters.retry_after`; 500 and 502 use "Internal Server Error" and
        "Bad Gateway". `description` overrides the text.
        """
        self._plan.append(Fault(method, times, error_code, description, retry_after=retry_after))

    def delay_next(
        self,
        method: str | None = None,
        *,
        seconds: float | None = None,
        times: int = 1,
        error_code: int | None = None,
    ) -> None:
        """Hold the next `times` calls of `method` until `release()` or `seconds` pass.

        Afterwards the call is handled normally (a timed-out send is still delivered, as
        on the real service) unless `error_code` is given. The emulator stopping releases
        every held call.
        """
        self._plan.append(Fault(method, times, error_code, hold=True, seconds=seconds))

    def drop_next(self, method: str | None = None, *, times: int = 1,
                  handled: bool = True) -> None:
        """Close the connection of the next `times` calls of `method` without an answer.

        With `handled` (the default) the call takes effect first, as when Telegram did the
        work and the answer was lost on the way; without it nothing happens. Either way the
        client sees only a connection closed mid-request.
        """
        self._plan.append(Fault(method, times, drop=True, handled=handled))

    def release(self) -> None:
        """Let every currently held call continue."""
        self._release.set()
        self._release = asyncio.Event()

    def clear(self) -> None:
        """Drop all scripted faults that have not fired yet and release held calls."""
        self._plan.clear()
        self.release()

    def close(self) -> None:
        """Release held calls and stop holding new ones (used on emulator stop)."""
        self._closed = True
        self.release()

    def reopen(self) -> None:
        """Hold calls again after `close` (the emulator was restarted)."""
        self._closed = False

    @property
    def pending(self) -> int:
        """Number of scripted fault applications still to come."""
        return sum(fault.remaining for fault in self._plan)

    async def wait_held(self, count: int = 1, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until at least `count` requests are being held."""
        if not await self._changed.wait_for(lambda: self.held >= count, timeout):
            raise TimeoutError(f"{self.held} request(s) held, expected {count}")

    async def apply(self, method: str) -> bool:
        """Apply the first matching fault to a call: hold it and/or raise its error.

        Raises `DropConnection` when the connection is to close before the call is handled;
        returns True when it is to close once the call is handled.
        """
        fault = next((f for f in self._plan if f.matches(method)), None)
        if fault is None:
            return False
        fault.remaining -= 1
        if fault.remaining <= 0:
            self._plan.remove(fault)
        if fault.drop and not fault.handled:
            raise DropConnection
        if fault.hold and not self._closed:
            await self._hold(fault.seconds)
        error = fault.error()
        if error is not None:
            raise error
        return fault.drop

    async def _hold(self, seconds: float | None) -> None:
        release = self._release
        self.held += 1
        self._changed.notify()
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(release.wait(), seconds)
        finally:
            self.held -= 1
            self._changed.notify()
