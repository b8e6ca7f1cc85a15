"""The buttons on reminders: start now, later, skip, move; and the check-in pain scales."""

from __future__ import annotations

from html import escape

from telegram import CallbackQuery, Chat, Update

from bot.domain.reminders import Status
from bot.domain.safety import SAFETY_PAIN_THRESHOLD
from bot.reports.reasons import explain, explain_if_any
from bot.services.checkins import UnknownCheckIn
from bot.services.container import Services
from bot.services.flare_messages import FlareAnswer, UnknownMessage
from bot.services.reminder_actions import Press, Stale
from bot.telegram import buttons, texts
from bot.telegram.buttons import (
    FlareMessagePain,
    MorningPain,
    PutOff,
    ReminderAction,
    ReminderAnswer,
    StartNow,
    WeeklyPain,
)
from bot.telegram.context import Context
from bot.telegram.handlers.outcomes import after_weekly
from bot.telegram.handlers.session import offer_start
from bot.telegram.replies import drop_keyboard, plain, refuse_button


async def start_now(chat: Chat, user_id: int, services: Services) -> None:
    """"Start now" on a reminder: the pre-session questions, then the live session."""
    await offer_start(chat, user_id, services)


async def on_start_now(update: Update, context: Context) -> None:
    """The "Start now" button of a session reminder."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, StartNow):
        await refuse_button(query)
        return
    press = await context.services.reminders.start_now(
        query.from_user.id, button.reminder_id, _message_id(query))
    if not press.accepted:
        await query.answer(plain(what_happened(press)))
        return
    await query.answer(texts.LETS_GO)
    await drop_keyboard(query)
    await start_now(chat, query.from_user.id, context.services)


async def on_reminder_button(update: Update, context: Context) -> None:
    """Later, Skip today or Move to tomorrow on a session reminder."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, PutOff | ReminderAnswer):
        await refuse_button(query)
        return
    reminders = context.services.reminders
    user_id, message_id = query.from_user.id, _message_id(query)
    reminder_id = button.reminder_id
    if isinstance(button, PutOff):
        press = await reminders.put_off(user_id, reminder_id, message_id, button.minutes)
    elif button.action is ReminderAction.SKIP_TODAY:
        press = await reminders.skip_today(user_id, reminder_id, message_id)
    else:
        press = await reminders.move_to_tomorrow(user_id, reminder_id, message_id)
    await _present(query, chat, press)


async def _present(query: CallbackQuery, chat: Chat, press: Press) -> None:
    if press.refusal is not None:
        await query.answer(plain(texts.MOVE_REFUSALS[press.refusal]), show_alert=True)
        return
    if not press.accepted:
        await query.answer(plain(what_happened(press)))
        return
    await query.answer()
    await drop_keyboard(query)
    if press.status is Status.PENDING and press.again_at is not None:
        await chat.send_message(texts.put_off(press.again_at))
    elif press.status is Status.SKIPPED:
        await chat.send_message(texts.skipped(press.next_at))
    elif press.status is Status.MOVED and press.next_at is not None:
        await chat.send_message(texts.moved(press.next_at))


def what_happened(press: Press) -> str:
    """Why a press did nothing: what already happened to its reminder."""
    if press.stale is Stale.HANDLED and press.status is not None:
        if press.status is Status.PENDING and press.again_at is not None:
            return texts.still_put_off(press.again_at)
        return texts.REMINDER_HANDLED[press.status]
    stale = press.stale or Stale.UNKNOWN
    return texts.REMINDER_STALE[stale]


async def on_morning_pain(update: Update, context: Context) -> None:
    """An answer to the next-morning check-in."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, MorningPain):
        await refuse_button(query)
        return
    pain = button.pain
    try:
        recorded = await context.services.checkins.record_morning_pain(
            query.from_user.id, button.session_id, pain)
    except (UnknownCheckIn, ValueError):
        await query.answer(texts.UNKNOWN_BUTTON)
        return
    if recorded.already:
        await query.answer(texts.CHECKIN_KEPT.format(pain=recorded.pain))
        return
    await _thank(query, chat, pain, texts.morning_noted(pain))
    if recorded.revised is not None:
        await chat.send_message(texts.morning_revised(explain(recorded.revised.decision)))


async def on_weekly_pain(update: Update, context: Context) -> None:
    """An answer to the weekly average-pain check-in."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, WeeklyPain):
        await refuse_button(query)
        return
    pain = button.pain
    try:
        recorded = await context.services.checkins.record_weekly_pain(
            query.from_user.id, button.reminder_id, pain)
    except (UnknownCheckIn, ValueError):
        await query.answer(texts.UNKNOWN_BUTTON)
        return
    if recorded.already:
        await query.answer(texts.WEEKLY_KEPT)
        return
    await _thank(query, chat, pain, texts.weekly_noted(pain, explain_if_any(recorded.decision)))
    await after_weekly(chat, recorded.snapshot)


async def on_flare_message_pain(update: Update, context: Context) -> None:
    """An answer to the pain question on flare mode's daily message."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, FlareMessagePain):
        await refuse_button(query)
        return
    try:
        answer = await context.services.checkins.answer_flare_message(
            query.from_user.id, button.reminder_id, button.pain)
    except (UnknownMessage, ValueError):
        await query.answer(texts.UNKNOWN_BUTTON)
        return
    if answer.already:
        await query.answer(texts.FLARE_MESSAGE_KEPT)
        return
    await _thank(query, chat, button.pain, flare_answered(answer))


def flare_answered(answer: FlareAnswer) -> str:
    """What the flare check-in decided, or that the flare had already ended."""
    if answer.outcome is None:
        return texts.FLARE_ALREADY_OVER
    return escape(explain(answer.outcome.decision))


async def _thank(query: CallbackQuery, chat: Chat, pain: int, thanks: str) -> None:
    await query.answer()
    await drop_keyboard(query)
    if pain >= SAFETY_PAIN_THRESHOLD:  # the safety message comes before anything else
        await chat.send_message(texts.SEVERE_PAIN)
    await chat.send_message(thanks)


def _message_id(query: CallbackQuery) -> int | None:
    return query.message.message_id if query.message is not None else None
