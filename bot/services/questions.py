"""Which question is waiting for this user, so a typed number or a short reply answers it.

Questions are asked by reminders (the next-morning, weekly and flare check-ins), by the end
of a session (peak pain) and in the chat itself (pain right now before a session, the morning
after the last session, a flare check-in, an outcome snapshot's next question). Whichever
was asked last wins. A question stops waiting once it is answered, by a tap or a typed
number: a session has started since "pain right now", the morning answer is stored, a
decision has been taken since the flare check-in, the snapshot has no question left.

A setting that waits for a typed value (a reminder time, a place, the first day back) is
stored the same way, so a restart still waits for it, but only the next message answers it.

Short replies ("no", "none", "yes", "skip", "back pain", "discard") answer the flare screen,
the warning signs after a session, "is this new, and happening now?", the /reset and /delete
confirmations, the optional pain questions before a session, the reason a session stops and
the long-pause question, by the same rule: the latest asked wins.

A running session's controls ("pause", "resume", "stop") are no question asked at one moment:
they stand as long as the session runs, so a check-in reminder that arrives meanwhile waits
next to them instead of taking their place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from bot.domain.reminders import Slot
from bot.services import coaching, outcomes
from bot.services.checkins import MORNING
from bot.services.outcomes import SNAPSHOT_QUESTION
from bot.services.sessions import clock_of
from bot.storage import clinic as clinic_store
from bot.storage import programmes, repo
from bot.storage import questions as store
from bot.storage import sessions as session_store
from bot.storage.db import Database, DbSession
from bot.storage.models import AskedQuestion, User
from bot.storage.sessions import CHECKIN_PEAK, CHECKIN_SIGNS, LIVE

TYPED_ANSWER_DAYS = 1
"""A typed number answers a question asked today or yesterday (local), no older one."""


class Question(Enum):
    """The questions a typed answer can answer: 0–10 ones, then those of :data:`REPLIED`."""

    PEAK = "peak"  # ref: the session
    PAIN_NOW = "pain_now"  # just before a session
    MORNING_AFTER = "morning_after"  # ref: the earlier session, asked before the next one
    MORNING = "morning"  # ref: the session the morning check-in asks about
    WEEKLY = "weekly"  # ref: the weekly check-in reminder
    FLARE_MESSAGE = "flare_message"  # ref: the daily flare message
    FLARE_CHECKIN = "flare_checkin"  # ref: the decision count it was asked at
    SNAPSHOT = SNAPSHOT_QUESTION  # ref: the outcome snapshot; answers its next question
    SIGNS = "signs"  # ref: the session whose warning signs are asked about
    LIVE = "live"  # ref: the session running (or paused) now
    STOP_WHY = "stop_why"  # ref: the session whose Stop asked why
    LONG_PAUSE = "long_pause"  # ref: the session paused so long it asked: finish or discard?
    FLARE_EMERGENCY = "flare_emergency"  # ref: the decision count it was asked at
    FLARE_OTHER = "flare_other"  # ref: the decision count it was asked at
    SYMPTOM = "symptom"  # ref: the red flag's place in RedFlag
    RESET = "reset"  # ref: the account stamp, read as a hexadecimal number
    DELETE = "delete"  # ref: the account stamp, read as a hexadecimal number
    CLINIC_NAME = "clinic_name"  # /clinic: the clinician's name
    CLINIC_PROFESSION = "clinic_profession"
    CLINIC_ZONE = "clinic_zone"  # a clinician who does not follow the programme themselves
    ADJUST_REASON = "adjust_reason"  # /adjust: why the clinician changes a client's plan
    SETTING_TIME = "setting_time"  # ref of each setting: the message to show the change on
    SETTING_MORNING = "setting_morning"
    SETTING_ZONE = "setting_zone"
    SETTING_PAUSE = "setting_pause"  # the first day back, asked in /settings
    PAUSE_UNTIL = "pause_until"  # the first day back, asked by /pause


REPLIED = frozenset({Question.SIGNS, Question.LIVE, Question.STOP_WHY, Question.LONG_PAUSE,
                     Question.FLARE_EMERGENCY, Question.FLARE_OTHER, Question.SYMPTOM,
                     Question.RESET, Question.DELETE})
"""Questions a short reply answers (yes, no, none, pause, resume, stop), not a number."""

CLINIC = frozenset({Question.CLINIC_NAME, Question.CLINIC_PROFESSION, Question.CLINIC_ZONE,
                    Question.ADJUST_REASON})
"""Questions a clinician answers in their own words; asked and kept with the clinician."""

SETTINGS = frozenset({Question.SETTING_TIME, Question.SETTING_MORNING, Question.SETTING_ZONE,
                      Question.SETTING_PAUSE, Question.PAUSE_UNTIL})
"""Settings waiting for a typed value (a time, a place, a date): the next message only."""

ASKED_IN_CHAT = frozenset({Question.PAIN_NOW, Question.MORNING_AFTER, Question.FLARE_CHECKIN,
                           Question.FLARE_EMERGENCY, Question.FLARE_OTHER, Question.SYMPTOM,
                           Question.RESET, Question.DELETE, Question.STOP_WHY, *SETTINGS})
_AT_DECISION = frozenset({Question.FLARE_CHECKIN, Question.FLARE_EMERGENCY,
                          Question.FLARE_OTHER})

_BY_SLOT = {Slot.MORNING_CHECKIN.value: Question.MORNING,
            Slot.WEEKLY_CHECKIN.value: Question.WEEKLY,
            Slot.FLARE_CHECKIN.value: Question.FLARE_MESSAGE}


@dataclass(frozen=True)
class Waiting:
    """A question waiting for its answer: which, about what, and when it was asked."""

    question: Question
    ref: int | None
    asked_at: datetime


async def asked(db: Database, user_id: int, question: Question, now: datetime,
                ref: int | None = None) -> None:
    """A question of :data:`ASKED_IN_CHAT` was just asked; for a flare check-in or the flare
    screen the ref is the decision count now, so any later decision closes it."""
    assert question in ASKED_IN_CHAT
    async with db.transaction() as session:
        if await repo.get_user(session, user_id) is None:
            return
        if question in _AT_DECISION:
            ref = await programmes.count_decisions(session, user_id)
        await store.ask(session, user_id, question.value, ref, now)


async def closed(db: Database, user_id: int, question: Question | None = None) -> None:
    """The question asked in the chat (if given, only that one) was answered in a way that
    starts nothing (a 9 or 10 before a session, "keep going" after Stop), or by a button that
    leaves nothing else to tell it is answered (a confirmation, "is this new?"): it no longer
    waits."""
    async with db.transaction() as session:
        chat = await store.asked(session, user_id)
        if chat is not None and (question is None or chat.question == question.value):
            await store.forget(session, user_id)


async def waiting(db: Database, user_id: int, now: datetime) -> tuple[Waiting, ...]:
    """What waits for this user's answer: the latest asked question first, then a running
    session's controls (for a text that question does not take); empty if nothing waits."""
    async with db.transaction() as session:
        found = await _clinic(session, user_id, now)
        user = await repo.get_user(session, user_id)
        if user is None:
            latest = max(found, key=lambda w: w.asked_at, default=None)
            return () if latest is None else (latest,)
        found += [*await _reminded(session, user, now), *await _in_session(session, user_id)]
        chat = await store.asked(session, user_id)
        if (chat is not None and Question(chat.question) not in SETTINGS
                and await _still_open(session, user, chat, now)):
            found.append(Waiting(Question(chat.question), chat.ref, chat.asked_at))
        controls = [w for w in found if w.question is Question.LIVE]
        latest = max((w for w in found if w.question is not Question.LIVE),
                     key=lambda w: w.asked_at, default=None)
        return (*([] if latest is None else [latest]), *controls)


async def _clinic(session: DbSession, user_id: int, now: datetime) -> list[Waiting]:
    row = await clinic_store.clinician(session, user_id)
    if row is None or row.asking is None or row.asked_at is None:
        return []
    if row.asked_at < now - timedelta(days=TYPED_ANSWER_DAYS):
        return []
    return [Waiting(Question(row.asking), None, row.asked_at)]


async def take_setting(db: Database, user_id: int, now: datetime) -> Waiting | None:
    """The setting waiting for a typed value, if that is the question last asked in the chat
    (today or yesterday); it waits for one message only, so it no longer waits after this."""
    async with db.transaction() as session:
        chat = await store.asked(session, user_id)
        if chat is None or Question(chat.question) not in SETTINGS:
            return None
        await store.forget(session, user_id)
        if chat.asked_at < now - timedelta(days=TYPED_ANSWER_DAYS):
            return None
        return Waiting(Question(chat.question), chat.ref, chat.asked_at)


async def drop_setting(db: Database, user_id: int) -> None:
    """No setting waits for a typed value any more; any other question still waits."""
    async with db.transaction() as session:
        chat = await store.asked(session, user_id)
        if chat is not None and Question(chat.question) in SETTINGS:
            await store.forget(session, user_id)


async def _reminded(session: DbSession, user: User, now: datetime) -> list[Waiting]:
    since = coaching.today_for(user, now) - timedelta(days=TYPED_ANSWER_DAYS)
    found = []
    for row in await store.open_check_ins(session, user.id, since):
        question = _BY_SLOT[row.slot]
        ref = row.session_id if question is Question.MORNING else row.id
        if ref is not None and row.sent_at is not None:
            found.append(Waiting(question, ref, row.sent_at))
    return found


async def _in_session(session: DbSession, user_id: int) -> list[Waiting]:
    row = await session_store.open_session(session, user_id)
    if row is None or row.status not in _BY_STATUS:
        return []
    at = row.started_at if row.status == LIVE else (row.ended_at or row.started_at)
    found = [] if at is None else [Waiting(_BY_STATUS[row.status], row.id, at)]
    asked = clock_of(row).pause_deadline() if row.status == LIVE and row.pause_asked else None
    if asked is not None:  # paused so long that it asked: finish or discard?
        found.append(Waiting(Question.LONG_PAUSE, row.id, asked))
    return found


_BY_STATUS = {CHECKIN_PEAK: Question.PEAK, CHECKIN_SIGNS: Question.SIGNS, LIVE: Question.LIVE}


async def _still_open(session: DbSession, user: User, chat: AskedQuestion,
                      now: datetime) -> bool:
    if chat.asked_at < now - timedelta(days=TYPED_ANSWER_DAYS):
        return False
    question = Question(chat.question)
    if question is Question.PAIN_NOW:
        return not await store.started_since(session, user.id, chat.asked_at)
    if question is Question.MORNING_AFTER:
        return chat.ref is not None and (
            await repo.first_check_in(session, chat.ref, MORNING) is None)
    if question is Question.SNAPSHOT:
        return chat.ref is not None and await outcomes.snapshot_open(session, chat.ref)
    if question in (Question.SYMPTOM, Question.RESET, Question.DELETE):
        return True  # a button answer closes them; the stamps guard the rest
    if question is Question.STOP_WHY:  # until the session stops, or goes on
        row = await session_store.get_session(session, chat.ref or 0)
        return row is not None and row.user_id == user.id and row.status == LIVE
    if question is not Question.FLARE_CHECKIN:  # the flare screen: no decision since
        return await programmes.count_decisions(session, user.id) == chat.ref
    programme = await programmes.load(session, user.id)
    return (programme is not None and programme.flare is not None
            and await programmes.count_decisions(session, user.id) == chat.ref)


def stamp_ref(stamp: str) -> int:
    """An account stamp (12 hexadecimal digits) as the ref of a confirmation question."""
    return int(stamp, 16)


def ref_stamp(ref: int) -> str:
    """The account stamp a confirmation question's ref stands for."""
    return f"{ref:012x}"
