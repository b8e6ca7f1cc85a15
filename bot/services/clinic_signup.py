"""Use cases of becoming a clinician and of inviting clients: registering (name, profession
and zone, each a typed question), invite codes, and a client's "Share with <name>".

Only the hash of an invite code is stored; a code links one person, once, until it expires
or its clinician revokes it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.clinic import (
    NAME_MAX,
    InviteProblem,
    code_hash,
    invite_expires,
    invite_problem,
    next_digest,
)
from bot.domain.rules import INVITES_OPEN_AT_MOST
from bot.services.questions import Question
from bot.storage import clinic as store
from bot.storage import repo
from bot.storage.db import Database, DbSession
from bot.storage.models import Clinician

CODE_BYTES = 16
"""Random bytes in an invite code (22 URL-safe characters)."""


class NotAClinician(Exception):
    """Only a registered clinician may do this."""


class InviteRefused(Exception):
    """An invite that links nobody, and why."""

    def __init__(self, problem: InviteProblem, clinician: str | None = None) -> None:
        super().__init__(problem.value)
        self.problem, self.clinician = problem, clinician


class TooManyInvites(Exception):
    """The clinician already holds as many open invites as allowed."""


@dataclass(frozen=True)
class Registration:
    """A clinician as registered so far, and the question now waiting (None: complete)."""

    name: str | None
    profession: str | None
    zone: str | None
    asking: Question | None


@dataclass(frozen=True)
class NewInvite:
    """A fresh invite: its code (shown once, never stored) and when it stops working."""

    code: str
    expires_at: datetime
    zone: str  # the clinician's, to show times in


@dataclass(frozen=True)
class InviteView:
    """An open invite as its clinician sees it (the code itself is not kept)."""

    invite_id: int
    created_at: datetime
    expires_at: datetime
    zone: str  # the clinician's, to show times in


@dataclass(frozen=True)
class Offer:
    """Who is asking to follow the person who opened an invite."""

    clinician_id: int
    name: str
    profession: str


# --- Registering ------------------------------------------------------------------------------

_NEXT = {Question.CLINIC_NAME: Question.CLINIC_PROFESSION,
         Question.CLINIC_PROFESSION: Question.CLINIC_ZONE}


def _registration(row: Clinician) -> Registration:
    asking = Question(row.asking) if row.asking else None
    return Registration(row.name, row.profession, row.timezone, asking)


def registered(row: Clinician | None) -> bool:
    """Whether a clinician has given everything registering asks for."""
    return row is not None and None not in (row.name, row.profession, row.timezone)


async def register(db: Database, user_id: int, now: datetime) -> Registration:
    """/clinic: where registering stands, asking the first question still unanswered."""
    async with db.transaction() as session:
        row = await store.clinician(session, user_id, for_update=True)
        if row is None:
            row = await store.add_clinician(session, user_id, now)
        if registered(row):
            return _registration(row)
        user = await repo.get_user(session, user_id)
        if row.timezone is None and user is not None and user.timezone:
            row.timezone = user.timezone  # a clinician who follows the programme too
            row.next_digest_at = next_digest(now, ZoneInfo(user.timezone))
        question = (Question.CLINIC_NAME if row.name is None
                    else Question.CLINIC_PROFESSION if row.profession is None
                    else Question.CLINIC_ZONE)
        row.asking, row.asked_at = question.value, now
        return _registration(row)


def short_text(text: str, longest: int) -> str | None:
    """``text`` with its spaces tidied, or None when empty or longer than ``longest``."""
    cleaned = " ".join(text.split())
    return cleaned if 0 < len(cleaned) <= longest else None


async def answer_registration(db: Database, user_id: int, question: Question, text: str,
                              zone: str | None, now: datetime) -> Registration | None:
    """The typed answer to a registering question (``zone``: the zone a place names, found
    by the caller); None when it does not read as one, so it is asked again."""
    async with db.transaction() as session:
        row = await store.clinician(session, user_id, for_update=True)
        if row is None or row.asking != question.value:
            raise NotAClinician
        if question is Question.CLINIC_ZONE:
            if zone is None:
                return None
            row.timezone, row.next_digest_at = zone, next_digest(now, ZoneInfo(zone))
        else:
            value = short_text(text, NAME_MAX)
            if value is None:
                return None
            if question is Question.CLINIC_NAME:
                row.name = value
            else:
                row.profession = value
        following = _NEXT.get(question)
        if following is Question.CLINIC_ZONE and row.timezone is not None:
            following = None
        row.asking = None if following is None else following.value
        row.asked_at = None if following is None else now
        return _registration(row)


async def clinician_of(session: DbSession, user_id: int, *, for_update: bool = False
                       ) -> Clinician:
    """The registered clinician ``user_id``; ``NotAClinician`` for anyone else."""
    row = await store.clinician(session, user_id, for_update=for_update)
    if row is None or not registered(row):
        raise NotAClinician
    return row


# --- Invites ----------------------------------------------------------------------------------

async def new_invite(db: Database, clinician_id: int, now: datetime) -> NewInvite:
    """A new invite code; only its hash is stored."""
    async with db.transaction() as session:
        row = await clinician_of(session, clinician_id, for_update=True)
        if len(await store.open_invites(session, clinician_id, now)) >= INVITES_OPEN_AT_MOST:
            raise TooManyInvites
        code = secrets.token_urlsafe(CODE_BYTES)
        expires = invite_expires(now)
        await store.add_invite(session, clinician_id, code_hash(code), now, expires)
        return NewInvite(code, expires, row.timezone or "UTC")


async def invites(db: Database, clinician_id: int, now: datetime) -> list[InviteView]:
    """The clinician's open invites, oldest first."""
    async with db.transaction() as session:
        zone = (await clinician_of(session, clinician_id)).timezone or "UTC"
        return [InviteView(row.id, row.created_at, row.expires_at, zone)
                for row in await store.open_invites(session, clinician_id, now)]


async def revoke_invite(db: Database, clinician_id: int, invite_id: int, now: datetime) -> bool:
    """Revoke one of the clinician's own open invites; False for any other."""
    async with db.transaction() as session:
        await clinician_of(session, clinician_id)
        for row in await store.open_invites(session, clinician_id, now):
            if row.id == invite_id:
                row.revoked_at = now
                return True
        return False


async def _usable(session: DbSession, user_id: int, code: str, now: datetime
                  ) -> tuple[Clinician, int]:
    invite = await store.invite_by_hash(session, code_hash(code), for_update=True)
    owner = None if invite is None else await store.clinician(session, invite.clinician_id)
    if invite is None or owner is None or not registered(owner):
        raise InviteRefused(InviteProblem.UNKNOWN)
    if owner.id == user_id:
        raise InviteRefused(InviteProblem.OWN, owner.name)
    problem = invite_problem(invite.expires_at, invite.used_at, invite.revoked_at, now)
    if (problem is InviteProblem.USED and invite.used_by == user_id
            and await store.link(session, owner.id, user_id) is not None):
        problem = InviteProblem.SHARED  # pressed twice, or opened again: nothing to do
    if problem is not None:
        raise InviteRefused(problem, owner.name)
    return owner, invite.id


async def open_invite(db: Database, user_id: int, code: str, now: datetime) -> Offer:
    """/start with an invite code: who asks to follow the user (nothing is linked yet)."""
    async with db.transaction() as session:
        owner, _ = await _usable(session, user_id, code, now)
        assert owner.name is not None and owner.profession is not None
        return Offer(owner.id, owner.name, owner.profession)


async def accept_invite(db: Database, user_id: int, first_name: str, code: str,
                        now: datetime) -> Offer:
    """"Share with <name>": link the user to the clinician; the invite is used up."""
    async with db.transaction() as session:
        owner, invite_id = await _usable(session, user_id, code, now)
        invite = await store.invite_by_hash(session, code_hash(code))
        assert invite is not None and invite.id == invite_id
        invite.used_at, invite.used_by = now, user_id
        if await store.link(session, owner.id, user_id) is None:
            await store.add_link(session, owner.id, user_id, first_name, now)
        assert owner.name is not None and owner.profession is not None
        return Offer(owner.id, owner.name, owner.profession)
