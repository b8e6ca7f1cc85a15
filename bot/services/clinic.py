"""Use cases of remote support once linked: whom a client shares with, unlinking, a
clinician's clients and their pages, and changes to a client's programme.

Every read or change of a client's data checks, in the same transaction, that the client is
linked to this clinician now; hiding a button is never the only guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.clinic import REASON_MAX, Action, LevelRefused, level_problem, may_see
from bot.domain.decisions import Decision
from bot.domain.schedule import local_date
from bot.services.clinic_changes import apply_change
from bot.services.clinic_clients import ClientLine, ClientPage, client_lines, client_page
from bot.services.clinic_signup import clinician_of, short_text
from bot.services.questions import Question
from bot.storage import clinic as store
from bot.storage import programmes, repo
from bot.storage.db import Database, DbSession
from bot.storage.models import ClinicLink, User


class NotYourClient(Exception):
    """The person named is not linked to this clinician (now, or ever)."""


class SeveralClients(NotYourClient):
    """More than one of the clinician's clients goes by the name given."""


class NotNow(Exception):
    """The change cannot be made to the programme as it stands (not set up, on hold)."""


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


@dataclass(frozen=True)
class NotMade:
    """A change whose reason came after the programme changed under it (an unlink, a hold,
    a flare): nothing is made, and the question no longer waits."""

    why: NotYourClient | NotNow | LevelRefused


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
    await clinician_of(session, clinician_id)
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
        await clinician_of(session, clinician_id)
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
        await clinician_of(session, clinician_id)
        found = [link.client_id for link in await store.links_of(session, clinician_id)
                 if wanted in (str(link.client_id), link.client_name.casefold())]
        if len(found) > 1:
            raise SeveralClients
        if not found:
            raise NotYourClient
        return found[0]


async def _changeable(session: DbSession, clinician_id: int, client_id: int, action: Action,
                      level: int | None, now: datetime) -> tuple[ClinicLink, User]:
    """The link and the client, when the change can be made to the programme as it stands."""
    link = await _linked(session, clinician_id, client_id)
    user = await repo.get_user(session, client_id, for_update=True)
    programme = None if user is None else await programmes.load(session, client_id)
    if user is None or programme is None:
        raise NotNow
    if action is Action.LEVEL and user.safety_stop is None:
        today = local_date(now, ZoneInfo(user.timezone or "UTC"))
        problem = level_problem(programme, level, today)
        if problem is not None:
            raise LevelRefused(problem)
    if (action is Action.CLEAR) is (user.safety_stop is None):
        raise NotNow  # only a hold can be cleared, and nothing else changes during one
    return link, user


async def start_adjust(db: Database, clinician_id: int, client_id: int, action: Action,
                       level: int | None, now: datetime) -> AdjustAsked:
    """/adjust: check the change can be made, then ask for its reason (typed)."""
    async with db.transaction() as session:
        link, _ = await _changeable(session, clinician_id, client_id, action, level, now)
        row = await clinician_of(session, clinician_id, for_update=True)
        row.adjusting = {"client": client_id, "action": action.value, "level": level}
        row.asking, row.asked_at = Question.ADJUST_REASON.value, now
        return AdjustAsked(link.client_name, action, level)


async def finish_adjust(db: Database, clinician_id: int, text: str, now: datetime
                        ) -> Adjusted | NotMade | None:
    """The typed reason for the change waiting: make it, stored as a decision; None when the
    reason is empty or too long (asked again); ``NotMade`` when the programme changed since
    in a way that rules the change out (checked again now, against the link as it stands)."""
    reason = short_text(text, REASON_MAX)
    async with db.transaction() as session:
        row = await clinician_of(session, clinician_id, for_update=True)
        waiting = row.adjusting
        if waiting is None or row.asking != Question.ADJUST_REASON.value:
            raise NotNow
        if reason is None:
            return None
        row.adjusting, row.asking, row.asked_at = None, None, None
        client_id, action = int(waiting["client"]), Action(waiting["action"])
        level = waiting.get("level")
        try:
            link, user = await _changeable(session, clinician_id, client_id, action, level, now)
        except (NotYourClient, NotNow, LevelRefused) as error:
            return NotMade(error)
        who = f"{row.name} ({row.profession})"
        decision = await apply_change(session, user, action, level, who, reason, now)
        return Adjusted(client_id, link.client_name, who, action, reason, decision)
