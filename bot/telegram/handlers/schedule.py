"""/schedule, /pause and /resume."""

from __future__ import annotations

from telegram import Chat, Update

from bot.domain.pausing import PauseProblem
from bot.services.container import Services
from bot.services.schedule import NotPaused, NotSetUp, ScheduleView
from bot.services.schedule_change import Unchanged
from bot.telegram import texts
from bot.telegram.context import Context
from bot.telegram.handlers.today import remind_to_finish_setup
from bot.telegram.reasons import explain_if_any


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
    changed = await services.schedule.change(user_id, wanted)
    if not isinstance(changed, Unchanged):
        await chat.send_message(texts.schedule_changed(_render(changed), changed.back_to_back))
    elif changed.zone_choices:
        await chat.send_message(texts.zone_choices_text(list(changed.zone_choices)))
    elif changed.problem is not None:
        await chat.send_message(texts.SCHEDULE_PROBLEMS[changed.problem])


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
        await chat.send_message(texts.PAUSE_PROBLEMS[outcome])
        return
    await chat.send_message(texts.paused(outcome.until))


async def on_resume(update: Update, context: Context) -> None:
    """/resume: reminders start again; the gap rules apply to the time away."""
    services = context.services
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    if (session_id := context.runner.paused_session(user.id)) is not None:  # a paused session
        await services.sessions.resume(user.id, session_id)
        await chat.send_message(texts.RESUMED)
        await context.runner.resumed(session_id)
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
