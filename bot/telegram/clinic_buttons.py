"""The buttons of remote support, read back from callback data like every other button.

``cl|open|<client>``, ``cl|share|<code>``: every field is checked, so forged or stale data
decodes to None. A button naming a client proves nothing: the use case checks the link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.domain.ladder import FLOOR_LEVEL, LAST_LEVEL
from bot.telegram.buttons import LIMIT, SEPARATOR, _check_id, _id, _require

CLINIC = "cl"
_CODE = re.compile(r"[A-Za-z0-9_-]{16,43}")


class ClientView(Enum):
    """What a button on a client's page opens."""

    PAGE = "open"
    CHART = "chart"
    REPORT = "report"
    ADJUST = "adjust"


@dataclass(frozen=True)
class ClientButton:
    """Open a client's page, chart, report or change menu."""

    view: ClientView
    client_id: int

    def __post_init__(self) -> None:
        _check_id(self.client_id)

    def encode(self) -> str:
        return SEPARATOR.join((CLINIC, self.view.value, str(self.client_id)))


@dataclass(frozen=True)
class SetLevel:
    """Set a client's level (the reason is asked next)."""

    client_id: int
    level: int

    def __post_init__(self) -> None:
        _check_id(self.client_id)
        _require(type(self.level) is int and FLOOR_LEVEL <= self.level <= LAST_LEVEL, "level")

    def encode(self) -> str:
        return SEPARATOR.join((CLINIC, "level", str(self.client_id), str(self.level)))


@dataclass(frozen=True)
class HoldOrClear:
    """Put a client's programme on hold, or clear them after a hold."""

    client_id: int
    clear: bool

    def __post_init__(self) -> None:
        _check_id(self.client_id)

    def encode(self) -> str:
        return SEPARATOR.join((CLINIC, "clear" if self.clear else "hold", str(self.client_id)))


@dataclass(frozen=True)
class Share:
    """"Share with <name>" on an invite: carries the code, so only its holder can press it."""

    code: str

    def __post_init__(self) -> None:
        _require(_CODE.fullmatch(self.code) is not None, "not an invite code")

    def encode(self) -> str:
        return SEPARATOR.join((CLINIC, "share", self.code))


@dataclass(frozen=True)
class StopSharing:
    """Stop sharing with one clinician."""

    clinician_id: int

    def __post_init__(self) -> None:
        _check_id(self.clinician_id)

    def encode(self) -> str:
        return SEPARATOR.join((CLINIC, "unlink", str(self.clinician_id)))


@dataclass(frozen=True)
class InviteAction:
    """Make a new invite (``invite_id`` 0 never names one), or revoke one."""

    revoke: int | None = None

    def __post_init__(self) -> None:
        if self.revoke is not None:
            _check_id(self.revoke)

    def encode(self) -> str:
        if self.revoke is None:
            return SEPARATOR.join((CLINIC, "invite"))
        return SEPARATOR.join((CLINIC, "revoke", str(self.revoke)))


ClinicButton = ClientButton | SetLevel | HoldOrClear | Share | StopSharing | InviteAction


def decode(data: str) -> ClinicButton | None:
    """The clinic button ``data`` stands for, or None for anything stale, foreign or forged."""
    if len(data.encode()) > LIMIT:
        return None
    kind, *fields = data.split(SEPARATOR)
    if kind != CLINIC:
        return None
    try:
        return _read(fields)
    except ValueError:
        return None


def _read(fields: list[str]) -> ClinicButton:
    match fields:
        case [view, client] if view in {v.value for v in ClientView}:
            return ClientButton(ClientView(view), _id(client))
        case ["level", client, level] if re.fullmatch(r"[0-9]|10", level):
            return SetLevel(_id(client), int(level))
        case ["hold" | "clear" as what, client]:
            return HoldOrClear(_id(client), what == "clear")
        case ["share", code]:
            return Share(code)
        case ["unlink", clinician]:
            return StopSharing(_id(clinician))
        case ["invite"]:
            return InviteAction()
        case ["revoke", invite]:
            return InviteAction(_id(invite))
    raise ValueError(f"unknown clinic button: {fields!r}")
