"""The offer of the levels beyond level 8: made once, answered by a button or a typed yes/no."""

from __future__ import annotations

from html import escape

from telegram import Chat, Update

from bot.domain.parsing import parse_yes_no
from bot.reports.reasons import explain
from bot.services.coaching import NoProgramme, Outcome, PlanView
from bot.services.container import Services
from bot.telegram import buttons, keyboards, texts
from bot.telegram.buttons import BeyondTopAnswer, YesNo
from bot.telegram.context import Context
from bot.telegram.replies import drop_keyboard, refuse_button


async def offer_beyond_top(chat: Chat) -> None:
    """Ask whether to keep building past level 8."""
    await chat.send_message(texts.BEYOND_TOP_OFFER, reply_markup=keyboards.beyond_top_offer())


def plan_section(view: PlanView) -> str | None:
    """What /plan says about the levels beyond the top: the offer, the answer, or nothing."""
    if view.beyond_top_offer:
        return texts.BEYOND_TOP_OFFER
    if view.beyond_top is None:
        return None
    return texts.BEYOND_TOP_BUILDING if view.beyond_top else texts.BEYOND_TOP_STAYING


async def on_beyond_top_button(update: Update, context: Context) -> None:
    """"Yes, keep building" / "No, stay at level 8"."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, BeyondTopAnswer):
        await refuse_button(query)
        return
    try:
        outcome = await context.services.coaching.answer_beyond_top(
            query.from_user.id, button.choice is YesNo.YES)
    except NoProgramme:
        outcome = None
    if outcome is None:
        await query.answer(texts.BEYOND_TOP_STALE)
        return
    await query.answer()
    await drop_keyboard(query)
    await _reply(chat, outcome)


async def answer_typed_beyond_top(chat: Chat, user_id: int, text: str,
                                  services: Services) -> bool:
    """A typed yes or no while the offer stands; False when the text is not that answer."""
    choice = parse_yes_no(text)
    if choice is None:
        return False
    try:
        outcome = await services.coaching.answer_beyond_top(user_id, choice)
    except NoProgramme:
        return False
    if outcome is None:
        return False
    await _reply(chat, outcome)
    return True


async def _reply(chat: Chat, outcome: Outcome) -> None:
    await chat.send_message(escape(explain(outcome.decision)))
