"""When training sessions fall, in the user's own time zone.

All instants going in and out are aware datetimes; results are in UTC. Nothing here reads
the clock: ``now`` is always passed in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.week import Weekday

# A week plus a spare day: enough to find any weekday after a daylight-saving shift.
_LOOKAHEAD_DAYS = 8


def local_date(now: datetime, tz: ZoneInfo) -> date:
    """The calendar date on the user's wall at instant ``now``."""
    _require_aware(now)
    return now.astimezone(tz).date()


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant when the user's wall clock shows ``at`` on ``day``.

    A wall time skipped by a spring-forward gap maps to the first moment after the gap
    (02:30 on the US spring-forward day becomes 03:00); a wall time repeated when clocks
    fall back maps to its first occurrence, so every local time happens exactly once.
    ``at`` is read as a wall-clock time: any tzinfo on it is ignored.
    """
    wall = datetime.combine(day, at.replace(tzinfo=None))
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    return _end_of_gap(wall, tz)


def _end_of_gap(wall: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant at which the gap that swallowed local ``wall`` closes."""
    # Inside a gap, fold=0 reads the wall with the old offset and fold=1 with the new one,
    # so the transition lies between the two readings.
    late = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    early = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    low = math.floor(min(early, late).timestamp())
    high = math.ceil(max(early, late).timestamp())
    changed = offset_change(low, high, tz)
    # Round up to a whole minute, as reminders are minute-grained.
    return datetime.fromtimestamp(-(-changed // 60) * 60, UTC)


def offset_at(timestamp: int, tz: ZoneInfo) -> timedelta | None:
    """The zone's UTC offset at a Unix timestamp."""
    return datetime.fromtimestamp(timestamp, tz).utcoffset()


def offset_change(low: int, high: int, tz: ZoneInfo) -> int:
    """The first second in (``low``, ``high``] with the offset the zone has at ``high``: when
    its clocks changed, for timestamps on either side of one change."""
    after = offset_at(high, tz)
    while high - low > 1:
        middle = (low + high) // 2
        if offset_at(middle, tz) == after:
            high = middle
        else:
            low = middle
    return high


def is_training_day(day: date, days: Iterable[Weekday]) -> bool:
    """Whether ``day`` falls on one of the user's training weekdays."""
    return Weekday(day.weekday()) in frozenset(days)


def next_training_date(from_day: date, days: Iterable[Weekday], *, inclusive: bool = True) -> date:
    """The first training date on or after ``from_day`` (strictly after unless ``inclusive``)."""
    chosen = frozenset(days)
    if not chosen:
        raise ValueError("no training days chosen")
    start = 0 if inclusive else 1
    for offset in range(start, start + 7):
        candidate = from_day + timedelta(days=offset)
        if Weekday(candidate.weekday()) in chosen:
            return candidate
    raise AssertionError("unreachable: a chosen weekday occurs within any seven days")


def next_session(
    days: Iterable[Weekday],
    at: time,
    tz: ZoneInfo,
    now: datetime,
    *,
    include_now: bool = False,
) -> datetime:
    """The next UTC instant, after ``now``, of a session on a training day at local ``at``.

    With ``include_now`` a session starting exactly at ``now`` counts as next.
    """
    _require_aware(now)
    chosen = frozenset(days)
    if not chosen:
        raise ValueError("no training days chosen")
    today = local_date(now, tz)
    for offset in range(_LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        if Weekday(day.weekday()) not in chosen:
            continue
        instant = local_instant(day, at, tz)
        if instant > now or (include_now and instant == now):
            return instant
    raise AssertionError("unreachable: a chosen weekday recurs within the lookahead")


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
