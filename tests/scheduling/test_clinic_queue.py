"""The clinic queue on a real database with a recording outbox: at least once, confirmed
once, given up after repeated refusals, and nothing for a week with no clients."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select

from bot.domain.onboarding import Step
from bot.scheduling.clinic import ClinicQueue
from bot.services import clinic_signup, coaching
from bot.services.clinic_alerts import ATTEMPTS_AT_MOST, Alert, Queued, Sent
from bot.storage.db import Database
from bot.storage.models import ClinicMessage
from tests.conftest import FakeClock
from tests.services.test_clinic_access import KIM, SAM, registered
from tests.services.test_onboarding import USER, walk_to


class Recorder:
    """An outbox answering every send with ``outcome``."""

    def __init__(self, outcome: Sent) -> None:
        self.outcome = outcome
        self.sent: list[Queued] = []

    async def send_all(self, due: Sequence[Queued]) -> list[tuple[Sent, int | None]]:
        self.sent += due
        return [(self.outcome, 100 + len(self.sent)) for _ in due]


async def flare_alert_for_sam(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.DONE)
    await registered(db, clock, SAM)
    made = await clinic_signup.new_invite(db, SAM, clock.now())
    await clinic_signup.accept_invite(db, USER, "Ada", made.code, clock.now())
    await coaching.start_flare(db, USER, clock.now())


async def statuses(db: Database) -> list[tuple[str, str, int]]:
    async with db.transaction() as session:
        rows = (await session.scalars(select(ClinicMessage).order_by(ClinicMessage.id))).all()
        return [(row.kind, row.status, row.attempts) for row in rows]


async def test_an_alert_is_sent_once_and_confirmed(db: Database, clock: FakeClock) -> None:
    await flare_alert_for_sam(db, clock)
    outbox = Recorder(Sent.SENT)
    queue = ClinicQueue(db, outbox, clock, 60)
    assert await queue.tick(clock.now()) == 1
    assert await queue.tick(clock.now()) == 0
    [alert] = outbox.sent
    assert isinstance(alert, Alert) and (alert.clinician_id, alert.client_name) == (SAM, "Ada")
    assert await statuses(db) == [("flare", "sent", 1)]


async def test_an_alert_turned_away_is_tried_again_then_given_up(
    db: Database, clock: FakeClock
) -> None:
    await flare_alert_for_sam(db, clock)
    outbox = Recorder(Sent.AGAIN)
    queue = ClinicQueue(db, outbox, clock, 60)
    for _ in range(ATTEMPTS_AT_MOST + 2):
        await queue.tick(clock.now())
    assert len(outbox.sent) == ATTEMPTS_AT_MOST
    assert await statuses(db) == [("flare", "dropped", ATTEMPTS_AT_MOST)]


async def test_a_week_with_no_clients_sends_no_digest_and_plans_the_next(
    db: Database, clock: FakeClock
) -> None:
    await registered(db, clock, KIM)  # London; the clock stands on a Monday at 09:00
    outbox = Recorder(Sent.SENT)
    queue = ClinicQueue(db, outbox, clock, 60)
    clock.advance(days=7)
    await queue.tick(clock.now())
    assert outbox.sent == []
    assert await statuses(db) == [("digest", "dropped", 1)]
    await queue.tick(clock.now() + timedelta(days=6))
    assert len(await statuses(db)) == 1  # the next one is a week away
