"""Alerts and the weekly digest for linked clinicians, through the real bot: sent at once by
the clinic queue, to every clinician linked now and nobody else, once each, even across a
restart; the digest comes at each clinician's own Monday morning."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.emulator import Emulator
from bot.scheduling.clinic import queue_of
from bot.services import clinic_alerts
from bot.storage.models import ClinicMessage
from tests.conftest import FakeClock
from tests.e2e.flows import YES_NOW, onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import run_to_end
from tests.e2e.test_clinic import invite, link, person, register
from tests.e2e.test_safe_dosing import session_now

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
FRIDAY_0730 = datetime(2027, 1, 8, 7, 30, tzinfo=UTC)
SUNDAY_2059 = datetime(2027, 1, 10, 20, 59, tzinfo=UTC)
SUNDAY_2100 = datetime(2027, 1, 10, 21, 0, tzinfo=UTC)  # Monday 08:00 in Sydney
MONDAY_0800 = datetime(2027, 1, 11, 8, 0, tzinfo=UTC)  # Monday 08:00 in London


async def session_now_from_pain(person: Person, bot: RunningBot, clock: FakeClock,
                                peak: str) -> None:
    """The rest of ``session_now`` once the morning-after question is answered."""
    await person.tap("Skip")
    await run_to_end(bot, clock, person)
    await person.tap(peak)
    await person.tap("None of these")


async def tick(bot: RunningBot, clock: FakeClock) -> None:
    assert bot.application is not None
    await queue_of(bot.application).tick(clock.now())
    await bot.settle()


def alerts(clinician: Person, about: str) -> list[str]:
    return [m.text or "" for m in clinician.user.messages
            if (m.text or "").startswith(f"⚠️ {about}")]


async def clinic_of_two(emulator: Emulator, bot: RunningBot
                        ) -> tuple[Person, Person, Person, Person]:
    """Sam follows Ada; Kim follows Ada and Bo."""
    sam, kim = person(emulator, bot, 7001, "Sam"), person(emulator, bot, 7002, "Kim")
    ada, bo = person(emulator, bot, 5001, "Ada"), person(emulator, bot, 5002, "Bo")
    await onboard(ada)
    await onboard(bo)
    await register(sam, "Dr Sam")
    await kim.say("/clinic")
    await kim.say("Dr Kim")
    await kim.say("osteopath")
    await kim.say("Australia/Sydney")
    await link(ada, await invite(sam), "Dr Sam")
    await link(ada, await invite(kim), "Dr Kim")
    await link(bo, await invite(kim), "Dr Kim")
    return sam, kim, ada, bo


async def test_a_red_session_then_a_second_in_a_row_alert_each_linked_clinician_once(
    emulator: Emulator, bot: RunningBot, clock: FakeClock
) -> None:
    sam, kim, ada, _bo = await clinic_of_two(emulator, bot)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "8")  # peak 8 > max(5, B + 1): RED
    await tick(bot, clock)
    for clinician in (sam, kim):
        [red] = alerts(clinician, "Ada")
        assert "RED session" in red and "level 0" in red
        assert clinician.last.button("Open Ada") is not None
    clock.set(FRIDAY_0730)
    await ada.say("/go")
    await ada.tap("Skip")  # the morning after Wednesday's session
    await session_now_from_pain(ada, bot, clock, "8")
    await tick(bot, clock)
    await tick(bot, clock)
    for clinician in (sam, kim):
        assert len(alerts(clinician, "Ada")) == 2
        assert "two RED sessions in a row" in alerts(clinician, "Ada")[-1]
    assert alerts(sam, "Bo") == [] and alerts(kim, "Bo") == []

    await kim.tap("Open Ada")
    page = kim.last.text or ""
    assert "sore sessions in a row" in page  # the decision, as the client reads it


async def test_a_red_flag_alerts_only_the_clinicians_of_that_client(
    emulator: Emulator, bot: RunningBot, clock: FakeClock
) -> None:
    sam, kim, _ada, bo = await clinic_of_two(emulator, bot)
    await bo.say("I can't feel when I pee")
    await bo.tap(YES_NOW)
    await tick(bot, clock)
    [flag] = alerts(kim, "Bo")
    assert "red flag" in flag and "on hold" in flag
    assert alerts(sam, "Bo") == []
    await kim.tap("Open Bo")
    assert "red-flag hold" in (kim.last.text or "")


async def test_an_alert_claimed_by_a_killed_process_is_sent_after_the_restart_once(
    emulator: Emulator, bot: RunningBot, clock: FakeClock
) -> None:
    sam, kim, ada, _ = await clinic_of_two(emulator, bot)
    await ada.say("/flare")
    await ada.tap("None of these")
    await ada.tap("None of these")
    assert bot.db is not None
    claimed = await clinic_alerts.claim_due(bot.db, clock.now(), 10)  # then the process dies
    assert len(claimed) == 2
    await bot.restart()
    await tick(bot, clock)
    await tick(bot, clock)
    assert len(alerts(sam, "Ada")) == 1 and len(alerts(kim, "Ada")) == 1
    async with bot.db.transaction() as session:
        rows = (await session.scalars(select(ClinicMessage))).all()
    assert {row.status for row in rows} == {"sent"}
    assert all(row.message_id is not None for row in rows)


async def test_the_weekly_digest_comes_at_each_clinicians_own_monday_morning(
    emulator: Emulator, bot: RunningBot, clock: FakeClock
) -> None:
    sam, kim, _ada, _bo = await clinic_of_two(emulator, bot)

    def digests(clinician: Person) -> list[str]:
        return [t for t in clinician.texts() if t.startswith("🗓")]

    clock.set(SUNDAY_2059)
    await tick(bot, clock)
    assert digests(kim) == [] and digests(sam) == []
    clock.set(SUNDAY_2100)
    await tick(bot, clock)
    [kims] = digests(kim)
    assert "Ada" in kims and "Bo" in kims and "sessions this week" in kims
    assert kim.last.button("Open Bo") is not None
    assert digests(sam) == []
    clock.set(MONDAY_0800)
    await tick(bot, clock)
    [sams] = digests(sam)
    assert "Ada" in sams and "Bo" not in sams
    assert len(digests(kim)) == 1  # next week's comes next week
