"""Use cases of the reminder queue: claim what is due, and record what sending it did.

At least once, with at most one duplicate per message in flight: a reminder is claimed
(status SENT, no ``sent_at`` yet) in the transaction that takes it off the queue, so a second
process never sends it too; each send is confirmed with its message id as soon as Telegram
answers. A process killed between a claim and its confirmation leaves the claim unconfirmed,
and the next start-up puts it back in the queue (:func:`resend_unconfirmed`): a message that
had already left is then sent once more, and none is lost. The ticker claims only what the
pacer sends in the next moment, so few are ever in flight. When Telegram turns a message away
(429, or a connection that never reached it) the message goes back in the queue as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from bot.domain import engine
from bot.domain.outcomes import summary_week
from bot.domain.programme import Programme, Returned, next_level
from bot.domain.reminders import Slot, Status, misfired
from bot.services import outcomes, planning
from bot.services.kept_messages import dump_resumed, load_resumed
from bot.services.planning import plan_morning_checkin, plan_next, rebuild, session_started
from bot.services.schedule import Resumed, resume_user
from bot.storage import programmes, repo
from bot.storage import reminders as store
from bot.storage.db import Database, DbSession
from bot.storage.models import Reminder
from bot.storage.reminders import Schedule

__all__ = [
    "Claim", "Delivery", "Due", "SendResult", "claim_due", "plan_morning_checkin", "plan_next",
    "rebuild", "record_outcomes", "resend_unconfirmed", "session_started",
]

# A send that never reached Telegram is tried again this much later, at most this many times.
UNREACHABLE_RETRY = timedelta(minutes=1)
UNREACHABLE_ATTEMPTS = 5


@dataclass(frozen=True)
class Due:
    """A claimed reminder with what its message needs."""

    reminder_id: int
    user_id: int
    slot: Slot
    day: date
    due_at: datetime
    zone: str
    attempts: int = 0
    snoozed: int = 0
    level: int | None = None  # SESSION: the level of the session
    week: int | None = None  # WEEKLY_CHECKIN: the programme week that just ended
    session_id: int | None = None  # MORNING_CHECKIN: the session it asks about
    resumed: Resumed | None = None  # RESUME: what the return decided
    flare: bool = False  # SESSION: flare mode stands, so the flare session is offered
    summary: outcomes.WeekSummary | None = None  # WEEKLY_CHECKIN: the week told in words


@dataclass(frozen=True)
class Claim:
    """One batch taken off the queue: the reminders to send, and how many were not sent."""

    due: tuple[Due, ...]
    claimed: int
    missed: int = 0
    cancelled: int = 0


class Delivery(Enum):
    """What happened when a reminder was handed to Telegram."""

    SENT = "sent"
    FLOOD = "flood"  # 429: not delivered; try again after retry_after
    UNREACHABLE = "unreachable"  # the request never got an answer saying it was taken
    UNCERTAIN = "uncertain"  # timed out: it may have arrived, so it is not sent again
    BLOCKED = "blocked"  # 403: the user blocked the bot
    REJECTED = "rejected"  # any other refusal


@dataclass(frozen=True)
class SendResult:
    """The result of one send."""

    delivery: Delivery
    message_id: int | None = None
    retry_after: float = 0.0


async def claim_due(db: Database, now: datetime, *, limit: int, grace: timedelta,
                    morning_at: time) -> Claim:
    """Take up to ``limit`` due reminders off the queue, in one transaction.

    Reminders older than ``grace`` are marked missed instead (the session is still offered by
    /today); reminders of users who are paused, blocked or no longer set up are cancelled, and
    so are session reminders and flare messages while a safety stop stands. In flare mode the
    daily flare message takes the place of the morning check-in; once the flare has ended its
    messages are cancelled. The next occurrence of each recurring reminder is planned in the
    same transaction, and so is the next flare message of anyone claimed here in flare mode.
    """
    async with db.transaction() as session:
        rows = await store.claim_due(session, now, limit)
        if not rows:
            return Claim((), 0)
        resumed = await _end_pauses(session, [r for r in rows if r.slot == Slot.RESUME.value],
                                    now, morning_at)
        users = {row.user_id for row in rows}
        schedules = await store.schedules(session, users)
        states = await programmes.load_many(session, users)
        flaring = {user_id for user_id, state in states.items() if state.flare is not None}
        # No session is offered while a red flag stands; the plan carries on for afterwards.
        held = await store.on_hold_among(
            session, {row.user_id for row in rows if row.slot in _HELD_SLOTS})
        live: list[Reminder] = []
        missed: list[Reminder] = []
        cancelled: list[Reminder] = []
        for row in rows:
            if row.slot == Slot.RESUME.value:
                wanted = row.id in resumed and row.user_id in schedules
                (live if wanted else cancelled).append(row)
            elif _not_wanted(row, schedules, held, flaring):
                cancelled.append(row)
            elif misfired(row.due_at, now, grace):
                missed.append(row)
            else:
                live.append(row)
        await store.set_status(session, [r.id for r in missed], Status.MISSED, now)
        await store.set_status(session, [r.id for r in cancelled], Status.CANCELLED, now)
        await _plan_following(session, rows, schedules, now, morning_at)
        await planning.ensure_flare(session, [
            (schedules[user_id], flare.started) for user_id, state in states.items()
            if (flare := state.flare) is not None and user_id in schedules
        ], now, morning_at)
        summaries = await _summaries(session, live, schedules, states)
        due = _describe(live, schedules, resumed, states, held, summaries)
        return Claim(tuple(due), len(rows), len(missed), len(cancelled))


_HELD_SLOTS = frozenset({Slot.SESSION.value, Slot.FLARE_CHECKIN.value})


def _not_wanted(row: Reminder, schedules: dict[int, Schedule], held: set[int],
                flaring: set[int]) -> bool:
    """Whether a claimed reminder is cancelled instead of sent."""
    if row.user_id not in schedules:
        return True  # paused, blocked or no longer set up
    if row.slot in _HELD_SLOTS and row.user_id in held:
        return True
    if row.slot == Slot.FLARE_CHECKIN.value:
        return row.user_id not in flaring  # the flare has ended
    # In a flare the daily flare message asks about the back instead: one morning message.
    return row.slot == Slot.MORNING_CHECKIN.value and row.user_id in flaring


async def _end_pauses(session: DbSession, rows: Sequence[Reminder], now: datetime,
                      morning_at: time) -> dict[int, Resumed]:
    """End the pauses these reminders announce; what each message says, by reminder id.

    A reminder claimed before (put back after a crash or a 429) already ended its pause and
    says again what was decided then.
    """
    ended: dict[int, Resumed] = {}
    for row in rows:
        if row.decided is not None:
            ended[row.id] = load_resumed(row.decided)
            continue
        user = await repo.get_user(session, row.user_id)
        pause = await store.pause_of(session, row.user_id)
        if user is None or pause is None or pause.until != row.local_date:
            continue  # resumed by hand, or the pause changed: nothing to do
        outcome = await resume_user(session, user, now, morning_at)
        if user.active:
            ended[row.id] = outcome
            await store.keep_decided(session, row.id, dump_resumed(outcome))
    return ended


async def _plan_following(session: DbSession, rows: Sequence[Reminder],
                          schedules: dict[int, Schedule], now: datetime, morning_at: time
                          ) -> None:
    def of(slots: Iterable[Slot]) -> list[Schedule]:
        wanted = {slot.value for slot in slots}
        return [schedules[r.user_id] for r in rows if r.slot in wanted and r.user_id in schedules]

    await planning.ensure(session, of([Slot.SESSION]), Slot.SESSION, now, morning_at)
    # The first weekly check-in is planned when the first session reminder goes out.
    await planning.ensure(session, of([Slot.SESSION, Slot.WEEKLY_CHECKIN]),
                          Slot.WEEKLY_CHECKIN, now, morning_at)


async def _summaries(session: DbSession, rows: Sequence[Reminder],
                     schedules: dict[int, Schedule], states: dict[int, Programme]
                     ) -> dict[int, outcomes.WeekSummary]:
    """The weekly summaries of these reminders, by reminder id: worked out at the first claim
    and kept, so a message put back in the queue says the same."""
    found = {}
    for row in rows:
        schedule = schedules.get(row.user_id)
        if row.slot != Slot.WEEKLY_CHECKIN.value or schedule is None:
            continue
        if row.decided is None:
            week = summary_week(schedule.start or row.local_date, row.local_date)
            summary = await outcomes.summarise_week(session, schedule, states.get(row.user_id),
                                                    row.local_date, week)
            await store.keep_decided(session, row.id, outcomes.dump_summary(summary))
            found[row.id] = summary
        else:
            found[row.id] = outcomes.load_summary(row.decided)
    return found


def _describe(rows: Sequence[Reminder], schedules: dict[int, Schedule],
              resumed: dict[int, Resumed], states: dict[int, Programme],
              held: set[int], summaries: dict[int, outcomes.WeekSummary]) -> list[Due]:
    due = []
    for row in rows:
        slot = Slot(row.slot)
        schedule = schedules.get(row.user_id)
        state = states.get(row.user_id)
        summary = summaries.get(row.id)
        week = None if summary is None else summary.week
        session = slot is Slot.SESSION and state is not None
        due.append(Due(
            reminder_id=row.id, user_id=row.user_id, slot=slot, day=row.local_date,
            due_at=row.due_at, zone=str(schedule.zone) if schedule else "UTC",
            attempts=row.attempts, snoozed=row.snoozed,
            level=(_level(state, row.local_date, row.user_id in held)
                   if session and state else None),
            week=week, session_id=row.session_id, resumed=resumed.get(row.id),
            flare=session and state is not None and state.flare is not None,
            summary=summary,
        ))
    return due


def _level(programme: Programme, day: date, held: bool) -> int:
    """The level of the session on ``day``, as the engine would set it (gap rules included,
    none while a red-flag hold stands).

    Only a preview: the gap decision itself is stored when the session is shown or started.
    """
    return next_level(engine.apply(programme, Returned(day), held=held).programme)


async def record_outcomes(db: Database, results: Sequence[tuple[Due, SendResult]],
                          now: datetime) -> None:
    """Store what sending a batch did, in one transaction.

    Sent: the message id, so the buttons answer only on the newest message. Turned away:
    back in the queue (429 after its retry_after). Blocked: the user is marked inactive and
    their pending reminders are cancelled; /start brings them back.
    """
    sent: list[tuple[int, int | None]] = []
    failed: list[int] = []
    blocked: set[int] = set()
    again: dict[datetime, list[int]] = {}
    for due, outcome in results:
        delivery = outcome.delivery
        if delivery in (Delivery.SENT, Delivery.UNCERTAIN):  # left, or may have: not resent
            sent.append((due.reminder_id, outcome.message_id))
        elif delivery is Delivery.FLOOD:
            at = now + timedelta(seconds=max(1.0, outcome.retry_after))
            again.setdefault(at, []).append(due.reminder_id)
        elif delivery is Delivery.UNREACHABLE and due.attempts + 1 < UNREACHABLE_ATTEMPTS:
            again.setdefault(now + UNREACHABLE_RETRY, []).append(due.reminder_id)
        elif delivery is Delivery.BLOCKED:
            blocked.add(due.user_id)
            failed.append(due.reminder_id)
        elif delivery in (Delivery.UNREACHABLE, Delivery.REJECTED):
            failed.append(due.reminder_id)
    async with db.transaction() as session:
        await store.confirm_sent(session, sent, now)
        for at, ids in again.items():
            await store.send_again_at(session, ids, at)
        await store.set_status(session, failed, Status.FAILED, now)
        await store.deactivate(session, sorted(blocked), now)


async def resend_unconfirmed(db: Database) -> int:
    """At start-up: reminders claimed by a process that died before confirming their send go
    back in the queue, so the next tick sends them (again, for any that had left)."""
    async with db.transaction() as session:
        return await store.requeue_unconfirmed(session)
