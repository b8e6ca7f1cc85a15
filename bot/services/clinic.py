"""Use cases of remote support: registering as a clinician, invites, linking by consent,
seeing clients and changing a client's programme.

Every read or change of a client's data checks, in the same transaction, that the client is
linked to this clinician now; hiding a button is never the only guard.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.clinic import (
    NAME_MAX,
    REASON_MAX,
    Action,
    InviteProblem,
    LevelOutOfLadder,
    code_hash,
    invite_expires,
    invite_problem,
    levels_allowed,
    may_see,
    next_digest,
)
from bot.domain.decisions import Decision
from bot.domain.rules import INVITES_OPEN_AT_MOST
from bot.services.clinic_changes import apply_change
from bot.services.clinic_clients import ClientLine, ClientPage, client_lines, client_page
from bot.services.questions import Question
from bot.storage import clinic as store
from bot.storage import programmes, repo
from bot.storage.db import Database, DbSession
from bot.storage.models import Clinician, ClinicLink

CODE_BYTES = 16
"""Random bytes in an invite code (22 URL-safe characters)."""


class NotAClinician(Exception):
    """Only a registered clinician may do this."""


class NotYourClient(Exception):
    """The person named is not linked to this clinician (now, or ever)."""


class InviteRefused(Exception):
    """An invite that links nobody, and why."""

    def __init__(self, problem: InviteProblem, clinician: str | None = None) -> None:
        super().__init__(problem.value)
        self.problem, self.clinician = problem, clinician


class TooManyInvites(Exception):
    """The clinician already holds as many open invites as allowed."""


class NotNow(Exception):
    """The change cannot be made to the programme as it stands (not set up, on hold)."""


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


@dataclass(frozen=True)
class InviteView:
    """An open invite as its clinician sees it (the code itself is not kept)."""

    invite_id: int
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Offer:
    """Who is asking to follow the person who opened an invite."""

    clinician_id: int
    name: str
    profession: str


@dataclass(frozen=True)
class SharedWith:
    """A clinician the user shares with."""

    clinician_id: int
    name: str
    profession: str
    since: datetime


@dataclass(frozen=True)
class Unlinked:
    """A link that just ended: the clinician to tell, and whom they lost."""

    clinician_id: int
    clinician_name: str
    client_name: str


@dataclass(frozen=True)
class AdjustAsked:
    """A change waiting for its reason."""

    client_name: str
    action: Action
    level: int | None


@dataclass(frozen=True)
class Adjusted:
    """A change made: whom to tell, by whom, and the decision stored for it."""

    client_id: int
    client_name: str
    clinician: str
    action: Action
    reason: str
    decision: Decision


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


def _short(text: str, longest: int) -> str | None:
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
            value = _short(text, NAME_MAX)
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


async def _clinician(session: DbSession, user_id: int, *, for_update: bool = False
                     ) -> Clinician:
    row = await store.clinician(session, user_id, for_update=for_update)
    if row is None or not registered(row):
        raise NotAClinician
    return row


# --- Invites ----------------------------------------------------------------------------------

async def new_invite(db: Database, clinician_id: int, now: datetime) -> NewInvite:
    """A new invite code; only its hash is stored."""
    async with db.transaction() as session:
        await _clinician(session, clinician_id, for_update=True)
        if len(await store.open_invites(session, clinician_id, now)) >= INVITES_OPEN_AT_MOST:
            raise TooManyInvites
        code = secrets.token_urlsafe(CODE_BYTES)
        expires = invite_expires(now)
        await store.add_invite(session, clinician_id, code_hash(code), now, expires)
        return NewInvite(code, expires)


async def invites(db: Database, clinician_id: int, now: datetime) -> list[InviteView]:
    """The clinician's open invites, oldest first."""
    async with db.transaction() as session:
        await _clinician(session, clinician_id)
        return [InviteView(row.id, row.created_at, row.expires_at)
                for row in await store.open_invites(session, clinician_id, now)]


async def revoke_invite(db: Database, clinician_id: int, invite_id: int, now: datetime) -> bool:
    """Revoke one of the clinician's own open invites; False for any other."""
    async with db.transaction() as session:
        await _clinician(session, clinician_id)
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


# --- The client's side ------------------------------------------------------------------------

async def sharing(db: Database, user_id: int) -> list[SharedWith]:
    """The clinicians the user shares with now."""
    async with db.transaction() as session:
        links = await store.links_to(session, user_id)
        named = await store.clinicians_named(session, (link.clinician_id for link in links))
        return [SharedWith(link.clinician_id, named[link.clinician_id].name or "",
                           named[link.clinician_id].profession or "", link.linked_at)
                for link in links if link.clinician_id in named]


async def unlink(db: Database, user_id: int, clinician_id: int) -> Unlinked | None:
    """Stop sharing with one clinician; they lose access at once. None if not linked."""
    async with db.transaction() as session:
        link = await store.link(session, clinician_id, user_id)
        owner = await store.clinician(session, clinician_id)
        if link is None or owner is None:
            return None
        name = link.client_name
        await store.unlink(session, clinician_id, user_id)
        return Unlinked(clinician_id, owner.name or "", name)


# --- The clinician's side ---------------------------------------------------------------------

async def _linked(session: DbSession, clinician_id: int, client_id: int) -> ClinicLink:
    await _clinician(session, clinician_id)
    link = await store.link(session, clinician_id, client_id)
    linked = [] if link is None else [link.clinician_id]
    if link is None or not may_see(clinician_id, client_id, linked):
        raise NotYourClient
    return link


async def check_access(db: Database, clinician_id: int, client_id: int) -> str:
    """Raise ``NotYourClient`` unless the client is linked to the clinician now; their name."""
    async with db.transaction() as session:
        return (await _linked(session, clinician_id, client_id)).client_name


async def clients(db: Database, clinician_id: int, now: datetime) -> list[ClientLine]:
    """Every client linked to the clinician now."""
    async with db.transaction() as session:
        await _clinician(session, clinician_id)
        return await client_lines(session, clinician_id, now)


async def page(db: Database, clinician_id: int, client_id: int, now: datetime) -> ClientPage:
    """A linked client's page."""
    async with db.transaction() as session:
        return await client_page(session, await _linked(session, clinician_id, client_id), now)


async def find_client(db: Database, clinician_id: int, named: str) -> int:
    """The id of the clinician's own client named by id or first name; ``NotYourClient`` for
    anyone else, however they are named."""
    wanted = named.strip().casefold()
    async with db.transaction() as session:
        await _clinician(session, clinician_id)
        found = [link.client_id for link in await store.links_of(session, clinician_id)
                 if wanted in (str(link.client_id), link.client_name.casefold())]
        if len(found) != 1:
            raise NotYourClient
        return found[0]


async def start_adjust(db: Database, clinician_id: int, client_id: int, action: Action,
                       level: int | None, now: datetime) -> AdjustAsked:
    """/adjust: check the change can be made, then ask for its reason (typed)."""
    async with db.transaction() as session:
        link = await _linked(session, clinician_id, client_id)
        user = await repo.get_user(session, client_id)
        programme = None if user is None else await programmes.load(session, client_id)
        if user is None or programme is None:
            raise NotNow
        if action is Action.LEVEL and (level is None or level not in levels_allowed(programme)):
            raise LevelOutOfLadder(level)
        if (action is Action.CLEAR) is (user.safety_stop is None):
            raise NotNow  # only a hold can be cleared, and nothing else changes during one
        row = await _clinician(session, clinician_id, for_update=True)
        row.adjusting = {"client": client_id, "action": action.value, "level": level}
        row.asking, row.asked_at = Question.ADJUST_REASON.value, now
        return AdjustAsked(link.client_name, action, level)


async def finish_adjust(db: Database, clinician_id: int, text: str, now: datetime
                        ) -> Adjusted | None:
    """The typed reason for the change waiting: make it, stored as a decision; None when the
    reason is empty or too long (asked again)."""
    reason = _short(text, REASON_MAX)
    async with db.transaction() as session:
        row = await _clinician(session, clinician_id, for_update=True)
        waiting = row.adjusting
        if waiting is None or row.asking != Question.ADJUST_REASON.value:
            raise NotNow
        if reason is None:
            return None
        row.adjusting, row.asking, row.asked_at = None, None, None
        client_id, action = int(waiting["client"]), Action(waiting["action"])
        link = await _linked(session, clinician_id, client_id)  # it may have ended since
        user = await repo.get_user(session, client_id, for_update=True)
        if user is None:
            raise NotYourClient
        who = f"{row.name} ({row.profession})"
        decision = await apply_change(session, user, action, waiting.get("level"), who,
                                      reason, now)
        return Adjusted(client_id, link.client_name, who, action, reason, decision)


async def cancel_adjust(db: Database, clinician_id: int) -> None:
    """Forget a change waiting for its reason."""
    async with db.transaction() as session:
        row = await store.clinician(session, clinician_id, for_update=True)
        if row is not None and row.asking == Question.ADJUST_REASON.value:
            row.adjusting, row.asking, row.asked_at = None, None, None


async def leave(db: Database, clinician_id: int) -> list[int]:
    """Erase the clinician's registration, invites, links and messages; their clients."""
    async with db.transaction() as session:
        return await store.delete_clinician(session, clinician_id)



async def summary_lines(db: Database, user_id: int, now: datetime) -> list[str]:
    """A plain-text summary of a user's programme: level and latest decisions' rules."""
    async with db.transaction() as session:
        programme = await programmes.load(session, user_id)
        rows = await programmes.latest_decisions(session, user_id, 10)
    level = "-" if programme is None else str(programme.level)
    return [f"level: {level}", f"as of: {now.date().isoformat()}",
            *(f"{row.decided_at.date().isoformat()} {row.rule}: level {row.from_level} "
              f"-> {row.to_level}" for row in rows)]
