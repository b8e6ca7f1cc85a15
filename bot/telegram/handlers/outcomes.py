"""The outcome snapshots (weeks 0, 6 and 12) and the choice at the end of the programme."""

from __future__ import annotations

from html import escape

from telegram import CallbackQuery, Chat, Update

from bot.domain.outcomes import CloseChoice
from bot.domain.safety import SAFETY_PAIN_THRESHOLD
from bot.reports.reasons import explain
from bot.services.coaching import NoProgramme
from bot.services.outcomes import CloseOffer, SnapshotStep, UnknownSnapshot
from bot.telegram import buttons, keyboards, texts
from bot.telegram.buttons import CloseAnswer, SnapshotAnswer, SnapshotBegin, SnapshotSkip
from bot.telegram.context import Context
from bot.telegram.replies import drop_keyboard, refuse_button


async def ask_next(chat: Chat, step: SnapshotStep, *, first: bool = False) -> None:
    """Send what comes after an answer: the next question, or the thanks (and at week 12 the
    programme summary with its choices)."""
    snapshot, item = step.snapshot, step.ask
    if item is not None:
        if first:
            await chat.send_message(texts.snapshot_intro(snapshot.week))
        position = [*type(item)].index(item) + 1
        await chat.send_message(texts.snapshot_question(item, position),
                                reply_markup=keyboards.snapshot_item(snapshot.id, item))
        return
    await chat.send_message(texts.SNAPSHOT_SKIPPED if snapshot.skipped
                            else texts.snapshot_done(snapshot))
    if step.close is not None:
        await offer_close(chat, step.close)


async def after_weekly(chat: Chat, step: SnapshotStep | None) -> None:
    """After the weekly average pain: the rest of that week's snapshot, if it is one."""
    if step is not None:
        await ask_next(chat, step, first=True)


async def offer_close(chat: Chat, offer: CloseOffer) -> None:
    """The programme summary and the choices at the end of the 12 weeks."""
    await chat.send_message(texts.programme_summary(offer.summary),
                            reply_markup=keyboards.close_choices(offer.beyond, offer.maintenance))


async def on_snapshot_button(update: Update, context: Context) -> None:
    """"5 quick questions", a 0–10 answer to a snapshot question, or "Not now"."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, SnapshotBegin | SnapshotAnswer | SnapshotSkip):
        await refuse_button(query)
        return
    snapshots, user_id = context.services.outcomes, query.from_user.id
    try:
        if isinstance(button, SnapshotBegin):
            step = await snapshots.begin_baseline(user_id)
        elif isinstance(button, SnapshotSkip):
            step = await snapshots.skip(user_id, button.snapshot_id)
        else:
            step = await snapshots.answer(user_id, button.snapshot_id, button.item, button.value)
    except UnknownSnapshot:
        await refuse_button(query)
        return
    await _present(query, chat, step, begun=isinstance(button, SnapshotBegin))


async def _present(query: CallbackQuery, chat: Chat, step: SnapshotStep, *, begun: bool
                   ) -> None:
    if begun:  # the offer on the menu stays; only the questions come
        await query.answer()
        if step.ask is None:
            await chat.send_message(texts.SNAPSHOT_STALE)
            return
        await ask_next(chat, step, first=True)
        return
    if step.already:
        await query.answer(texts.SNAPSHOT_KEPT if step.ask is not None or not step.snapshot.skipped
                           else texts.SNAPSHOT_STALE)
        return
    await query.answer()
    await drop_keyboard(query)
    await _warn_if_severe(chat, step)
    await ask_next(chat, step)


async def _warn_if_severe(chat: Chat, step: SnapshotStep) -> None:
    item = step.answered
    value = None if item is None else step.snapshot.answer(item)
    if item in texts.PAIN_ITEMS and value is not None and value >= SAFETY_PAIN_THRESHOLD:
        await chat.send_message(texts.SEVERE_PAIN)


async def answer_typed_snapshot(chat: Chat, user_id: int, snapshot_id: int, value: int,
                                context: Context) -> None:
    """A typed 0–10 answer to the snapshot question waiting."""
    try:
        step = await context.services.outcomes.answer(user_id, snapshot_id, None, value)
    except UnknownSnapshot:
        return
    if step.already:
        await chat.send_message(texts.SNAPSHOT_STALE)
        return
    await _warn_if_severe(chat, step)
    await ask_next(chat, step)


async def on_close_button(update: Update, context: Context) -> None:
    """Keep going, the levels beyond level 8, or a maintenance plan."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = buttons.decode(query.data)
    if not isinstance(button, CloseAnswer):
        await refuse_button(query)
        return
    try:
        closed = await context.services.outcomes.close(query.from_user.id, button.choice,
                                                        button.days)
    except NoProgramme:
        await refuse_button(query)
        return
    if closed.already:
        await query.answer(texts.CLOSE_KEPT)
        return
    if closed.decision is None:
        await query.answer(texts.CLOSE_STALE, show_alert=True)
        return
    await query.answer()
    await drop_keyboard(query)
    text = escape(explain(closed.decision))
    if closed.choice is CloseChoice.MAINTENANCE:
        text += "\n\n" + texts.MAINTENANCE_SET
    await chat.send_message(text)
