"""Use cases of progress: the figures under the chart, the chart's and the report's data.

Each reads the user's record in one transaction and returns plain values; drawing the chart
and laying out the PDF happen elsewhere, off the event loop (see ``container.Progress``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain import progression
from bot.domain.background import PainDuration, RunningHistory
from bot.domain.decisions import Decision, Rule
from bot.domain.outcomes import Item, Snapshot
from bot.domain.progress import (
    OutcomeFigures,
    SessionPoint,
    Summary,
    programme_week,
    summarise,
    weekly_average_pain,
)
from bot.domain.safety import Readiness, RedFlag, SafetyOutcome
from bot.domain.schedule import local_date
from bot.domain.week import Weekday
from bot.domain.zones import Zone
from bot.reports import wording
from bot.reports.chart import ChartData
from bot.reports.record import (
    Background,
    DecisionRecord,
    HoldRecord,
    ReportData,
    Screening,
)
from bot.services.coaching import NoProgramme
from bot.storage import outcomes as outcome_store
from bot.storage import programmes, record, repo
from bot.storage.db import Database, DbSession
from bot.storage.models import Decision as DecisionRow
from bot.storage.models import Hold, SafetyAnswer, TrainingSession, User

_CLEARED = frozenset({"red_flag:cleared", "readiness:cleared"})


@dataclass(frozen=True)
class Progress:
    """What /progress shows: the figures, and whether there is anything to chart yet."""

    summary: Summary
    sessions: int  # sessions on the chart (done or set aside)


@dataclass(frozen=True)
class _Loaded:
    user: User
    zone: ZoneInfo
    today: date
    start: date
    points: tuple[SessionPoint, ...]
    decisions: tuple[DecisionRow, ...]
    summary: Summary
    weekly: dict[int, float]  # each programme week's average pain


def _days(user: User) -> tuple[Weekday, ...]:
    names = (user.training_days or "").split(",")
    return tuple(sorted(Weekday[name.upper()] for name in names if name))


def _points(rows: Sequence[TrainingSession], peaks: dict[int, int], start: date
            ) -> tuple[SessionPoint, ...]:
    return tuple(
        SessionPoint(day=row.local_date, week=programme_week(start, row.local_date),
                     level=row.level,
                     done_fraction=1.0 if row.done_fraction is None else row.done_fraction,
                     zone=None if row.zone is None else Zone(row.zone), peak=peaks.get(row.id))
        for row in rows
    )


def _start_level(rows: Sequence[DecisionRow], fallback: int) -> int:
    started = [row.to_level for row in rows if row.rule == Rule.START.value]
    return started[-1] if started else fallback


async def _load(session: DbSession, user_id: int, now: datetime) -> _Loaded:
    user = await repo.get_user(session, user_id)
    if user is None or user.onboarded_at is None:
        raise NoProgramme
    programme = await programmes.load(session, user_id)
    if programme is None:
        raise NoProgramme
    zone = ZoneInfo(user.timezone or "UTC")
    today = local_date(now, zone)
    rows = await record.sessions_done(session, user_id)
    planned = user.programme_start or programme.started
    # A session done before the first planned day starts the programme's weeks.
    start = min([planned, *(row.local_date for row in rows)])
    points = _points(rows, await record.peak_pains(session, user_id), start)
    decisions = tuple(await record.decisions(session, user_id))
    answered = {row.week: row.pain for row in await outcome_store.weekly_pains(session, user_id)}
    summary = summarise(points, start=start, today=today, days=_days(user),
                        start_level=_start_level(decisions, programme.level),
                        level=programme.level, answered=answered)
    return _Loaded(user, zone, today, start, points, decisions, summary,
                   weekly_average_pain(points, answered))


async def progress(db: Database, user_id: int, now: datetime) -> Progress:
    """The figures under the chart."""
    async with db.transaction() as session:
        loaded = await _load(session, user_id, now)
    return Progress(loaded.summary, len(loaded.points))


def _chart(loaded: _Loaded) -> ChartData:
    summary = loaded.summary
    return ChartData(
        points=loaded.points, weekly=loaded.weekly, week=summary.week,
        weeks=summary.weeks,
        subtitle=wording.chart_subtitle(summary.week, summary.weeks, summary.done),
    )


async def chart_data(db: Database, user_id: int, now: datetime) -> ChartData:
    """What the user's chart shows."""
    async with db.transaction() as session:
        return _chart(await _load(session, user_id, now))


async def progress_and_chart(db: Database, user_id: int, now: datetime
                             ) -> tuple[Progress, ChartData]:
    """The figures and the chart's data, read together."""
    async with db.transaction() as session:
        loaded = await _load(session, user_id, now)
    return Progress(loaded.summary, len(loaded.points)), _chart(loaded)


def _latest_yes(answers: Sequence[SafetyAnswer], prefix: str, zone: ZoneInfo
                ) -> dict[str, date]:
    latest: dict[str, date | None] = {}
    for answer in answers:
        if answer.question.startswith(prefix) and answer.question not in _CLEARED:
            said = local_date(answer.answered_at, zone) if answer.answer else None
            latest[answer.question.removeprefix(prefix)] = said
    return {name: on for name, on in latest.items() if on is not None}


def _screening(user: User, answers: Sequence[SafetyAnswer], zone: ZoneInfo) -> Screening:
    onboarding = [a for a in answers if a.question.startswith(("red_flag:", "readiness:"))]
    flags = _latest_yes(answers, "red_flag:", zone)
    ready = _latest_yes(answers, "readiness:", zone)
    cleared = [a.answered_at for a in answers if a.question in _CLEARED and a.answer]
    cleared_at = max(cleared) if cleared else user.cleared_at
    return Screening(
        answered_on=local_date(onboarding[0].answered_at, zone) if onboarding else None,
        red_flags=tuple((flag, flags[flag.value]) for flag in RedFlag if flag.value in flags),
        readiness=tuple((q, ready[q.value]) for q in Readiness if q.value in ready),
        cleared_on=None if cleared_at is None else local_date(cleared_at, zone),
    )


def _flag(reason: str) -> RedFlag | None:
    _, _, name = reason.partition(":")
    return next((flag for flag in RedFlag if flag.value == name), None)


def _hold(hold: Hold, zone: ZoneInfo) -> HoldRecord:
    cleared_on = hold.cleared_on
    if cleared_on is None and hold.cleared_at is not None:
        cleared_on = local_date(hold.cleared_at, zone)
    return HoldRecord(held_on=local_date(hold.held_at, zone), outcome=SafetyOutcome(hold.outcome),
                      flag=_flag(hold.reason), cleared_on=cleared_on, cleared_by=hold.cleared_by)


def _decision(row: DecisionRow, zone: ZoneInfo) -> DecisionRecord:
    stored = Decision(row.to_level, progression.Rule(row.rule), row.inputs,
                      zone=None if row.zone is None else Zone(row.zone),
                      advise_clinician=row.advise_clinician)
    return DecisionRecord(local_date(row.decided_at, zone), row.from_level, stored)


def _figures(snapshot: Snapshot) -> OutcomeFigures:
    beliefs = tuple((wording.SNAPSHOT_BELIEFS[item], f"{value}/10")
                    for item in wording.SNAPSHOT_BELIEFS
                    if (value := snapshot.answer(item)) is not None)
    return OutcomeFigures(snapshot.week, snapshot.average_pain, snapshot.current_pain, beliefs)


async def report_data(db: Database, user_id: int, now: datetime, *,
                      name: str | None = None) -> ReportData:
    """Everything the one-page report shows; ``name`` heads it (runback stores none)."""
    async with db.transaction() as session:
        loaded = await _load(session, user_id, now)
        user, zone = loaded.user, loaded.zone
        answers = await repo.safety_answers(session, user_id)
        holds = await record.holds(session, user_id)
        taken = await outcome_store.snapshots(session, user_id)
    return ReportData(
        name=name or user.first_name or None,
        made_on=loaded.today,
        summary=loaded.summary,
        chart=_chart(loaded),
        background=Background(
            baseline_pain=user.baseline_pain,
            pain_duration=PainDuration(user.pain_duration) if user.pain_duration else None,
            running_history=(RunningHistory(user.running_history) if user.running_history
                             else None),
            training_days=_days(user),
            first_session=loaded.start,
        ),
        screening=_screening(user, answers, zone),
        holds=tuple(_hold(hold, zone) for hold in holds),
        decisions=tuple(_decision(row, zone) for row in loaded.decisions),
        snapshots=tuple(_figures(s) for s in sorted(taken, key=lambda s: s.week)
                        if any(s.answer(item) is not None for item in Item)),
    )

