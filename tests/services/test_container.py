from datetime import UTC, datetime, time

from bot.config import CoachSettings, Settings
from bot.domain.decisions import Rule
from bot.domain.onboarding import Step
from bot.services.container import Services
from bot.storage import repo
from bot.storage.db import Database
from tests.conftest import FakeClock
from tests.services.test_onboarding import USER, walk_to

MORNING = time(9, 15)


def services(db: Database, clock: FakeClock) -> Services:
    return Services(db, clock, Settings(coach=CoachSettings(morning_checkin_time=MORNING)))


async def test_use_cases_read_now_from_the_bound_clock(db: Database, clock: FakeClock) -> None:
    bound = services(db, clock)
    clock.set(datetime(2027, 3, 1, 6, 30, tzinfo=UTC))
    prompt = await bound.onboarding.start(USER)
    assert prompt.step is Step.CONSENT
    await bound.onboarding.answer(USER, prompt.position, "agree", consent_shown=True)
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
    assert user is not None
    assert user.created_at == datetime(2027, 3, 1, 6, 30, tzinfo=UTC)
    assert bound.now() == clock.now()


async def test_the_schedule_uses_the_configured_morning_check_in(
    db: Database, clock: FakeClock
) -> None:
    await walk_to(db, clock, Step.DONE)
    view = await services(db, clock).schedule.current(USER)
    assert view.morning_at == MORNING


async def test_a_stranger_has_no_account_and_no_question(db: Database, clock: FakeClock) -> None:
    bound = services(db, clock)
    assert await bound.account.version(USER) is None
    assert await bound.onboarding.current(USER) is None


async def test_plan_and_the_easier_reply_carry_the_same_decision(
    db: Database, clock: FakeClock
) -> None:
    await walk_to(db, clock, Step.DONE)
    bound = services(db, clock)
    outcome = await bound.coaching.make_easier(USER)
    assert outcome.decision.rule is Rule.OVERRIDE_EASIER
    view = await bound.coaching.plan(USER)
    assert view.recent[0].decision == outcome.decision
