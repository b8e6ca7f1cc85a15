"""/settings: one message whose buttons open each setting in place, and the typed answers
("type another" time, a place, the first day back) that some of them wait for.

What is awaited is stored with the user's waiting questions (``services.questions``), so a
restart still waits for it, and it waits for the next message only: any other message goes
on to the usual handling, so a question asked meanwhile is still answered.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import time

from telegram import CallbackQuery, Chat, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.domain.pausing import FOR_WEEKS, PauseProblem
from bot.reports.reasons import explain_if_any
from bot.services.container import Services
from bot.services.questions import Question, Waiting
from bot.services.schedule import NotPaused, NotSetUp, ScheduleView
from bot.services.settings import WrongDayCount
from bot.telegram import buttons, keyboards, texts
from bot.telegram.buttons import (
    CuePick,
    DaysGrid,
    MenuButton,
    MenuChoice,
    PauseChoice,
    PausePick,
    SettingsOpen,
    SettingsPart,
    TimePick,
    ZonePick,
)
from bot.telegram.context import Context
from bot.telegram.handlers import general
from bot.telegram.handlers.coaching import on_plan
from bot.telegram.handlers.progress import on_progress
from bot.telegram.handlers.session import offer_start
from bot.telegram.handlers.today import remind_to_finish_setup
from bot.telegram.replies import not_modified, refuse_button

_PAUSE_WORDS = {PauseChoice.ONE_WEEK: FOR_WEEKS[1], PauseChoice.TWO_WEEKS: FOR_WEEKS[2],
                PauseChoice.NO_END: ""}


@dataclass(frozen=True)
class Awaiting:
    """A typed answer the bot asked for: which setting, and the message to edit after it."""

    part: SettingsPart  # TIME, MORNING, ZONE, or PAUSE (the first day back)
    message_id: int | None
    in_settings: bool = True


_BY_PART = {SettingsPart.TIME: Question.SETTING_TIME,
            SettingsPart.MORNING: Question.SETTING_MORNING,
            SettingsPart.ZONE: Question.SETTING_ZONE, SettingsPart.PAUSE: Question.SETTING_PAUSE}
_PART_OF = {question: part for part, question in _BY_PART.items()}


async def expect(context: Context, user_id: int, awaiting: Awaiting | None) -> None:
    """Wait for the user's next message to answer ``awaiting`` (None: wait for no setting)."""
    questions = context.services.questions
    if awaiting is None:
        await questions.drop_setting(user_id)
    elif awaiting.part is SettingsPart.PAUSE and not awaiting.in_settings:
        await questions.asked(user_id, Question.PAUSE_UNTIL, awaiting.message_id)
    else:
        await questions.asked(user_id, _BY_PART[awaiting.part], awaiting.message_id)


def _awaiting(waiting: Waiting) -> Awaiting:
    if waiting.question is Question.PAUSE_UNTIL:
        return Awaiting(SettingsPart.PAUSE, waiting.ref, in_settings=False)
    return Awaiting(_PART_OF[waiting.question], waiting.ref)


def overview(view: ScheduleView, note: str = "") -> tuple[str, InlineKeyboardMarkup]:
    """The settings message and its buttons."""
    schedule_text = texts.schedule_view(view.days, view.at, view.zone, view.morning_at,
                                        view.next_at, view.paused, view.paused_until)
    return (texts.settings_view(schedule_text, texts.cues_line(view.cue_mode), note),
            keyboards.settings(view.paused, view.cue_mode))


async def on_settings(update: Update, context: Context) -> None:
    """/settings: every setting on one message, each behind a button."""
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and user is not None:
        await show_settings(chat, user.id, context)


async def show_settings(chat: Chat, user_id: int, context: Context) -> None:
    """Send the settings message (after set-up; before it, where set-up stands)."""
    await expect(context, user_id, None)
    try:
        view = await context.services.settings.view(user_id)
    except NotSetUp:
        await remind_to_finish_setup(chat, user_id, context.services)
        return
    text, markup = overview(view)
    await chat.send_message(text, reply_markup=markup)


async def on_settings_button(update: Update, context: Context) -> None:
    """A button on the settings message (or on a /schedule or /pause question)."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    user_id = query.from_user.id
    try:
        if isinstance(button, SettingsOpen):
            await _open(query, button.part, user_id, context)
        elif isinstance(button, DaysGrid):
            await _days(query, button, user_id, context)
        elif isinstance(button, TimePick):
            await _time(query, button, user_id, context)
        elif isinstance(button, ZonePick):
            await _zone(query, button, user_id, context)
        elif isinstance(button, PausePick):
            await _pause_button(query, chat, button, user_id, context)
        elif isinstance(button, CuePick):
            view = await context.services.settings.change_cue_mode(user_id, button.mode)
            await _saved(query, view, texts.cues_saved(button.mode))
        else:
            await refuse_button(query)
    except NotSetUp:
        await query.answer()
        await remind_to_finish_setup(chat, user_id, context.services)


async def _open(query: CallbackQuery, part: SettingsPart, user_id: int,
                context: Context) -> None:
    await expect(context, user_id, None)
    message_id = query.message.message_id if query.message is not None else None
    await query.answer()
    if part is SettingsPart.CUES:
        view = await context.services.settings.view(user_id)
        text, markup = texts.SETTINGS_CUES, keyboards.settings_cues(view.cue_mode)
    elif part is SettingsPart.MAIN:
        text, markup = overview(await context.services.settings.view(user_id))
    elif part is SettingsPart.DAYS:
        view = await context.services.settings.view(user_id)
        text, markup = texts.SETTINGS_DAYS, keyboards.settings_days(view.days)
    elif part in (SettingsPart.TIME, SettingsPart.MORNING):
        text = texts.SETTINGS_TIME if part is SettingsPart.TIME else texts.SETTINGS_MORNING
        markup = keyboards.settings_times(part)
    elif part is SettingsPart.ZONE:
        text, markup = texts.SETTINGS_ZONE, keyboards.settings_back()
        await expect(context, user_id, Awaiting(SettingsPart.ZONE, message_id))
    else:
        text, markup = texts.SETTINGS_PAUSE, keyboards.pause_choices(in_settings=True)
    await _edit(query, text, markup)


async def _days(query: CallbackQuery, button: DaysGrid, user_id: int,
                context: Context) -> None:
    if button.toggle is not None:
        await query.answer()
        picked = button.picked ^ {button.toggle}
        await _edit(query, texts.SETTINGS_DAYS, keyboards.settings_days(picked))
        return
    try:
        view = await context.services.settings.change_days(user_id, tuple(button.picked))
    except WrongDayCount as wrong:
        await query.answer(texts.settings_need_days(wrong.allowed), show_alert=True)
        return
    note = texts.CONSECUTIVE_DAYS if view.back_to_back else ""
    await _saved(query, view, texts.days_saved(view.days, note))


async def _time(query: CallbackQuery, button: TimePick, user_id: int,
                context: Context) -> None:
    if button.at is None:
        await query.answer()
        message_id = query.message.message_id if query.message is not None else None
        await expect(context, user_id, Awaiting(button.part, message_id))
        await _edit(query, texts.SETTINGS_TYPE_TIME, keyboards.settings_back())
        return
    at = time(int(button.at[:2]), int(button.at[2:]))
    view, note = await _set_time(context.services, user_id, button.part, at)
    await _saved(query, view, note)


async def _zone(query: CallbackQuery, button: ZonePick, user_id: int,
                context: Context) -> None:
    try:
        view = await context.services.settings.change_zone(user_id, button.zone)
    except (KeyError, ValueError):  # a forged zone: ZoneInfo knows no such zone
        await refuse_button(query)
        return
    await _saved(query, view, texts.zone_saved(button.zone))


async def _set_time(services: Services, user_id: int, part: SettingsPart,
                    at: time) -> tuple[ScheduleView, str]:
    if part is SettingsPart.MORNING:
        view = await services.settings.change_morning_time(user_id, at)
        return view, texts.morning_saved(at)
    view = await services.settings.change_time(user_id, at)
    return view, texts.reminder_saved(at)


async def _pause_button(query: CallbackQuery, chat: Chat, button: PausePick, user_id: int,
                        context: Context) -> None:
    services = context.services
    if button.choice is PauseChoice.RESUME:
        await _resume_from_settings(query, chat, user_id, services)
        return
    if button.choice is PauseChoice.UNTIL:
        await query.answer()
        message_id = query.message.message_id if query.message is not None else None
        await expect(context, user_id,
                     Awaiting(SettingsPart.PAUSE, message_id, button.in_settings))
        markup = keyboards.settings_back() if button.in_settings else None
        await _edit(query, texts.SETTINGS_PAUSE_UNTIL, markup)
        return
    outcome = await services.schedule.pause(user_id, _PAUSE_WORDS[button.choice])
    assert not isinstance(outcome, PauseProblem)  # each choice is a pause the rules allow
    if button.in_settings:
        await _saved(query, await services.settings.view(user_id),
                     texts.paused_line(outcome.until))
    else:
        await query.answer()
        await _edit(query, texts.paused(outcome.until), None)


async def _resume_from_settings(query: CallbackQuery, chat: Chat, user_id: int,
                                services: Services) -> None:
    try:
        outcome = await services.schedule.resume(user_id)
    except NotPaused:
        pass
    else:
        why = explain_if_any(outcome.decision)
        await chat.send_message(texts.resumed(why, outcome.next_at, automatic=False))
    await _saved(query, await services.settings.view(user_id), texts.REMINDERS_ON_AGAIN)


async def _saved(query: CallbackQuery, view: ScheduleView, note: str) -> None:
    await query.answer(texts.SAVED)
    text, markup = overview(view, note)
    await _edit(query, text, markup)


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:  # pressed twice: the message already reads this way
        if not not_modified(error):
            raise



async def take_typed(message: Message, chat: Chat, user_id: int, context: Context) -> bool:
    """Answer what a setting waits for with the user's message; False when nothing waits or
    the message is no answer to it (it then goes on to the usual handling)."""
    waiting = await context.services.questions.take_setting(user_id)
    if waiting is None:
        return False
    awaiting, text = _awaiting(waiting), message.text or ""
    try:
        if awaiting.part is SettingsPart.ZONE:
            return await _typed_zone(chat, user_id, text, awaiting, context)
        if awaiting.part is SettingsPart.PAUSE:
            return await _typed_pause(chat, user_id, text, awaiting, context)
        at = context.services.settings.read_time(text)
        if at is None:
            return False
        view, note = await _set_time(context.services, user_id, awaiting.part, at)
    except NotSetUp:
        await remind_to_finish_setup(chat, user_id, context.services)
        return True
    await _after_typed(chat, view, note, awaiting, context)
    return True


async def _typed_zone(chat: Chat, user_id: int, text: str, awaiting: Awaiting,
                      context: Context) -> bool:
    found = await context.services.settings.find_zone(text)
    if found.zone is not None:
        view = await context.services.settings.change_zone(user_id, found.zone)
        await _after_typed(chat, view, texts.zone_saved(found.zone), awaiting, context)
    elif found.choices:
        await _show(chat, awaiting, texts.SETTINGS_ZONE_CHOICES,
                    keyboards.settings_zones(found.choices), context)
    else:
        await expect(context, user_id, awaiting)  # another try at the place
        await _show(chat, awaiting, texts.SETTINGS_ZONE_UNKNOWN, keyboards.settings_back(),
                    context)
    return True


async def _show(chat: Chat, awaiting: Awaiting, text: str, markup: InlineKeyboardMarkup,
                context: Context) -> None:
    """Show a follow-up question on the message that asked, else as a new message."""
    if awaiting.message_id is not None:
        try:
            await context.bot.edit_message_text(text, chat_id=chat.id,
                                                message_id=awaiting.message_id,
                                                reply_markup=markup)
            return
        except BadRequest:  # gone or too old to edit
            pass
    await chat.send_message(text, reply_markup=markup)


async def _typed_pause(chat: Chat, user_id: int, text: str, awaiting: Awaiting,
                       context: Context) -> bool:
    outcome = await context.services.schedule.pause(user_id, text)
    if outcome is PauseProblem.NOT_UNDERSTOOD:
        return False
    if isinstance(outcome, PauseProblem):
        await expect(context, user_id, awaiting)  # another try at the date
        await chat.send_message(texts.PAUSE_PROBLEMS[outcome.value])
        return True
    if not awaiting.in_settings:
        await chat.send_message(texts.paused(outcome.until))
        return True
    view = await context.services.settings.view(user_id)
    await _after_typed(chat, view, texts.paused_line(outcome.until), awaiting, context)
    return True


async def _after_typed(chat: Chat, view: ScheduleView, note: str, awaiting: Awaiting,
                       context: Context) -> None:
    """The settings message shows the change in place; a short reply confirms it."""
    text, markup = overview(view, note)
    if awaiting.message_id is not None:
        # Gone or too old to edit: the reply below still confirms it.
        with contextlib.suppress(BadRequest):
            await context.bot.edit_message_text(text, chat_id=chat.id,
                                                message_id=awaiting.message_id,
                                                reply_markup=markup)
    await chat.send_message(texts.saved_note(note))


async def on_message(update: Update, context: Context) -> None:
    """A plain message: the answer a setting waits for, or else the usual handling."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if (message is not None and chat is not None and user is not None and message.text
            and await take_typed(message, chat, user.id, context)):
        return
    await general.on_message(update, context)


async def on_menu_button(update: Update, context: Context) -> None:
    """Start, Plan, Progress and Settings on the main menu; the app routes only those here,
    and the other menu buttons to ``general.on_menu_button``."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, MenuButton):
        await refuse_button(query)
        return
    await query.answer()
    if button.choice is MenuChoice.START:
        await offer_start(chat, query.from_user.id, context.services)
    elif button.choice is MenuChoice.PLAN:
        await on_plan(update, context)
    elif button.choice is MenuChoice.PROGRESS:
        await on_progress(update, context)
    else:
        await show_settings(chat, query.from_user.id, context)
