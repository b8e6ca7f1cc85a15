"""/today and its plain-words forms: today's session, or the next one on a rest day."""

from __future__ import annotations

from telegram import Chat, Update

from bot.domain.safety import SafetyOutcome, needs_deliberate_clearance
from bot.services.container import Services
from bot.services.schedule import Paused
from bot.services.today import NotOnboarded, OnHold, TodayView
from bot.telegram import keyboards, texts
from bot.telegram.context import Context
from bot.telegram.handlers.onboarding import ask


async def on_today(update: Update, context: Context) -> None:
    """/today."""
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and user is not None:
        await show_today(chat, user.id, context.services)


async def show_today(chat: Chat, user_id: int, services: Services) -> None:
    """Tell a user today's session (or the next one), in their own time zone."""
    try:
        view = await services.coaching.today(user_id)
    except NotOnboarded:
        await remind_to_finish_setup(chat, user_id, services)
        return
    except OnHold as hold:
        await show_hold(chat, hold.outcome)
        return
    except Paused as paused:
        await chat.send_message(texts.today_paused(paused.until))
        return
    if view.flare and not view.first:
        await chat.send_message(texts.flare_today(view.session_at, view.next_at, view.zone),
                                reply_markup=keyboards.audio_only())
        return
    if view.first:
        await chat.send_message(
            texts.first_session(view.level, view.phases, view.next_at, view.zone),
            reply_markup=keyboards.audio_only(),
        )
        return
    if view.session_at is None:
        await chat.send_message(texts.rest_day(view.next_at, view.zone, view.level))
        return
    if is_over(view):
        await chat.send_message(texts.today_over(view.done, view.next_at, view.zone),
                                reply_markup=keyboards.start_today())
        return
    text = texts.today_session(view.level, view.phases, view.session_at, view.zone)
    await chat.send_message(f"{text}\n\n{texts.next_after_today(view.next_at)}",
                            reply_markup=keyboards.start_today())


def is_over(view: TodayView) -> bool:
    """Whether today's session is done or skipped, so the day's news is the next session."""
    return (not view.flare and not view.first and view.session_at is not None
            and (view.done or view.skipped))


async def day_over(user_id: int, services: Services) -> str | None:
    """The line /today starts with once today's session is done or skipped ("Done today ✅ —
    next session Friday 07:30"), for /schedule and /resume to say too; None otherwise."""
    try:
        view = await services.coaching.today(user_id)
    except (NotOnboarded, OnHold, Paused):
        return None
    return texts.day_over(view.done, view.next_at, view.zone) if is_over(view) else None


async def remind_to_finish_setup(chat: Chat, user_id: int, services: Services) -> None:
    """Someone asked for something that needs a programme they don't have yet."""
    prompt = await services.onboarding.current(user_id)
    if prompt is None:
        await chat.send_message(texts.NOT_STARTED)
        return
    await chat.send_message(texts.FINISH_SETUP_FIRST)
    await ask(chat, prompt)


async def show_hold(chat: Chat, outcome: SafetyOutcome) -> None:
    """Say why the programme is on hold, with the way to lift it.

    After an emergency flag there is no button: clearance is deliberate, through /cleared.
    """
    await chat.send_message(texts.HOLD_REASON[outcome])
    if needs_deliberate_clearance(outcome):
        await chat.send_message(texts.ON_HOLD_EMERGENCY)
        return
    await chat.send_message(texts.ON_HOLD, reply_markup=keyboards.lift_hold())
