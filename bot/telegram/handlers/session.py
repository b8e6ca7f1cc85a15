"""/go and the live session's buttons: start, pause, resume, stop, and the check-in after it."""

from __future__ import annotations

from html import escape

from telegram import CallbackQuery, Chat, Update

from bot import killpoints
from bot.domain.safety import SAFETY_PAIN_THRESHOLD
from bot.reports.reasons import explain
from bot.services import checkins, sessions
from bot.services.container import Services
from bot.services.questions import Question
from bot.services.schedule import Paused
from bot.services.session_checkin import Answered, NotAsked
from bot.services.sessions import AlreadyOpen, NoSession
from bot.services.today import NotOnboarded, OnHold
from bot.telegram import buttons, keyboards, texts
from bot.telegram.buttons import (
    LiveAction,
    LiveControl,
    MissedMorningPain,
    PainBeforeStart,
    PeakPain,
    SignsDone,
    SignToggle,
    StartFromToday,
    StopReason,
    StopWhy,
)
from bot.telegram.context import Context
from bot.telegram.handlers.beyond_top import offer_beyond_top
from bot.telegram.handlers.today import remind_to_finish_setup, show_hold
from bot.telegram.live import SessionRunner
from bot.telegram.replies import drop_keyboard, refuse_button, tell

# The answers to the long-pause question end the session, as a stop reason does.
AFTER_STOP = frozenset({LiveAction.FINISH, LiveAction.DISCARD})


async def on_go(update: Update, context: Context) -> None:
    """/go: a session now, after the optional one-tap pain questions."""
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and user is not None:
        await offer_start(chat, user.id, context.services)


async def offer_start(chat: Chat, user_id: int, services: Services) -> None:
    """Ask the pre-session questions (the missing morning answer first), or say what's open."""
    try:
        await services.schedule.check_not_paused(user_id)
    except Paused as paused:
        await chat.send_message(texts.go_paused(paused.until))
        return
    missing = await services.sessions.last_without_morning(user_id)
    if missing is not None:
        await chat.send_message(texts.MORNING_AFTER_MISSING,
                                reply_markup=keyboards.missed_morning_pain(missing))
        await services.questions.asked(user_id, Question.MORNING_AFTER, missing)
        return
    await note_if_second_today(chat, user_id, services)
    await ask_pain_now(chat, user_id, services)


async def note_if_second_today(chat: Chat, user_id: int, services: Services) -> None:
    """Say, before a second session on one day, that it will not count towards moving up."""
    try:
        view = await services.coaching.today(user_id)
    except (NotOnboarded, OnHold, Paused):
        return  # the start itself says why not
    if view.done:
        await chat.send_message(texts.SECOND_SESSION_NOTE)


async def ask_pain_now(chat: Chat, user_id: int, services: Services) -> None:
    """The optional "back pain right now" before a session: one tap, or a typed number."""
    await chat.send_message(texts.BEFORE_PAIN, reply_markup=keyboards.pain_now())
    await services.questions.asked(user_id, Question.PAIN_NOW)


async def on_begin_button(update: Update, context: Context) -> None:
    """Answers to the pre-session questions; the last one starts the session."""
    services = context.services
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, PainBeforeStart | MissedMorningPain | StartFromToday):
        await refuse_button(query)
        return
    await query.answer()
    await drop_keyboard(query)
    if isinstance(button, StartFromToday):
        await offer_start(chat, query.from_user.id, services)
        return
    user_id, pain = query.from_user.id, button.pain
    if isinstance(button, MissedMorningPain):
        if pain is not None:
            await morning_after(chat, user_id, button.session_id, pain, services)
        await ask_pain_now(chat, user_id, services)
        return
    if pain is not None and pain >= SAFETY_PAIN_THRESHOLD:
        await chat.send_message(texts.SEVERE_PAIN)
        return
    await start_session(chat, user_id, services, context.runner, pain)


async def morning_after(chat: Chat, user_id: int, session_id: int, pain: int,
                        services: Services, *, warned: bool = False) -> None:
    """The morning-after pain of an earlier session, asked before the next one.

    ``warned``: the safety message for severe pain was already sent for this answer.
    """
    if pain >= SAFETY_PAIN_THRESHOLD and not warned:  # the safety message comes first
        await chat.send_message(texts.SEVERE_PAIN)
    try:
        recorded = await services.checkins.record_morning_pain(user_id, session_id, pain)
    except checkins.UnknownCheckIn:
        return
    if recorded.already:
        await chat.send_message(texts.CHECKIN_KEPT.format(pain=recorded.pain))
    elif recorded.revised is not None:
        await chat.send_message(texts.morning_revised(explain(recorded.revised.decision)))


async def start_session(chat: Chat, user_id: int, services: Services, live: SessionRunner,
                        pain_now: int | None = None) -> None:
    """Start a session now, or explain why not."""
    try:
        await live.begin(user_id, pain_now)
    except NotOnboarded:
        await remind_to_finish_setup(chat, user_id, services)
    except OnHold as hold:
        await show_hold(chat, hold.outcome)
    except Paused as paused:
        await chat.send_message(texts.go_paused(paused.until))
    except AlreadyOpen as open_session:
        if open_session.status == sessions.LIVE:
            await chat.send_message(texts.ALREADY_RUNNING)
        else:
            await chat.send_message(texts.ALREADY_IN_CHECKIN)
            await ask_checkin(chat, open_session.session_id, open_session.status)


async def ask_checkin(chat: Chat, session_id: int, status: str) -> None:
    """Ask the check-in question a session is waiting for."""
    if status == sessions.CHECKIN_PEAK:
        await chat.send_message(texts.PEAK_QUESTION, reply_markup=keyboards.peak_pain(session_id))
    else:
        await chat.send_message(texts.SIGNS_QUESTION,
                                reply_markup=keyboards.signs(session_id, ()))


async def on_live_button(update: Update, context: Context) -> None:
    """Pause, Resume, Stop and the answers that follow them."""
    services, live = context.services, context.runner
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, LiveControl | StopReason):
        await refuse_button(query)
        return
    session_id, user_id = button.session_id, query.from_user.id
    try:
        if isinstance(button, StopReason) or button.action in AFTER_STOP:
            await _after_stop_question(query, chat, button, live)
        elif button.action is LiveAction.PAUSE:
            clock = await services.sessions.pause(user_id, session_id)
            await query.answer("Paused")
            await query.edit_message_reply_markup(
                keyboards.live_controls(session_id, True, await live.cue_mode(session_id)))
            await chat.send_message(texts.PAUSED)
            await live.paused(session_id, clock.pause_deadline())
        elif button.action is LiveAction.RESUME:
            await services.sessions.resume(user_id, session_id)
            await query.answer("Resumed")
            await query.edit_message_reply_markup(
                keyboards.live_controls(session_id, False, await live.cue_mode(session_id)))
            await chat.send_message(texts.RESUMED)
            await live.resumed(session_id)
        elif button.action is LiveAction.DONE:
            await _finished(query, chat, session_id, live)
        else:
            minutes = await services.sessions.finish_walk(user_id, session_id)
            await query.answer()
            await after_stop(chat, user_id, session_id, minutes, live)
    except NoSession:
        await query.answer(texts.STALE_BUTTON)


async def _finished(query: CallbackQuery, chat: Chat, session_id: int,
                    live: SessionRunner) -> None:
    """Finished, under a session cued by its track: the check-in now, once enough of the
    session ran to count; before that, it is an early stop, and the user says why."""
    stopped = await live.sessions.finished(query.from_user.id, session_id)
    await query.answer()
    if stopped is None:
        await chat.send_message(texts.TOO_EARLY_TO_FINISH,
                                reply_markup=keyboards.stop_reasons(session_id))
        await live.services.questions.asked(query.from_user.id, Question.STOP_WHY, session_id)
        return
    await drop_keyboard(query)
    live.forget(session_id)
    await chat.send_message(texts.finished(False))
    await ask_checkin(chat, session_id, sessions.CHECKIN_PEAK)


async def after_stop(chat: Chat, user_id: int, session_id: int, walked: float | None,
                     live: SessionRunner) -> None:
    """After Stop: a flare walk long enough is done (``walked`` minutes), on to its check-in;
    any other session is asked why it stops (a tap, or typed)."""
    if walked is None:
        await chat.send_message(texts.STOP_WHY, reply_markup=keyboards.stop_reasons(session_id))
        await live.services.questions.asked(user_id, Question.STOP_WHY, session_id)
        return
    live.forget(session_id)
    await chat.send_message(texts.walk_done(walked))
    await ask_checkin(chat, session_id, sessions.CHECKIN_PEAK)


async def _after_stop_question(query: CallbackQuery, chat: Chat,
                               button: LiveControl | StopReason, live: SessionRunner) -> None:
    why = button.why if isinstance(button, StopReason) else StopWhy.OTHER
    action = button.action if isinstance(button, LiveControl) else None
    stopped = await stop_early(query.from_user.id, button.session_id, why, action, live)
    await query.answer()
    await drop_keyboard(query)
    await tell_stopped(chat, button.session_id, stopped, action is LiveAction.DISCARD, live)


async def stop_early(user_id: int, session_id: int, why: StopWhy, action: LiveAction | None,
                     live: SessionRunner) -> sessions.Stopped | None:
    """The answer to "what's the reason?" (``why``) or to the long-pause question (``action``
    FINISH or DISCARD): the session stops (None: Stop was a mistake, it goes on). NoSession
    unless it is the user's running session."""
    training = live.sessions
    if why is StopWhy.KEEP_GOING:
        await training.check_running(user_id, session_id)
        await live.services.questions.closed(user_id, Question.STOP_WHY)
        return None
    if action is LiveAction.DISCARD:
        return await training.discard(user_id, session_id)
    reason = sessions.STOP_PAIN if why is StopWhy.PAIN else sessions.STOP_OTHER
    return await training.stop(user_id, session_id, reason,
                               to_checkin=action is LiveAction.FINISH)


async def tell_stopped(chat: Chat, session_id: int, stopped: sessions.Stopped | None,
                       discarding: bool, live: SessionRunner) -> None:
    """Say what :func:`stop_early` did: carry on, the check-in, or set aside."""
    if stopped is None:
        await chat.send_message(texts.KEEP_GOING)
        return
    live.forget(session_id)
    if discarding and not stopped.to_checkin:
        await chat.send_message(texts.DISCARDED)
    elif stopped.to_checkin:
        if discarding:
            await chat.send_message(texts.DISCARD_COUNTS)
        await ask_checkin(chat, session_id, sessions.CHECKIN_PEAK)
    else:
        await chat.send_message(texts.NOT_COUNTED)


async def on_checkin_button(update: Update, context: Context) -> None:
    """Peak pain and warning signs after a session."""
    answers = context.services.checkins
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, PeakPain | SignToggle | SignsDone):
        await refuse_button(query)
        return
    session_id, user_id = button.session_id, query.from_user.id
    try:
        if isinstance(button, PeakPain):
            # The answer is stored before the chat is touched: a crash in between leaves the
            # buttons in place and the question to be asked again, never an answer lost.
            killpoints.reached(killpoints.BEFORE_PEAK_WRITE)
            answered = await answers.record_peak(user_id, session_id, button.pain,
                                                 update_id=update.update_id)
            killpoints.reached(killpoints.AFTER_PEAK_WRITE)
            await query.answer()
            await drop_keyboard(query)
            killpoints.reached(killpoints.BEFORE_PEAK_REPLY)
            await after_peak(chat, session_id, button.pain, answered)
        elif isinstance(button, SignToggle):
            picked = await answers.toggle_sign(user_id, session_id, button.sign)
            await query.answer()
            await query.edit_message_reply_markup(
                keyboards.signs(session_id, [sign.value for sign in picked]))
        else:
            outcome = await answers.finish(user_id, session_id, no_signs=button.no_signs)
            await query.answer()
            await drop_keyboard(query)
            await chat.send_message(escape(explain(outcome.decision)))
            if outcome.offer_beyond_top:
                await offer_beyond_top(chat)
    except NotAsked:
        await tell(query, chat, texts.STALE_BUTTON)


async def take_peak(chat: Chat, user_id: int, session_id: int, pain: int,
                    services: Services, *, warned: bool = False) -> None:
    """Record the peak pain (first answer wins), then ask about warning signs.

    ``warned``: the safety message for severe pain was already sent for this answer.
    """
    answered = await services.checkins.record_peak(user_id, session_id, pain)
    await after_peak(chat, session_id, pain, answered, warned=warned)


async def after_peak(chat: Chat, session_id: int, pain: int, answered: Answered, *,
                     warned: bool = False) -> None:
    """What follows a stored peak pain: the warning-signs question, or the first answer kept."""
    if not answered.first:
        await chat.send_message(texts.CHECKIN_KEPT.format(pain=answered.pain))
        return
    if pain >= SAFETY_PAIN_THRESHOLD and not warned:
        await chat.send_message(texts.SEVERE_PAIN)
    await chat.send_message(texts.SIGNS_QUESTION, reply_markup=keyboards.signs(session_id, ()))
