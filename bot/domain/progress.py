"""Progress as figures: programme weeks, adherence, levels and the change in weekly pain.

Pure arithmetic over plain records of the sessions done; the chart, the chat and the PDF
report all read the same figures, set beside the ASTEROID trial's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from bot.domain import ladder
from bot.domain.rules import (
    COMPLETED_FRACTION,
    PROGRAMME_WEEKS,
    TRIAL_ADHERENCE,
    TRIAL_AVERAGE_PAIN_CHANGE,
)
from bot.domain.week import Weekday
from bot.domain.zones import Zone

DAYS_A_WEEK = 7


@dataclass(frozen=True)
class SessionPoint:
    """One session done, as the chart and the report show it."""

    day: date
    week: int  # programme week, from 1
    level: int
    done_fraction: float
    zone: Zone | None  # None: not judged (stopped for other reasons)
    peak: int | None  # peak pain during it, 0–10, when it was rated

    @property
    def jog_minutes(self) -> float:
        """Minutes of jogging done: the level's jog time, as far as the session went."""
        return ladder.level(self.level).total_jog_seconds * min(1.0, self.done_fraction) / 60

    @property
    def counted(self) -> bool:
        """Whether it counts as a session done (at least 80% of it)."""
        return self.done_fraction >= COMPLETED_FRACTION


@dataclass(frozen=True)
class OutcomeFigures:
    """One outcome snapshot (weeks 0, 6 and 12): average and current pain, 0–10."""

    week: int
    average_pain: int | None  # None: not answered
    current_pain: int | None
    answers: tuple[tuple[str, str], ...] = ()  # (question, answer), in runback's words


@dataclass(frozen=True)
class Summary:
    """The few lines under the chart: where the user is and how it compares with the trial."""

    week: int  # programme week of today, 1..PROGRAMME_WEEKS (0: not started yet)
    weeks: int
    done: int
    scheduled: int
    start_level: int
    level: int
    pain_change: float | None  # change in weekly average pain since week 1, 0–10 scale
    trial_adherence: float = TRIAL_ADHERENCE
    trial_pain_change: float = TRIAL_AVERAGE_PAIN_CHANGE

    @property
    def adherence(self) -> float | None:
        """Sessions done ÷ sessions scheduled so far; None before the first is due."""
        return None if self.scheduled == 0 else self.done / self.scheduled


def programme_week(start: date, day: date) -> int:
    """The programme week ``day`` falls in, from 1 (0 before the programme starts)."""
    if day < start:
        return 0
    return (day - start).days // DAYS_A_WEEK + 1


def scheduled_sessions(start: date, today: date, days: Iterable[Weekday], *,
                       done_today: bool = False) -> int:
    """How many training days have come due from the first session's day, within the
    programme's weeks: the days before today, and today once its session is done (a session
    later today is not missed yet)."""
    picked = {int(day) for day in days}
    last = today if done_today else today - timedelta(days=1)
    end = min(last, start + timedelta(weeks=PROGRAMME_WEEKS) - timedelta(days=1))
    total, day = 0, start
    while day <= end:
        total += day.weekday() in picked
        day += timedelta(days=1)
    return total


def sessions_done(points: Sequence[SessionPoint]) -> int:
    """Sessions that count as done within the programme's weeks: at least 80% of them, one
    a day."""
    return len({point.day for point in points
                if point.counted and 1 <= point.week <= PROGRAMME_WEEKS})


def weekly_average_pain(points: Sequence[SessionPoint],
                        answered: Mapping[int, int] | None = None) -> dict[int, float]:
    """Each programme week's average pain: the user's own answers to the weekly question
    (the trial's primary outcome) once they have given any; before that, the mean of each
    week's session peak pains. The two are never mixed on one line."""
    if answered:
        return {week: float(pain) for week, pain in sorted(answered.items())}
    by_week: dict[int, list[int]] = {}
    for point in points:
        if point.peak is not None:
            by_week.setdefault(point.week, []).append(point.peak)
    return {week: fmean(pains) for week, pains in sorted(by_week.items())}


def pain_change(weekly: dict[int, float]) -> float | None:
    """The latest week's average minus the first week's; None with fewer than two weeks."""
    if len(weekly) < 2:
        return None
    weeks = sorted(weekly)
    return weekly[weeks[-1]] - weekly[weeks[0]]


def summarise(points: Sequence[SessionPoint], *, start: date, today: date,
              days: Iterable[Weekday], start_level: int, level: int,
              answered: Mapping[int, int] | None = None) -> Summary:
    """The figures of the text under the chart."""
    return Summary(
        week=min(programme_week(start, today), PROGRAMME_WEEKS),
        weeks=PROGRAMME_WEEKS,
        done=sessions_done(points),
        scheduled=scheduled_sessions(
            start, today, days, done_today=any(p.day == today and p.counted for p in points)),
        start_level=start_level,
        level=level,
        pain_change=pain_change(weekly_average_pain(points, answered)),
    )
