"""/plan, /easier, /harder and /flare: the coaching engine in the chat."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from html import escape

from telegram import CallbackQuery, Chat, Update

from bot.domain.onboarding import Step
from bot.domain.rules import FLARE_SETTLED_CHECKINS
from bot.domain.safety import SAFETY_PAIN_THRESHOLD, RedFlag, needs_deliberate_clearance
from bot.domain.timeline import timeline
from bot.reports.reasons import dose, explain
from bot.services.coaching import NoProgramme, Outcome, PlanView
from bot.services.container import Services
from bot.services.questions import Question
from bot.services.safety import Lift
from bot.services.today import NotOnboarded, OnHold, TodayView
from bot.telegram import buttons, keyboards, texts
from bot.telegram.buttons import (
    ClearedOn,
    FlareFlagAnswer,
    FlarePain,
    FlareQuestion,
    FlareScreenAnswer,
    LiftHold,
    SymptomAnswer,
    YesNo,
)
from bot.telegram.context import Context
from bot.telegram.handlers import beyond_top
from bot.telegram.handlers.onboarding import ask
from bot.telegram.handlers.today import remind_to_finish_setup, show_hold
from bot.telegram.replies import drop_keyboard, refuse_button

Change = Callable[[int], Awaitable[Outcome]]


async def on_plan(update: Update, context: Context) -> None:
    """/plan: level, the next session, what moves it up, and the last three decisions."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    coaching = context.services.coaching
    try:
        day = await coaching.today(user.id)  # applies a gap rule first, if one is due
        view = await coaching.plan(user.id)
    except (NoProgramme, NotOnboarded):
        await remind_to_finish_setup(chat, user.id, context.services)
        return
    except OnHold as hold:
        await show_hold(chat, hold.outcome)
        return
    await chat.send_message(render_plan(view, day),
                            reply_markup=keyboards.beyond_top_offer() if view.beyond_top_offer
                            else None)


def render_plan(view: PlanView, day: TodayView) -> str:
    """The /plan message from the plan and today's view."""
    at = day.session_at or day.next_at
    when = texts.plan_when(day.session_at is not None, at)
    flare = None
    if view.flare is not None:
        flare = texts.flare_state(texts.short_date(view.flare.started),
                                  len(view.flare.settled_checkins), FLARE_SETTLED_CHECKINS,
                                  view.flare_settled_at_most)
    need = view.move_up
    move = texts.move_up_needs(need.sessions_needed, need.greens_needed,
                               texts.short_date(need.not_before) if need.not_before else None,
                               need.at_top)
    recent = [texts.decision_line(texts.short_date(d.decided_at), explain(d.decision))
              for d in view.recent]
    breakdown = texts.session_breakdown(view.session_level, timeline(view.session_level))
    return texts.plan(view.level, view.baseline, breakdown, when, move, flare, recent,
                      top=view.top, beyond_top=beyond_top.plan_section(view))


async def on_easier(update: Update, context: Context) -> None:
    """/easier: one level down, any time."""
    await _override(update, context, context.services.coaching.make_easier)


async def on_harder(update: Update, context: Context) -> None:
    """/harder: one level up after a comfortable session, at most once a week."""
    await _override(update, context, context.services.coaching.make_harder)


async def _override(update: Update, context: Context, change: Change) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and user is not None:
        await override(chat, user.id, context.services, change)


async def override(chat: Chat, user_id: int, services: Services, change: Change) -> None:
    """Make the next sessions easier or harder, and say what the rules decided."""
    try:
        outcome = await change(user_id)
    except NoProgramme:
        await remind_to_finish_setup(chat, user_id, services)
        return
    await chat.send_message(escape(explain(outcome.decision)))


async def on_flare(update: Update, context: Context) -> None:
    """/flare or "my back flared up": safety questions first, then flare mode or a check-in."""
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and user is not None:
        await ask_about_flare(chat, user.id, context.services)


async def ask_about_flare(chat: Chat, user_id: int, services: Services) -> None:
    """Start the flare conversation: in flare mode a check-in, otherwise the red-flag check."""
    try:
        view = await services.coaching.plan(user_id)
    except NoProgramme:
        await remind_to_finish_setup(chat, user_id, services)
        return
    stamp = await services.coaching.version(user_id)
    if view.flare is not None:
        await chat.send_message(texts.FLARE_CHECKIN_QUESTION,
                                reply_markup=keyboards.flare_pain(stamp))
        await services.questions.asked(user_id, Question.FLARE_CHECKIN)
        return
    await chat.send_message(texts.FLARE_SCREEN_EMERGENCY,
                            reply_markup=keyboards.flare_screen(FlareQuestion.EMERGENCY, stamp))
    await services.questions.asked(user_id, Question.FLARE_EMERGENCY)


async def on_flare_button(update: Update, context: Context) -> None:
    """Answers to the flare safety questions, and flare check-ins."""
    services = context.services
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, FlarePain | FlareScreenAnswer | FlareFlagAnswer):
        await refuse_button(query)
        return
    user_id = query.from_user.id
    if button.stamp != await services.coaching.version(user_id):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await drop_keyboard(query)
    if isinstance(button, FlarePain):
        if button.pain >= SAFETY_PAIN_THRESHOLD:  # the safety message comes before anything else
            await chat.send_message(texts.SEVERE_PAIN)
        outcome = await services.coaching.flare_checkin(user_id, button.pain)
        await chat.send_message(escape(explain(outcome.decision)))
        return
    if isinstance(button, FlareFlagAnswer):
        emergency, said_yes, flag = False, True, button.flag
    else:
        emergency, said_yes = button.question is FlareQuestion.EMERGENCY, button.choice is YesNo.YES
        flag = None
    await answer_flare_screen(chat, user_id, emergency, said_yes, flag, services)


async def answer_flare_screen(chat: Chat, user_id: int, emergency: bool, said_yes: bool,
                              flag: RedFlag | None, services: Services) -> None:
    """An answer to one of the two flare screen questions, tapped or typed: a hold, the
    second question, or flare mode."""
    held = await services.safety.answer_screen(user_id, emergency, said_yes, flag)
    if held is not None:
        await services.coaching.start_flare(user_id)  # the flare stands past the hold
        await show_hold(chat, held)
    elif emergency:
        cancer_known = await services.safety.cancer_history_known(user_id)
        stamp = await services.coaching.version(user_id)
        await chat.send_message(texts.flare_screen_other(cancer_known),
                                reply_markup=keyboards.flare_screen_other(stamp))
        await services.questions.asked(user_id, Question.FLARE_OTHER)
    else:
        outcome = await services.coaching.start_flare(user_id)
        why, level = explain(outcome.decision), outcome.decision.level
        await chat.send_message(texts.flare_started(why, dose(level)))


async def on_hold_button(update: Update, context: Context) -> None:
    """A clinician has cleared the user: one tap for most flags, a dated one after an emergency."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if isinstance(button, ClearedOn):
        await _cleared_on(query, chat, button, context.services)
        return
    if not isinstance(button, LiftHold):
        await refuse_button(query)
        return
    lift = await context.services.safety.clear_hold(query.from_user.id)
    if lift is not Lift.LIFTED:
        await query.answer(texts.CLEAR_WITH_COMMAND if lift is Lift.DELIBERATE
                           else texts.STALE_BUTTON)
        return
    await query.answer()
    await drop_keyboard(query)
    await back_on(chat, query.from_user.id, texts.HOLD_LIFTED, services=context.services)


async def _cleared_on(query: CallbackQuery, chat: Chat, button: ClearedOn,
                      services: Services) -> None:
    who = await services.safety.cleared_on(query.from_user.id, button.day)
    if who is None:
        await query.answer(texts.CLEARANCE_DAY_REFUSED)
        return
    await query.answer()
    await drop_keyboard(query)
    user_id = query.from_user.id
    prompt = await services.onboarding.current(user_id)
    if prompt is not None and prompt.step is not Step.DONE:  # cleared mid-onboarding
        await chat.send_message(texts.cleared_by_in_onboarding(who, texts.short_date(button.day)))
        await ask(chat, prompt)
        return
    await back_on(chat, user_id, texts.cleared_by(who, texts.short_date(button.day)),
                  services=services)


async def back_on(chat: Chat, user_id: int, lifted: str, *, services: Services) -> None:
    """The hold is lifted: say so, with the dose the answers kept during it have set."""
    try:
        level: int | None = (await services.coaching.plan(user_id)).session_level
    except NoProgramme:
        level = None
    await chat.send_message(lifted if level is None else texts.back_on(lifted, dose(level)))


async def on_cleared(update: Update, context: Context) -> None:
    """/cleared: after an emergency flag, ask who cleared the user; otherwise the one tap."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    services = context.services
    outcome = await services.safety.begin_clearance(user.id)
    prompt = await services.onboarding.current(user.id)
    if outcome is None:
        await chat.send_message(texts.NOTHING_ON_HOLD)
    elif needs_deliberate_clearance(outcome):
        await chat.send_message(texts.CLEARANCE_WHO)
    elif prompt is not None and prompt.step is not Step.DONE:
        await ask(chat, prompt)  # the stop's own question takes the one tap
    else:
        await chat.send_message(texts.ON_HOLD, reply_markup=keyboards.lift_hold())


async def on_symptom_button(update: Update, context: Context) -> None:
    """Is a red flag a message mentioned new, and happening now? Only a yes holds."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, SymptomAnswer):
        await refuse_button(query)
        return
    await query.answer()
    await drop_keyboard(query)
    await context.services.questions.closed(query.from_user.id)
    await answer_symptom(chat, query.from_user.id, button.flag, button.choice is YesNo.YES,
                         context)


async def answer_symptom(chat: Chat, user_id: int, flag: RedFlag, yes: bool,
                         context: Context) -> None:
    """Is the red flag a message mentioned new, and happening now? Tapped or typed."""
    held = await context.services.safety.confirm_symptom(user_id, flag, yes)
    if held is None:
        await chat.send_message(texts.SYMPTOM_NOT_NOW)
        return
    if held.paused_session is not None:
        context.runner.forget(held.paused_session)
    await show_hold(chat, held.outcome)
