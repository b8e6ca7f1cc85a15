"""What a linked clinician reads about their clients: one line each, and a client's page.

Everything here is read for a clinician whose link the caller has already checked; the
functions take the open transaction so the check and the read see the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.clinic import Flag, PainTrend, pain_trend
from bot.domain.decisions import Decision, Rule
from bot.domain.onboarding import REQUIRED_TRAINING_DAYS
from bot.domain.programme import Programme, next_level
from bot.domain.rules import CLIENT_WINDOW_DAYS
from bot.domain.zones import Zone
from bot.services.checkins import MORNING
from bot.services.coaching import today_for
from bot.storage import clinic as store
from bot.storage import programmes, repo
from bot.storage import reminders as reminder_store
from bot.storage.db import DbSession
from bot.storage.models import ClinicLink, User

PAGE_DECISIONS = 5
PAGE_HOLDS = 3


@dataclass(frozen=True)
class ClientLine:
    """One client at a glance: level, sessions done this week, pain trend and flags."""

    client_id: int
    name: str
    level: int | None  # the next session's level; None before the set-up is finished
    done: int  # completed sessions in the last CLIENT_WINDOW_DAYS days
    asked: int  # sessions the programme asks for in that time
    trend: PainTrend
    flags: frozenset[Flag]


@dataclass(frozen=True)
class PastDecision:
    """A decision as it was stored, with when it was taken."""

    decided_at: datetime
    decision: Decision


@dataclass(frozen=True)
class HoldSeen:
    """A red-flag hold: why, when, and who cleared it (if cleared)."""

    reason: str
    held_at: datetime
    cleared_at: datetime | None
    cleared_by: str | None


@dataclass(frozen=True)
class ClientPage:
    """A client's page: their line, the latest decisions with their reasons, holds and
    flares."""

    line: ClientLine
    decisions: tuple[PastDecision, ...]
    holds: tuple[HoldSeen, ...]
    flares: tuple[date, ...]


async def client_lines(session: DbSession, clinician_id: int, now: datetime
                       ) -> list[ClientLine]:
    """One line for each client linked to the clinician now, in the order they linked."""
    return [await client_line(session, link, now)
            for link in await store.links_of(session, clinician_id)]


async def client_line(session: DbSession, link: ClinicLink, now: datetime) -> ClientLine:
    """The line of one linked client."""
    user = await repo.get_user(session, link.client_id)
    programme = None if user is None else await programmes.load(session, link.client_id)
    if user is None or programme is None:
        return ClientLine(link.client_id, link.client_name, None, 0, REQUIRED_TRAINING_DAYS,
                          PainTrend.UNKNOWN, frozenset({Flag.NOT_SET_UP}))
    since = today_for(user, now) - timedelta(days=CLIENT_WINDOW_DAYS - 1)
    done = {row.local_date for row in await store.done_since(session, user.id, since)}
    pains = await store.pains_since(session, user.id, MORNING,
                                    now - timedelta(days=2 * CLIENT_WINDOW_DAYS))
    return ClientLine(link.client_id, user.first_name or link.client_name,
                      next_level(programme), len(done), REQUIRED_TRAINING_DAYS,
                      pain_trend(pains), await _flags(session, user, programme))


async def _flags(session: DbSession, user: User, programme: Programme) -> frozenset[Flag]:
    flags = set()
    if user.safety_stop is not None:
        flags.add(Flag.RED_FLAG)
    if programme.flare is not None:
        flags.add(Flag.FLARE)
    if await reminder_store.pause_of(session, user.id) is not None:
        flags.add(Flag.PAUSED)
    return frozenset(flags)


async def client_page(session: DbSession, link: ClinicLink, now: datetime) -> ClientPage:
    """The page of one linked client."""
    line = await client_line(session, link, now)
    rows = await programmes.latest_decisions(session, link.client_id, PAGE_DECISIONS)
    decisions = tuple(
        PastDecision(row.decided_at, Decision(
            row.to_level, Rule(row.rule), row.inputs,
            zone=None if row.zone is None else Zone(row.zone),
            advise_clinician=row.advise_clinician))
        for row in rows)
    holds = tuple(HoldSeen(row.reason, row.held_at, row.cleared_at, row.cleared_by)
                  for row in await store.holds_of(session, link.client_id, PAGE_HOLDS))
    programme = await programmes.load(session, link.client_id)
    flares = () if programme is None else programme.flares
    return ClientPage(line, decisions, holds, flares)
