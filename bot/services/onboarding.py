"""Use cases of onboarding: start, answer the current question, reset, and the summary."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from zoneinfo import ZoneInfo

from bot import places
from bot.domain import ladder, parsing
from bot.domain.onboarding import (
    REQUIRED_TRAINING_DAYS,
    PainDuration,
    RunningHistory,
    Step,
    first_readiness,
    first_red_flag,
    position,
    readiness_after,
    red_flag_after,
    step_after,
)
from bot.domain.safety import SAFETY_PAIN_THRESHOLD, Readiness, RedFlag, SafetyOutcome
from bot.domain.schedule import next_session
from bot.domain.week import Weekday
from bot.places import ZoneAnswer, ZoneChoice
from bot.services import coaching, reminders
from bot.storage import repo
from bot.storage.db import Database
from bot.storage.models import User

AGREE = "agree"
DECLINE = "decline"
CLEARED = "cleared"
NOT_YET = "not_yet"
DONE = "done"
CONFIRM = "ok"
START_AGAIN = "again"


class Note(Enum):
    """Something to tell the user before the next question."""

    SHORT_DURATION = "short_duration"
    CONSECUTIVE_DAYS = "consecutive_days"
    HIGH_PAIN = "high_pain"
    DECLINED = "declined"
    CHECK_FIRST = "check_first"
    CLEARANCE_STORED = "clearance_stored"


class Problem(Enum):
    """Why an answer was not taken."""

    NOT_YES_NO = "not_yes_no"
    NOT_A_CHOICE = "not_a_choice"
    NOT_PAIN = "not_pain"
    NOT_DAYS = "not_days"
    NEED_THREE_DAYS = "need_three_days"
    THREE_ALREADY = "three_already"
    NOT_TIME = "not_time"
    ZONE_UNKNOWN = "zone_unknown"
    ZONE_CHOICES = "zone_choices"
    LOCATION_UNKNOWN = "location_unknown"
    NEEDS_CLEARANCE = "needs_clearance"


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


@dataclass(frozen=True)
class Reply:
    """The outcome of one answer: where the user is now, and anything to say first."""

    prompt: Prompt
    notes: tuple[Note, ...] = ()
    problem: Problem | None = None
    stale: bool = False
    zone_choices: tuple[ZoneChoice, ...] = ()
    answered: Step | None = None


async def start(db: Database, user_id: int, first_name: str, now: datetime) -> Prompt:
    """Begin onboarding for a new user, or return where an existing user stands."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        if user is None:
            user = await repo.add_user(session, user_id, first_name, now, Step.CONSENT.value)
        if not user.active:
            user.active = True
            await reminders.plan_next(session, user, now)  # back after blocking the bot
        return _prompt(user, now)


async def current(db: Database, user_id: int, now: datetime) -> Prompt | None:
    """Where a user stands, or None for someone who never started."""
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id)
        return None if user is None else _prompt(user, now)


def restart(user: User, now: datetime) -> Prompt:
    """Clear a user's onboarding answers and put them back at the first question."""
    for attribute in ("onboarded_at", "consented_at", "safety_stop", "cleared_at",
                      "pain_duration", "baseline_pain", "running_history", "training_days",
                      "reminder_time", "timezone", "programme_start"):
        setattr(user, attribute, None)
    user.onboarding_step = Step.CONSENT.value
    user.revision += 1
    return _prompt(user, now)


async def answer(db: Database, user_id: int, at: str | None, value: str | Location,
                 now: datetime) -> Reply:
    """Take an answer to the question at position ``at`` (None: whatever is current)."""
    zone = await _look_up_zone(db, user_id, value, now)
    async with db.transaction() as session:
        user = await repo.get_user(session, user_id, for_update=True)
        if user is None:
            user = await repo.add_user(session, user_id, "", now, Step.CONSENT.value)
        if at is not None and at != user.onboarding_step:
            return Reply(_prompt(user, now), stale=True)
        answered = _prompt(user, now).step
        answering = _Answering(user, now, zone)
        reply = replace(answering.take(value), answered=answered)
        for question, given in answering.safety:
            await repo.record_safety_answer(session, user, question, given, now)
        for kind, pain in answering.pains:
            await repo.record_check_in(session, user.id, kind, pain, now)
        if answering.finished:
            await coaching.begin(session, user, now)
            await reminders.plan_next(session, user, now)
        return reply


async def _look_up_zone(db: Database, user_id: int, value: str | Location,
                        now: datetime) -> ZoneAnswer | None:
    # The place index loads lazily and lookups take a moment: keep them off the event loop.
    prompt = await current(db, user_id, now)
    if prompt is None or prompt.step is not Step.TIMEZONE:
        return None
    if isinstance(value, Location):
        found = await asyncio.to_thread(places.zone_for_location, value.latitude,
                                        value.longitude)
        return ZoneAnswer(found)
    return await asyncio.to_thread(places.resolve_zone, value, now)


def _prompt(user: User, now: datetime) -> Prompt:
    step_name, _, item = user.onboarding_step.partition(":")
    step = Step(step_name)
    days = _stored_days(user)
    stop = SafetyOutcome(user.safety_stop) if user.safety_stop else None
    summary = _summary(user, now) if step in (Step.CONFIRM, Step.DONE) else None
    return Prompt(user.onboarding_step, step, item or None, days, stop, summary)


def _stored_days(user: User) -> tuple[Weekday, ...]:
    if not user.training_days:
        return ()
    return tuple(sorted(Weekday[name.upper()] for name in user.training_days.split(",")))


def _summary(user: User, now: datetime) -> Summary | None:
    days = _stored_days(user)
    if user.baseline_pain is None or user.reminder_time is None or not user.timezone:
        return None
    zone = ZoneInfo(user.timezone)
    level = ladder.starting_level(user.baseline_pain)
    first = next_session(days, user.reminder_time, zone, now)
    return Summary(level, first.astimezone(zone), user.timezone, days)


class _Answering:
    """One answer applied to one user row; collects the rows to add alongside."""

    def __init__(self, user: User, now: datetime, zone: ZoneAnswer | None) -> None:
        self.user = user
        self.now = now
        self.zone = zone or ZoneAnswer(None)
        self.safety: list[tuple[str, bool]] = []
        self.pains: list[tuple[str, int]] = []
        self.finished = False

    def take(self, value: str | Location) -> Reply:
        prompt = _prompt(self.user, self.now)
        if isinstance(value, Location):
            if prompt.step is not Step.TIMEZONE:
                return Reply(prompt, problem=Problem.NOT_A_CHOICE)
            return self._location()
        text = value.strip()
        handler = getattr(self, f"_on_{prompt.step.value}")
        reply: Reply = handler(prompt, text)
        return reply

    def _go(self, place: str, *notes: Note) -> Reply:
        self.user.onboarding_step = place
        return Reply(_prompt(self.user, self.now), notes=notes)

    def _refuse(self, problem: Problem, *notes: Note) -> Reply:
        return Reply(_prompt(self.user, self.now), notes=notes, problem=problem)

    def _on_consent(self, prompt: Prompt, text: str) -> Reply:
        agreed = True if text == AGREE else False if text == DECLINE else parsing.parse_yes_no(text)
        if agreed is None:
            return self._refuse(Problem.NOT_YES_NO)
        if not agreed:
            return self._refuse_kindly(Note.DECLINED)
        self.user.consented_at = self.now
        return self._go(position(Step.RED_FLAG, first_red_flag().value))

    def _refuse_kindly(self, note: Note) -> Reply:
        return Reply(_prompt(self.user, self.now), notes=(note,))

    def _on_red_flag(self, prompt: Prompt, text: str) -> Reply:
        said = parsing.parse_yes_no(text)
        if said is None:
            return self._refuse(Problem.NOT_YES_NO)
        flag = RedFlag(prompt.item)
        self.safety.append((f"red_flag:{flag.value}", said))
        if said:
            self.user.safety_stop = flag.outcome.value
            return self._go(Step.SAFETY_STOP.value)
        following = red_flag_after(flag)
        if following is not None:
            return self._go(position(Step.RED_FLAG, following.value))
        return self._go(position(Step.READINESS, first_readiness().value))

    def _on_safety_stop(self, prompt: Prompt, text: str) -> Reply:
        if text != CLEARED:
            return self._refuse(Problem.NEEDS_CLEARANCE)
        self.safety.append(("red_flag:cleared", True))
        self.user.cleared_at = self.now
        self.user.safety_stop = None
        return self._go(position(Step.READINESS, first_readiness().value), Note.CLEARANCE_STORED)

    def _on_readiness(self, prompt: Prompt, text: str) -> Reply:
        said = parsing.parse_yes_no(text)
        if said is None:
            return self._refuse(Problem.NOT_YES_NO)
        question = Readiness(prompt.item)
        self.safety.append((f"readiness:{question.value}", said))
        if said:  # remembered on the row, so a later answer in another update still sees it
            self.user.safety_stop = SafetyOutcome.CHECK_READINESS.value
        following = readiness_after(question)
        if following is not None:
            return self._go(position(Step.READINESS, following.value))
        if self.user.safety_stop == SafetyOutcome.CHECK_READINESS.value:
            return self._go(Step.CLEARANCE.value)
        return self._go(step_after(Step.READINESS).value)

    def _on_clearance(self, prompt: Prompt, text: str) -> Reply:
        if text == NOT_YET or parsing.parse_yes_no(text) is False:
            return self._refuse_kindly(Note.CHECK_FIRST)
        if text != CLEARED and parsing.parse_yes_no(text) is not True:
            return self._refuse(Problem.NEEDS_CLEARANCE)
        self.safety.append(("readiness:cleared", True))
        self.user.cleared_at = self.now
        self.user.safety_stop = None
        return self._go(step_after(Step.CLEARANCE).value, Note.CLEARANCE_STORED)

    def _on_duration(self, prompt: Prompt, text: str) -> Reply:
        duration = _parse_duration(text)
        if duration is None:
            return self._refuse(Problem.NOT_A_CHOICE)
        self.user.pain_duration = duration.value
        notes = () if duration.persistent else (Note.SHORT_DURATION,)
        return self._go(step_after(Step.DURATION).value, *notes)

    def _on_usual_pain(self, prompt: Prompt, text: str) -> Reply:
        pain = parsing.parse_pain(text)
        if pain is None:
            return self._refuse(Problem.NOT_PAIN)
        self.user.baseline_pain = pain
        self.pains.append(("usual", pain))
        notes = (Note.HIGH_PAIN,) if pain >= SAFETY_PAIN_THRESHOLD else ()
        return self._go(step_after(Step.USUAL_PAIN).value, *notes)

    def _on_current_pain(self, prompt: Prompt, text: str) -> Reply:
        pain = parsing.parse_pain(text)
        if pain is None:
            return self._refuse(Problem.NOT_PAIN)
        self.pains.append(("now", pain))
        notes = (Note.HIGH_PAIN,) if pain >= SAFETY_PAIN_THRESHOLD else ()
        return self._go(step_after(Step.CURRENT_PAIN).value, *notes)

    def _on_running(self, prompt: Prompt, text: str) -> Reply:
        history = _parse_running(text)
        if history is None:
            return self._refuse(Problem.NOT_A_CHOICE)
        self.user.running_history = history.value
        return self._go(step_after(Step.RUNNING).value)

    def _on_days(self, prompt: Prompt, text: str) -> Reply:
        if text == DONE:
            return self._finish_days(prompt.days)
        single = Weekday.from_name(text) if " " not in text and "," not in text else None
        if single is not None and text == single.short:
            return self._toggle_day(prompt.days, single)
        days = parsing.parse_days(text)
        if days is None:
            return self._refuse(Problem.NOT_DAYS)
        if len(days) != REQUIRED_TRAINING_DAYS:
            return self._refuse(Problem.NEED_THREE_DAYS)
        self._store_days(days)
        return self._finish_days(days)

    def _toggle_day(self, days: tuple[Weekday, ...], day: Weekday) -> Reply:
        if day in days:
            self._store_days(tuple(d for d in days if d != day))
        elif len(days) >= REQUIRED_TRAINING_DAYS:
            return self._refuse(Problem.THREE_ALREADY)
        else:
            self._store_days((*days, day))
        return self._go(Step.DAYS.value)

    def _store_days(self, days: tuple[Weekday, ...]) -> None:
        self.user.training_days = ",".join(d.short for d in sorted(days)) or None

    def _finish_days(self, days: tuple[Weekday, ...]) -> Reply:
        if len(days) != REQUIRED_TRAINING_DAYS:
            return self._refuse(Problem.NEED_THREE_DAYS)
        notes = (Note.CONSECUTIVE_DAYS,) if parsing.consecutive_pairs(days) else ()
        return self._go(step_after(Step.DAYS).value, *notes)

    def _on_time(self, prompt: Prompt, text: str) -> Reply:
        at = parsing.parse_time(text)
        if at is None:
            return self._refuse(Problem.NOT_TIME)
        self.user.reminder_time = at
        return self._go(step_after(Step.TIME).value)

    def _on_timezone(self, prompt: Prompt, text: str) -> Reply:
        found = self.zone
        if found.zone is not None:
            return self._set_zone(found.zone)
        if found.choices:
            reply = self._refuse(Problem.ZONE_CHOICES)
            return Reply(reply.prompt, problem=reply.problem, zone_choices=found.choices)
        return self._refuse(Problem.ZONE_UNKNOWN)

    def _location(self) -> Reply:
        if self.zone.zone is None:
            return self._refuse(Problem.LOCATION_UNKNOWN)
        return self._set_zone(self.zone.zone)

    def _set_zone(self, zone: str) -> Reply:
        self.user.timezone = zone
        return self._go(step_after(Step.TIMEZONE).value)

    def _on_confirm(self, prompt: Prompt, text: str) -> Reply:
        if text == START_AGAIN:
            return self._go(Step.DURATION.value)
        if text != CONFIRM and parsing.parse_yes_no(text) is not True:
            return self._refuse(Problem.NOT_A_CHOICE)
        summary = prompt.summary
        if summary is None:  # an answer went missing: ask the missing part again
            return self._go(Step.DURATION.value)
        self.user.programme_start = summary.first_session.date()
        self.user.onboarded_at = self.now
        self.finished = True
        return self._go(Step.DONE.value)

    def _on_done(self, prompt: Prompt, text: str) -> Reply:
        return Reply(prompt, stale=True)


_DURATION_WORDS: dict[PainDuration, re.Pattern[str]] = {
    PainDuration.UNDER_3_MONTHS: re.compile(
        r"^(less than|under|<)\s*(3|three)\s*months?$|^(a few|[1-2]|one|two)\s*(weeks?|months?)$"
        r"|^[0-9]{1,2}\s*(days?|weeks?)$|^recent(ly)?$"
    ),
    PainDuration.UP_TO_A_YEAR: re.compile(
        r"^(3|three)\s*(-|–|to)\s*(12|twelve)\s*months?$|^([3-9]|1[0-2])\s*months?$"
        r"|^(about |around )?(a|one|1) years?$|^(three|four|five|six|seven|eight|nine|ten"
        r"|eleven|twelve) months$"
    ),
    PainDuration.OVER_A_YEAR: re.compile(
        r"^(more than|over|>)\s*(a|one|1)\s*years?$|^([2-9]|[1-9][0-9])\s*years?$"
        r"|^years$|^(two|three|four|five|six|seven|eight|nine|ten|many)\s*years$"
        r"|^(1[3-9]|[2-9][0-9])\s*months$"
    ),
}

_RUNNING_WORDS: dict[RunningHistory, tuple[str, ...]] = {
    RunningHistory.NEVER: ("never", "never run", "never ran", "no", "not really"),
    RunningHistory.NOT_IN_YEARS: ("not in years", "years ago", "not for years", "used to",
                                  "a long time ago", "long ago"),
    RunningHistory.OCCASIONALLY: ("occasionally", "sometimes", "now and then", "a bit",
                                  "occasional", "rarely"),
}


def _parse_duration(text: str) -> PainDuration | None:
    key = text.lower().strip(" .!")
    for duration in PainDuration:
        if key == duration.value:
            return duration
    for duration, pattern in _DURATION_WORDS.items():
        if pattern.search(key):
            return duration
    return None


def _parse_running(text: str) -> RunningHistory | None:
    key = text.lower().strip(" .!")
    for history in RunningHistory:
        if key == history.value:
            return history
    for history, words in _RUNNING_WORDS.items():
        if key in words:
            return history
    return None
