"""Days of the week as users name them."""

from __future__ import annotations

from enum import IntEnum

# Every spelling a user might type for a day, lower-case, without punctuation.
_NAMES: dict[str, int] = {}
for _index, _spellings in enumerate(
    (
        ("monday", "mon", "mo", "mondays"),
        ("tuesday", "tue", "tues", "tu", "tuesdays"),
        ("wednesday", "wed", "weds", "we", "wednesdays"),
        ("thursday", "thu", "thur", "thurs", "th", "thursdays"),
        ("friday", "fri", "fr", "fridays"),
        ("saturday", "sat", "sa", "saturdays"),
        ("sunday", "sun", "su", "sundays"),
    )
):
    for _spelling in _spellings:
        _NAMES[_spelling] = _index


class Weekday(IntEnum):
    """A day of the week, numbered like ``date.weekday()`` (Monday is 0)."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6

    @property
    def short(self) -> str:
        """Three-letter lower-case name, e.g. ``"mon"``."""
        return self.name.lower()

    @property
    def title(self) -> str:
        """Full English name, e.g. ``"Monday"``."""
        return _TITLES[self.value]

    @classmethod
    def from_name(cls, name: str) -> Weekday | None:
        """The day a user means by ``name`` ("Mon", "tues", "Thursday"), or None."""
        key = name.strip().strip(".").lower()
        index = _NAMES.get(key)
        return None if index is None else cls(index)


_TITLES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
