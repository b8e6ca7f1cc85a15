"""What a typed place or a shared location resolves to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

MAX_CHOICES = 6
# A match this many times bigger than the next one in another zone is taken as meant.
_DOMINANCE = 10
_MIN_OFFSET, _MAX_OFFSET = timedelta(hours=-12), timedelta(hours=14)


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    """One time zone offered to the user, with a label they can recognise."""

    zone: str
    label: str


@dataclass(frozen=True, slots=True)
class ZoneAnswer:
    """What the user's text points to: a zone, a few zones to pick from, or nothing."""

    zone: str | None
    choices: tuple[ZoneChoice, ...] = ()

    @property
    def found(self) -> bool:
        """Whether the text settled on exactly one zone."""
        return self.zone is not None


NOTHING = ZoneAnswer(None)
