"""Remote support in the chat: /clinic, invites, /start with a code, /sharing, /unlink,
/clients, a client's page and /adjust.

Every handler parses, calls one clinic use case and renders; the use case checks the link.
A refusal (not registered, not your client, a spent code) is a plain reply, nothing more.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import CallbackQuery, Chat, Update
from telegram.error import TelegramError

from bot.domain.clinic import Action, InviteProblem, LevelRefused
from bot.domain.ladder import FLOOR_LEVEL, TOP_LEVEL
from bot.domain.onboarding import Step
from bot.reports.reasons import explain
from bot.services.account import Erased
from bot.services.clinic import NotMade, NotNow, NotYourClient, SeveralClients
from bot.services.clinic_signup import (
    InviteRefused,
    NotAClinician,
    Registration,
    TooManyInvites,
)
from bot.services.questions import CLINIC, Question
from bot.telegram import clinic_keyboards as keyboards
from bot.telegram import texts
from bot.telegram.clinic_buttons import (
    ClientButton,
    ClientView,
    HoldOrClear,
    InviteAction,
    SetLevel,
    Share,
    StopSharing,
    decode,
)
from bot.telegram.context import Context
from bot.telegram.handlers import onboarding
from bot.telegram.replies import drop_keyboard, refuse_button

log = logging.getLogger(__name__)

REFUSALS = (NotAClinician, NotYourClient, InviteRefused, TooManyInvites, NotNow, LevelRefused)
_LEVELS = range(FLOOR_LEVEL, TOP_LEVEL + 1)


def refusal(error: Exception) -> str:
    """The plain reply to a refused clinic request."""
    if isinstance(error, InviteRefused):
        return texts.INVITE_PROBLEMS[error.problem]
    if isinstance(error, NotAClinician):
        return texts.NOT_A_CLINICIAN
    if isinstance(error, SeveralClients):
        return texts.SEVERAL_CLIENTS
    if isinstance(error, NotYourClient):
        return texts.NOT_YOUR_CLIENT
    if isinstance(error, TooManyInvites):
        return texts.TOO_MANY_INVITES
    if isinstance(error, LevelRefused):
        return texts.LEVEL_PROBLEMS[error.problem]
    return texts.ADJUST_NOT_NOW


async def tell_other(context: Context, chat_id: int, text: str, **kwargs: Any) -> None:
    """Tell someone else (a clinician or client) at once; a failure is logged, not raised."""
    try:
        await context.bot.send_message(chat_id, text, **kwargs)
    except TelegramError as error:
        log.warning("could not tell the other side of a link: %s", error)


def _ids(update: Update) -> tuple[Chat, int, str] | None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return None
    return chat, user.id, user.first_name or ""


# --- Registering and invites --------------------------------------------------------------


async def on_clinic(update: Update, context: Context) -> None:
    """/clinic: register (name, profession, zone), then invites."""
    found = _ids(update)
    if found is None:
        return
    chat, user_id, _ = found
    registration = await context.services.clinic.register(user_id)
    await _after_registration(chat, user_id, registration, context)


async def _after_registration(chat: Chat, user_id: int, registration: Registration,
                              context: Context) -> None:
    if registration.asking is not None:
        await chat.send_message(_QUESTION_TEXTS[registration.asking])
        return
    assert registration.name and registration.profession and registration.zone
    await chat.send_message(texts.clinic_ready(registration.name, registration.profession,
                                               registration.zone))
    await _show_invites(chat, user_id, context)


_QUESTION_TEXTS = {Question.CLINIC_NAME: texts.CLINIC_ASK_NAME,
                   Question.CLINIC_PROFESSION: texts.CLINIC_ASK_PROFESSION,
                   Question.CLINIC_ZONE: texts.CLINIC_ASK_ZONE}


async def _show_invites(chat: Chat, user_id: int, context: Context) -> None:
    open_invites = await context.services.clinic.invites(user_id)
    await chat.send_message(texts.invites_list(open_invites),
                            reply_markup=keyboards.invites(open_invites))


async def take_typed(chat: Chat, user_id: int, text: str, context: Context) -> bool:
    """A typed answer to a clinic question, if one waits (the latest asked); False if not."""
    waiting = next((w for w in await context.services.questions.waiting(user_id)
                    if w.question in CLINIC), None)
    if waiting is None:
        return False
    try:
        if waiting.question is Question.ADJUST_REASON:
            await _reason(chat, user_id, text, context)
            return True
        zone = None
        if waiting.question is Question.CLINIC_ZONE:
            found = await context.services.settings.find_zone(text)
            if found.zone is None and found.choices:
                await chat.send_message(texts.zone_choices([c.zone for c in found.choices]))
                return True
            zone = found.zone
        registration = await context.services.clinic.answer_registration(
            user_id, waiting.question, text, zone)
    except REFUSALS as error:
        await chat.send_message(refusal(error))
        return True
    if registration is None:
        again = (texts.CLINIC_ZONE_AGAIN if waiting.question is Question.CLINIC_ZONE
                 else texts.CLINIC_ANSWER_AGAIN)
        await chat.send_message(again)
        return True
    await _after_registration(chat, user_id, registration, context)
    return True


# --- The client's side --------------------------------------------------------------------


async def on_start(update: Update, context: Context) -> None:
    """/start: with an invite code, who asks to follow the user; otherwise the usual start."""
    found = _ids(update)
    if found is None or not context.args:
        await onboarding.on_start(update, context)
        return
    chat, user_id, _ = found
    code = context.args[0]
    try:
        Share(code)  # a code of the wrong shape was never made
    except ValueError:
        await chat.send_message(texts.INVITE_PROBLEMS[InviteProblem.UNKNOWN])
        return
    try:
        offer = await context.services.clinic.open_invite(user_id, code)
    except InviteRefused as error:
        await chat.send_message(refusal(error))
        return
    await chat.send_message(texts.invite_offer(offer),
                            reply_markup=keyboards.share(offer.name, code))


async def _share(query: CallbackQuery, chat: Chat, button: Share, context: Context) -> None:
    user = query.from_user
    try:
        offer = await context.services.clinic.accept_invite(user.id, user.first_name or "",
                                                            button.code)
    except InviteRefused as error:
        await query.answer()
        await chat.send_message(refusal(error))
        return
    await query.answer()
    await drop_keyboard(query)
    await chat.send_message(texts.linked(offer.name))
    await tell_other(context, offer.clinician_id, texts.client_linked(user.first_name or ""))
    prompt = await context.services.onboarding.start(user.id)
    if prompt.step is not Step.DONE:  # linked at once; the set-up carries on where it was
        await onboarding.ask(chat, prompt, user.first_name or "")
        if prompt.step is Step.CONSENT and context.chat_data is not None:
            context.chat_data[onboarding.CONSENT_SHOWN] = True


async def on_sharing(update: Update, context: Context) -> None:
    """/sharing: whom the user shares with."""
    found = _ids(update)
    if found is not None:
        chat, user_id, _ = found
        await chat.send_message(texts.sharing_list(await context.services.clinic.sharing(user_id)))


async def on_unlink(update: Update, context: Context) -> None:
    """/unlink: a button per clinician; pressing one ends the link at once."""
    found = _ids(update)
    if found is None:
        return
    chat, user_id, _ = found
    shared = await context.services.clinic.sharing(user_id)
    if not shared:
        await chat.send_message(texts.UNLINK_NOTHING)
        return
    await chat.send_message(texts.UNLINK_PICK, reply_markup=keyboards.stop_sharing(shared))


async def _stop_sharing(query: CallbackQuery, chat: Chat, button: StopSharing,
                        context: Context) -> None:
    ended = await context.services.clinic.unlink(query.from_user.id, button.clinician_id)
    await query.answer()
    if ended is None:
        await chat.send_message(texts.STALE_SHARE)
        return
    await chat.send_message(texts.unlinked(ended.clinician_name))
    await tell_other(context, ended.clinician_id, texts.client_unlinked(ended.client_name))


async def tell_erased(context: Context, erased: Erased) -> None:
    """After /delete: the clinicians and clients on the other side of each link are told."""
    for clinician_id in erased.clinicians:
        await tell_other(context, clinician_id, texts.client_erased())
    for client_id in erased.clients:
        await tell_other(context, client_id, texts.clinician_erased())


# --- The clinician's side -----------------------------------------------------------------


async def on_clients(update: Update, context: Context) -> None:
    """/clients: every client at a glance, each with a button to their page."""
    found = _ids(update)
    if found is None:
        return
    chat, user_id, _ = found
    try:
        lines = await context.services.clinic.clients(user_id)
    except REFUSALS as error:
        await chat.send_message(refusal(error))
        return
    await chat.send_message(texts.clients_list(lines), reply_markup=keyboards.clients(lines))


async def on_adjust(update: Update, context: Context) -> None:
    """/adjust [name level|hold|clear]: a change to a client's plan; the reason comes next."""
    found = _ids(update)
    if found is None:
        return
    chat, user_id, _ = found
    args = context.args or []
    clinic = context.services.clinic
    try:
        if not args:
            lines = await clinic.clients(user_id)
            await chat.send_message(texts.ADJUST_PICK,
                                    reply_markup=keyboards.clients(lines, ClientView.ADJUST))
            return
        if len(args) < 2:
            await chat.send_message(texts.ADJUST_USAGE)
            return
        client_id = await clinic.find_client(user_id, " ".join(args[:-1]))
        what = args[-1].casefold()
        if what.isdigit():
            asked = await clinic.start_adjust(user_id, client_id, Action.LEVEL, int(what))
        elif what in (Action.HOLD.value, Action.CLEAR.value):
            asked = await clinic.start_adjust(user_id, client_id, Action(what))
        else:
            await chat.send_message(texts.ADJUST_USAGE)
            return
    except REFUSALS as error:
        await chat.send_message(refusal(error))
        return
    await chat.send_message(texts.ask_reason(asked.client_name, asked.action, asked.level))


async def _reason(chat: Chat, user_id: int, text: str, context: Context) -> None:
    made = await context.services.clinic.finish_adjust(user_id, text)
    if made is None:
        await chat.send_message(texts.REASON_AGAIN)
        return
    if isinstance(made, NotMade):
        await chat.send_message(refusal(made.why))
        return
    explanation = explain(made.decision)
    await chat.send_message(texts.adjusted(made.client_name, made.action, explanation))
    await tell_other(context, made.client_id,
                     texts.adjusted_for_client(made.clinician, made.action, made.reason,
                                               explanation))


async def _client(query: CallbackQuery, chat: Chat, button: ClientButton,
                  context: Context) -> None:
    clinic, user_id = context.services.clinic, query.from_user.id
    if button.view is ClientView.PAGE:
        page = await clinic.page(user_id, button.client_id)
        await query.answer()
        await chat.send_message(texts.client_page(page, explain),
                                reply_markup=keyboards.client_page(button.client_id))
    elif button.view is ClientView.ADJUST:
        name = (await clinic.page(user_id, button.client_id)).line.name
        await query.answer()
        await chat.send_message(texts.adjust_menu(name),
                                reply_markup=keyboards.adjust(button.client_id, _LEVELS))
    elif button.view is ClientView.CHART:
        name, data = await clinic.chart(user_id, button.client_id)
        await query.answer()
        await chat.send_photo(data, caption=name, filename=texts.CHART_FILE)
    else:
        name, data = await clinic.report(user_id, button.client_id)
        await query.answer()
        await chat.send_document(
            data, caption=name,
            filename=texts.client_report_file(name, context.services.now().date()))


async def _change(query: CallbackQuery, chat: Chat, button: SetLevel | HoldOrClear,
                  context: Context) -> None:
    clinic, user_id = context.services.clinic, query.from_user.id
    if isinstance(button, SetLevel):
        asked = await clinic.start_adjust(user_id, button.client_id, Action.LEVEL, button.level)
    else:
        action = Action.CLEAR if button.clear else Action.HOLD
        asked = await clinic.start_adjust(user_id, button.client_id, action)
    await query.answer()
    await chat.send_message(texts.ask_reason(asked.client_name, asked.action, asked.level))


async def _invite(query: CallbackQuery, chat: Chat, button: InviteAction,
                  context: Context) -> None:
    clinic, user_id = context.services.clinic, query.from_user.id
    if button.revoke is not None:
        done = await clinic.revoke_invite(user_id, button.revoke)
        await query.answer()
        await chat.send_message(texts.INVITE_REVOKED if done else texts.INVITE_NOT_REVOKED)
        return
    made = await clinic.new_invite(user_id)
    await query.answer()
    await chat.send_message(texts.invite_link(context.bot.username, made.code,
                                              made.expires_at, made.zone))


async def on_button(update: Update, context: Context) -> None:
    """Any clinic button; forged or stale data gets the stale-button answer."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    button = decode(query.data)
    try:
        if isinstance(button, Share):
            await _share(query, chat, button, context)
        elif isinstance(button, StopSharing):
            await _stop_sharing(query, chat, button, context)
        elif isinstance(button, ClientButton):
            await _client(query, chat, button, context)
        elif isinstance(button, SetLevel | HoldOrClear):
            await _change(query, chat, button, context)
        elif isinstance(button, InviteAction):
            await _invite(query, chat, button, context)
        else:
            await refuse_button(query)
    except REFUSALS as error:
        await query.answer()
        await chat.send_message(refusal(error))
