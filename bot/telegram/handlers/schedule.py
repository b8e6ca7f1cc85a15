"""/schedule, /pause and /resume."""

from __future__ import annotations

from telegram import Chat, Update

from bot.domain.pausing import PauseProblem
from bot.reports.reasons import explain_if_any
from bot.services.schedule import NotPaused, NotSetUp, ScheduleView
from bot.services.schedule_change import Problem, Unchanged
from bot.telegram import keyboards, texts
from bot.telegram.buttons import SettingsPart
from bot.telegram.context import Context
from bot.telegram.handlers import settings
from bot.telegram.handlers.today import day_over, remind_to_finish_setup


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
            over = await day_over(user.id, services)
            await chat.send_message(f"{_render(view, over)}\n\n{texts.SCHEDULE_USAGE}")
            return
        await _change_schedule(chat, user.id, wanted, context)
    except NotSetUp:
        await remind_to_finish_setup(chat, user.id, services)


async def _change_schedule(chat: Chat, user_id: int, wanted: str, context: Context) -> None:
    changed = await context.services.schedule.change(user_id, wanted)
    if not isinstance(changed, Unchanged):
        await chat.send_message(texts.schedule_changed(_render(changed), changed.back_to_back))
    elif changed.zone_choices:
        zones = [choice.zone for choice in changed.zone_choices]
        await chat.send_message(texts.zone_choices_text(zones),
                                reply_markup=keyboards.settings_zones(changed.zone_choices))
    elif changed.problem in _ASK:
        await _ask(chat, user_id, changed.problem, context)
    elif changed.problem is not None:
        await chat.send_message(texts.SCHEDULE_PROBLEMS[changed.problem])


_ASK = {Problem.WHICH_DAYS, Problem.WHICH_TIME, Problem.WHICH_ZONE}


async def _ask(chat: Chat, user_id: int, problem: Problem, context: Context) -> None:
    """A bare ``/schedule days|time|zone``: ask for it, by buttons or the next message."""
    if problem is Problem.WHICH_DAYS:
        view = await context.services.schedule.current(user_id)
        await chat.send_message(texts.SCHEDULE_PROBLEMS[problem],
                                reply_markup=keyboards.settings_days(view.days))
        return
    if problem is Problem.WHICH_TIME:
        sent = await chat.send_message(texts.SCHEDULE_PROBLEMS[problem],
                                       reply_markup=keyboards.settings_times(SettingsPart.TIME))
        await settings.expect(context, user_id,
                              settings.Awaiting(SettingsPart.TIME, sent.message_id))
        return
    sent = await chat.send_message(texts.SCHEDULE_PROBLEMS[problem])
    await settings.expect(context, user_id, settings.Awaiting(SettingsPart.ZONE, sent.message_id))


def _render(view: ScheduleView, over: str | None = None) -> str:
    return texts.schedule_view(view.days, view.at, view.zone, view.morning_at, view.next_at,
                               view.paused, view.paused_until, over)


async def on_pause(update: Update, context: Context) -> None:
    """/pause offers 1 week, 2 weeks, until a date or no end; /pause for 2 weeks and
    /pause until 2027-02-01 pause at once."""
    services = context.services
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    wanted = " ".join(context.args or [])
    try:
        if not wanted:
            await services.schedule.current(user.id)  # NotSetUp before set-up
            sent = await chat.send_message(
                texts.SETTINGS_PAUSE, reply_markup=keyboards.pause_choices(in_settings=False))
            # A typed answer works too: "for 3 weeks", "until 25/12".
            await settings.expect(context, user.id, settings.Awaiting(
                SettingsPart.PAUSE, sent.message_id, in_settings=False))
            return
        outcome = await services.schedule.pause(user.id, wanted)
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
    if (session_id := await context.runner.paused_session(user.id)) is not None:  # a paused session
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
    over = await day_over(user.id, services)
    await chat.send_message(texts.resumed(why, outcome.next_at, automatic=False, over=over))
