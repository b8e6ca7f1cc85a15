"""What a typed place or a shared location resolves to."""

from __future__ import annotations

from dataclasses import dataclass

MAX_CHOICES = 6


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
