"""Plain words outside any question: thanks, a sore back, a new reminder time, time away,
skipping today."""

from __future__ import annotations

from telegram import Chat

from bot.domain.intents import Intent, reminder_time
from bot.domain.pausing import PauseProblem
from bot.services.container import Services
from bot.services.schedule import NotSetUp, Paused
from bot.services.today import NotOnboarded, OnHold
from bot.telegram import keyboards, texts
from bot.telegram.handlers.today import remind_to_finish_setup, show_hold

HANDLED = frozenset({Intent.THANKS, Intent.SORE_BACK, Intent.REMINDER_TIME, Intent.HOLIDAY,
                     Intent.SKIP_TODAY})
"""The intents :func:`answer_words` answers."""


async def answer_words(chat: Chat, user_id: int, intent: Intent, text: str,
                       services: Services) -> None:
    """Answer one of :data:`HANDLED`; ``NotSetUp`` before set-up sends the user back to it."""
    try:
        if intent is Intent.THANKS:
            await chat.send_message(texts.THANKS)
        elif intent is Intent.SORE_BACK:
            await chat.send_message(texts.SORE_BACK, reply_markup=keyboards.sore_back())
        elif intent is Intent.REMINDER_TIME:
            await _reminder_time(chat, user_id, text, services)
        elif intent is Intent.HOLIDAY:
            await _time_away(chat, user_id, text, services)
        else:
            await _skip_today(chat, user_id, services)
    except (NotSetUp, NotOnboarded):
        await remind_to_finish_setup(chat, user_id, services)


async def _reminder_time(chat: Chat, user_id: int, text: str, services: Services) -> None:
    at = reminder_time(text)
    if at is None:
        await chat.send_message(texts.REMINDER_TIME_WHICH)
        return
    changed = await services.schedule.change_time(user_id, at)
    view = texts.schedule_view(changed.days, changed.at, changed.zone, changed.morning_at,
                               changed.next_at, changed.paused, changed.paused_until)
    await chat.send_message(texts.schedule_changed(view, changed.back_to_back))


async def _time_away(chat: Chat, user_id: int, text: str, services: Services) -> None:
    outcome = await services.time_away.pause(user_id, text)
    if outcome is PauseProblem.NOT_UNDERSTOOD:
        await chat.send_message(texts.TIME_AWAY_WHEN)
    elif isinstance(outcome, PauseProblem):
        await chat.send_message(texts.PAUSE_PROBLEMS[outcome.value])
    else:
        await chat.send_message(texts.paused(outcome.until))


async def _skip_today(chat: Chat, user_id: int, services: Services) -> None:
    try:
        view = await services.coaching.today(user_id)
    except OnHold as hold:
        await show_hold(chat, hold.outcome)
        return
    except Paused as paused:
        await chat.send_message(texts.today_paused(paused.until))
        return
    if view.session_at is None:
        await chat.send_message(texts.SKIP_NONE_TODAY)
        return
    press = await services.reminders.skip_today_said(user_id)
    if press is None:
        await chat.send_message(texts.SKIP_NOTHING_LEFT)
    elif not press.accepted:
        await chat.send_message(texts.today_paused(None))
    else:
        await chat.send_message(texts.skipped(press.next_at))
