"""/schedule, /pause and /resume."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, time

from telegram import Chat, Update

from bot import places
from bot.domain import parsing
from bot.domain.onboarding import REQUIRED_TRAINING_DAYS
from bot.domain.pausing import PauseProblem
from bot.domain.week import Weekday
from bot.services.container import Services
from bot.services.schedule import NotPaused, NotSetUp, ScheduleView
from bot.telegram import texts
from bot.telegram.context import Context
from bot.telegram.handlers.today import remind_to_finish_setup
from bot.telegram.reasons import explain_if_any

_DAYS_WORDS = frozenset({"days", "day"})
_TIME_WORDS = frozenset({"time", "at"})
_ZONE_WORDS = frozenset({"zone", "timezone", "tz"})


@dataclass(frozen=True)
class _Change:
    """What a /schedule argument asks for: new days, a new time, a new zone, or a problem."""

    days: tuple[Weekday, ...] = ()
    at: time | None = None
    zone: str | None = None
    problem: str | None = None
    zone_choices: tuple[str, ...] = ()


async def on_schedule(update: Update, context: Context) -> None:
    """/schedule shows the schedule; /schedule days|time|zone … changes it."""
    services = context.services
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    wanted = " ".join(context.args or [])
    try:
        if not wanted:
            view = await services.schedule.current(user.id)
            await chat.send_message(f"{_render(view)}\n\n{texts.SCHEDULE_USAGE}")
            return
        await _change_schedule(chat, user.id, wanted, services)
    except NotSetUp:
        await remind_to_finish_setup(chat, user.id, services)


async def _change_schedule(chat: Chat, user_id: int, wanted: str, services: Services) -> None:
    change = await _read(wanted, services.now())
    if change.zone_choices:
        await chat.send_message(texts.zone_choices_text(list(change.zone_choices)))
        return
    if change.problem is not None:
        await chat.send_message(texts.SCHEDULE_PROBLEMS[change.problem])
        return
    if change.days:
        view = await services.schedule.change_days(user_id, change.days)
    elif change.at is not None:
        view = await services.schedule.change_time(user_id, change.at)
    else:
        assert change.zone is not None
        view = await services.schedule.change_zone(user_id, change.zone)
    await chat.send_message(texts.schedule_changed(_render(view), view.back_to_back))


async def _read(wanted: str, now: datetime) -> _Change:
    key, _, rest = wanted.strip().partition(" ")
    key = key.lower()
    if key in _DAYS_WORDS:
        return _days(rest)
    if key in _TIME_WORDS:
        at = parsing.parse_time(rest)
        return _Change(at=at) if at is not None else _Change(problem="not_time")
    if key in _ZONE_WORDS:
        return await _zone(rest, now)
    if parsing.parse_days(wanted) is not None:
        return _days(wanted)
    at = parsing.parse_time(wanted)
    if at is not None:
        return _Change(at=at)
    return _Change(problem="not_understood")


def _days(text: str) -> _Change:
    days = parsing.parse_days(text)
    if days is None:
        return _Change(problem="not_understood")
    if len(days) != REQUIRED_TRAINING_DAYS:
        return _Change(problem="need_three_days")
    return _Change(days=days)


async def _zone(text: str, now: datetime) -> _Change:
    if not text.strip():
        return _Change(problem="zone_unknown")
    # The place index loads lazily and lookups take a moment: keep them off the event loop.
    found = await asyncio.to_thread(places.resolve_zone, text, now)
    if found.zone is not None:
        return _Change(zone=found.zone)
    if found.choices:
        return _Change(zone_choices=tuple(choice.zone for choice in found.choices))
    return _Change(problem="zone_unknown")


def _render(view: ScheduleView) -> str:
    return texts.schedule_view(view.days, view.at, view.zone, view.morning_at, view.next_at,
                               view.paused, view.paused_until)


async def on_pause(update: Update, context: Context) -> None:
    """/pause, /pause for 2 weeks, /pause until 2027-02-01."""
    services = context.services
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    try:
        outcome = await services.schedule.pause(user.id, " ".join(context.args or []))
    except NotSetUp:
        await remind_to_finish_setup(chat, user.id, services)
        return
    if isinstance(outcome, PauseProblem):
        await chat.send_message(texts.PAUSE_PROBLEMS[outcome.value])
        return
    await chat.send_message(texts.paused(outcome.until))


async def on_resume(update: Update, context: Context) -> None:
    """/resume: reminders start again; the gap rules apply to the time away."""
    services = context.services
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    try:
        outcome = await services.schedule.resume(user.id)
    except NotSetUp:
        await remind_to_finish_setup(chat, user.id, services)
        return
    except NotPaused:
        await chat.send_message(texts.NOT_PAUSED)
        return
    why = explain_if_any(outcome.decision)
    await chat.send_message(texts.resumed(why, outcome.next_at, automatic=False))
