"""Times, dates and durations as the messages show them."""

from __future__ import annotations

from datetime import datetime, time


def clock(moment: datetime | time) -> str:
    """A local time as 07:30."""
    return moment.strftime("%H:%M")


def day_and_date(moment: datetime) -> str:
    """A local date as 'Monday 4 January'."""
    return f"{moment.strftime('%A')} {moment.day} {moment.strftime('%B')}"


def duration(seconds: int) -> str:
    """Seconds as m:ss, e.g. 4:45."""
    return f"{seconds // 60}:{seconds % 60:02d}"
