"""Use cases of onboarding: start, answer the current question, reset, and the summary.

The questionnaire itself is :func:`bot.domain.onboarding.next_step`; these use cases load a
user's answers, hand them to it, and store what it returns.

Nothing about a person is stored before they consent: a stranger has no ``users`` row at
all. The consent question needs nothing stored to be shown (it is the first step of an
empty :class:`State`), and the row is created by the consent itself, from a press on the
message that showed the consent text. A first name is never stored (the name column stays
empty; greetings use the name Telegram sends with each update).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import places
from bot.domain import ladder, parsing, screening
from bot.domain.background import PainDuration, RunningHistory
from bot.domain.onboarding import (
    BACK,
    Answer,
    Note,
    PlaceFound,
    Problem,
    Stamp,
    State,
    Step,
    Turn,
    cleared_turn,
    next_step,
    previous,
)
from bot.domain.parsing import AmbiguousHour, PainBetween, PainOffScale
from bot.domain.safety import Readiness, SafetyOutcome
from bot.domain.schedule import next_session
from bot.domain.screening import Item
from bot.domain.week import Weekday
from bot.places import ZoneAnswer, ZoneChoice
from bot.services import clinic_notes, coaching, reminders
from bot.storage import repo
from bot.storage.db import Database, DbSession
from bot.storage.models import SafetyAnswer, User

__all__ = [
    "Location", "Note", "Problem", "Prompt", "Reply", "Summary", "answer", "current", "restart",
    "start",
]


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Summary:
    """The plan onboarding ends with."""

    level: int
    first_session: datetime  # local, in the user's zone
    zone: str
    days: tuple[Weekday, ...]


@dataclass(frozen=True)
class Prompt:
    """The question a user is at, with what is needed to show it."""

    position: str
    step: Step
    item: str | None = None
    days: tuple[Weekday, ...] = ()
    safety_stop: SafetyOutcome | None = None
    summary: Summary | None = None
    can_go_back: bool = False
    picked: frozenset[Item] = frozenset()  # ticked so far on a screening list


@dataclass(frozen=True)
class Reply:
    """The outcome of one answer: where the user is now, and anything to say first."""

    prompt: Prompt
    notes: tuple[Note, ...] = ()
    problem: Problem | None = None
    stale: bool = False
    zone_choices: tuple[ZoneChoice, ...] = ()
    answered: Step | None = None
    unclear_pain: PainBetween | PainOffScale | None = None
    unclear_hour: AmbiguousHour | None = None


async def start(db: Database, user_id: int, now: datetime) -> Prompt:
    """Where an existing user stands, or the consent question for a stranger (nothing stored)."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        if user is None:
            return _prompt(State(Step.CONSENT), now)
        if not user.active:
            user.active = True
            await reminders.plan_next(session, user, now)  # back after blocking the bot
        return _prompt(await _load(session, user), now)


async def current(db: Database, user_id: int, now: datetime) -> Prompt | None:
    """Where a user stands, or None for someone who never started."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        if user is None:
            return None
        return _prompt(await _load(session, user), now)


def restart(user: User, now: datetime) -> Prompt:
    """Clear a user's onboarding answers and put them back at the first question."""
    for attribute in ("onboarded_at", "consented_at", "safety_stop", "cleared_at",
                      "pain_duration", "baseline_pain", "running_history", "training_days",
                      "reminder_time", "timezone", "programme_start", "screening_picks"):
        setattr(user, attribute, None)
    user.onboarding_step = Step.CONSENT.value
    user.revision += 1
    return _prompt(_state(user, ()), now)


async def answer(db: Database, user_id: int, at: str | None, value: str | Location,
                 now: datetime, *, consent_shown: bool = False) -> Reply:
    """Take an answer to the question at position ``at`` (None: whatever is current).

    A stranger's answer counts only as an answer to the consent question, and only with
    ``consent_shown`` (the consent text was shown to them: pressed on its message, or typed
    in the chat it was shown in); their agreement is what first stores them.
    """
    zone = await _look_up_zone(db, user_id, value, now)
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None:
            return await _stranger_answers(session, user_id, at, value, now, consent_shown)
        state = await _load(session, user)
        if at is not None and at != user.onboarding_step:
            return Reply(_prompt(state, now), stale=True)
        turn = next_step(state, _as_answer(value, zone))
        await _store(session, user, turn, now)
        prompt = _prompt(turn.state, now)
        if Stamp.ONBOARDED in turn.stamps and prompt.summary is not None:
            user.programme_start = prompt.summary.first_session.date()
            await coaching.begin(session, user, now)
            await reminders.plan_next(session, user, now)
        return Reply(prompt, turn.notes, turn.problem, turn.stale,
                     zone.choices if zone is not None else (), state.step, turn.unclear_pain,
                     turn.unclear_hour)


async def _stranger_answers(session: DbSession, user_id: int, at: str | None,
                            value: str | Location, now: datetime, consent_shown: bool) -> Reply:
    state = State(Step.CONSENT)
    if not consent_shown or at not in (None, state.position) or isinstance(value, Location):
        return Reply(_prompt(state, now), stale=True)
    turn = next_step(state, value)
    if Stamp.CONSENTED in turn.stamps:
        user = await repo.add_user(session, user_id, "", now, Step.CONSENT.value)
        await _store(session, user, turn, now)
    return Reply(_prompt(turn.state, now), turn.notes, turn.problem, turn.stale,
                 answered=state.step)


def _as_answer(value: str | Location, zone: ZoneAnswer | None) -> Answer:
    if isinstance(value, Location):
        return PlaceFound(zone.zone if zone else None, shared_location=True)
    if zone is not None:
        return PlaceFound(zone.zone, ambiguous=bool(zone.choices))
    return value


async def _look_up_zone(db: Database, user_id: int, value: str | Location,
                        now: datetime) -> ZoneAnswer | None:
    # The place index loads lazily and lookups take a moment: keep them off the event loop.
    prompt = await current(db, user_id, now)
    if prompt is None or prompt.step is not Step.TIMEZONE or _looks_back(value):
        return None
    if isinstance(value, Location):
        found = await asyncio.to_thread(places.zone_for_location, value.latitude,
                                        value.longitude)
        return ZoneAnswer(found)
    return await asyncio.to_thread(places.resolve_zone, value, now)


def _looks_back(value: str | Location) -> bool:
    # "back" or "oops I meant 18:00" at the time zone question is about the time, not a place.
    return isinstance(value, str) and (value.strip() == BACK or parsing.is_back(value)
                                       or parsing.correction(value) is not None)


async def _load(session: DbSession, user: User) -> State:
    return _state(user, await repo.safety_answers(session, user.id))


def _state(user: User, answers: Sequence[SafetyAnswer]) -> State:
    step_name, _, item = user.onboarding_step.partition(":")
    step = Step(step_name)
    return State(
        step=step,
        item=None if step in (Step.RED_FLAG, Step.READINESS) else item or None,
        safety_stop=SafetyOutcome(user.safety_stop) if user.safety_stop else None,
        cleared=user.cleared_at is not None,
        readiness_yes=_readiness_yes(answers),
        picked=screening.picks(user.screening_picks),
        pain_duration=PainDuration(user.pain_duration) if user.pain_duration else None,
        baseline_pain=user.baseline_pain,
        running_history=(RunningHistory(user.running_history) if user.running_history
                         else None),
        days=_stored_days(user),
        reminder_time=user.reminder_time,
        timezone=user.timezone,
    )


def _readiness_yes(answers: Sequence[SafetyAnswer]) -> frozenset[Readiness]:
    # The latest answer to each readiness question; an answer given again supersedes.
    latest: dict[Readiness, bool] = {}
    names = {f"readiness:{question.value}": question for question in Readiness}
    for row in answers:
        if row.question in names:
            latest[names[row.question]] = row.answer
    return frozenset(question for question, said in latest.items() if said)


_RED_FLAG_STOPS = frozenset({SafetyOutcome.EMERGENCY, SafetyOutcome.SEE_DOCTOR})


async def _store(session: DbSession, user: User, turn: Turn, now: datetime) -> None:
    state = turn.state
    user.onboarding_step = state.position
    user.screening_picks = screening.stored(state.picked)
    was = user.safety_stop
    user.safety_stop = state.safety_stop.value if state.safety_stop else None
    if state.safety_stop in _RED_FLAG_STOPS and user.safety_stop != was:
        assert user.safety_stop is not None  # someone linked mid-set-up has clinicians
        await clinic_notes.note_red_flag(session, user.id, user.safety_stop, "onboarding", now)
    user.pain_duration = state.pain_duration.value if state.pain_duration else None
    user.baseline_pain = state.baseline_pain
    user.running_history = state.running_history.value if state.running_history else None
    user.training_days = ",".join(day.short for day in state.days) or None
    user.reminder_time = state.reminder_time
    user.timezone = state.timezone
    if Stamp.CONSENTED in turn.stamps:
        user.consented_at = now
    if Stamp.CLEARED in turn.stamps:
        user.cleared_at = now
    if Stamp.ONBOARDED in turn.stamps:
        user.onboarded_at = now
    for question, given in turn.screening:
        await repo.record_safety_answer(session, user, question, given, now)
    for kind, pain in turn.pains:
        await repo.record_check_in(session, user.id, kind, pain, now)


def _prompt(state: State, now: datetime) -> Prompt:
    summary = _summary(state, now) if state.step in (Step.CONFIRM, Step.DONE) else None
    return Prompt(state.position, state.step, state.item, state.days, state.safety_stop,
                  summary, previous(state) is not None, state.picked)


def _stored_days(user: User) -> tuple[Weekday, ...]:
    if not user.training_days:
        return ()
    return tuple(sorted(Weekday[name.upper()] for name in user.training_days.split(",")))


def _summary(state: State, now: datetime) -> Summary | None:
    if state.baseline_pain is None or state.reminder_time is None or not state.timezone:
        return None
    zone = ZoneInfo(state.timezone)
    level = ladder.starting_level(state.baseline_pain)
    first = next_session(state.days, state.reminder_time, zone, now)
    return Summary(level, first.astimezone(zone), state.timezone, state.days)


async def clear_stop(session: DbSession, user: User, now: datetime) -> None:
    """A clinician has cleared a user stopped at a red flag mid-onboarding (after an emergency
    flag, by the deliberate /cleared): onboarding carries on, in the caller's transaction."""
    state = await _load(session, user)
    if state.step is Step.SAFETY_STOP:
        await _store(session, user, cleared_turn(state), now)
