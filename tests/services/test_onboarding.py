from datetime import UTC, datetime, time

from sqlalchemy import select

from bot.domain.onboarding import Step
from bot.domain.programme import next_level
from bot.domain.safety import Readiness, RedFlag, SafetyOutcome
from bot.domain.screening import DONE, tick
from bot.domain.week import Weekday
from bot.services import account, coaching, onboarding
from bot.services.onboarding import Location, Note, Problem
from bot.storage import programmes, repo
from bot.storage.db import Database
from bot.storage.models import CheckIn, Decision, User
from tests.conftest import FakeClock

USER = 1001


async def walk_to(db: Database, clock: FakeClock, step: Step) -> None:
    """Answer every question with a harmless answer until ``step`` is reached."""
    answers = {
        Step.CONSENT: "agree", Step.RED_FLAG: "no", Step.READINESS: "no",
        Step.DURATION: "over_a_year", Step.USUAL_PAIN: "4", Step.CURRENT_PAIN: "3",
        Step.RUNNING: "never", Step.DAYS: "mon wed fri", Step.TIME: "07:30",
        Step.TIMEZONE: "Europe/London", Step.CONFIRM: "ok",
    }
    prompt = await onboarding.start(db, USER, clock.now())
    while prompt.step is not step:
        reply = await onboarding.answer(db, USER, prompt.position, answers[prompt.step],
                                        clock.now(), consent_shown=True)
        assert reply.problem is None, (prompt, reply)
        prompt = reply.prompt


async def test_happy_path_ends_with_a_plan_at_level_1(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.CONFIRM)
    prompt = await onboarding.current(db, USER, clock.now())
    assert prompt is not None and prompt.summary is not None
    # Monday 4 Jan 2027 09:00 UTC: 07:30 London has passed, so Wednesday is first.
    assert prompt.summary.first_session == datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
    assert prompt.summary.level == 1
    reply = await onboarding.answer(db, USER, "confirm", "ok", clock.now())
    assert reply.prompt.step is Step.DONE
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
        assert user is not None
        assert (user.baseline_pain, user.training_days) == (4, "mon,wed,fri")
        assert next_level(await coaching.returned(session, user, clock.now())) == 1
        assert user.reminder_time == time(7, 30) and user.timezone == "Europe/London"
        assert user.programme_start is not None and user.programme_start.day == 6
        answers = await repo.safety_answers(session, USER)
        assert len(answers) == len(RedFlag) + len(Readiness)
        assert not any(a.answer for a in answers)
        pains = (await session.scalars(select(CheckIn.kind, ))).all()
        assert sorted(pains) == ["now", "usual"]
        assert (await session.scalars(select(Decision.rule))).all() == ["start"]


async def test_high_usual_pain_starts_at_level_0(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.USUAL_PAIN)
    reply = await onboarding.answer(db, USER, None, "7/10", clock.now())
    assert reply.prompt.step is Step.CURRENT_PAIN
    await walk_to(db, clock, Step.CONFIRM)
    prompt = await onboarding.current(db, USER, clock.now())
    assert prompt is not None and prompt.summary is not None and prompt.summary.level == 0


async def test_an_emergency_red_flag_stops_onboarding(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.RED_FLAG)
    await onboarding.answer(db, USER, "red_flag", tick(RedFlag.BLADDER_BOWEL), clock.now())
    reply = await onboarding.answer(db, USER, "red_flag", DONE, clock.now())
    assert reply.prompt.step is Step.SAFETY_STOP
    assert reply.prompt.safety_stop is SafetyOutcome.EMERGENCY
    refused = await onboarding.answer(db, USER, None, "no", clock.now())
    assert refused.problem is Problem.NEEDS_CLEARANCE
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
        assert user is not None and user.onboarded_at is None
        assert await programmes.load(session, USER) is None


async def test_clearance_after_a_red_flag_is_stored(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.RED_FLAG)
    reply = await onboarding.answer(db, USER, None, "4", clock.now())  # fever, typed
    assert reply.prompt.safety_stop is SafetyOutcome.SEE_DOCTOR
    clock.advance(days=3)
    reply = await onboarding.answer(db, USER, "safety_stop:fever", "cleared", clock.now())
    assert Note.CLEARANCE_STORED in reply.notes
    assert reply.prompt.step is Step.READINESS and reply.prompt.picked == frozenset()
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
        assert user is not None and user.cleared_at == clock.now()
        assert user.screening_picks is None
        answers = await repo.safety_answers(session, USER)
        assert answers[-1].question == "red_flag:cleared" and answers[-1].answer
        said = {a.question: a.answer for a in answers[:-1]}
    assert said == {f"red_flag:{flag.value}": flag is RedFlag.FEVER for flag in RedFlag}


async def test_a_readiness_yes_needs_explicit_clearance(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.READINESS)
    await onboarding.answer(db, USER, "readiness", tick(Readiness.CHEST_PAIN), clock.now())
    reply = await onboarding.answer(db, USER, "readiness", DONE, clock.now())
    assert reply.prompt.step is Step.CLEARANCE
    wait = await onboarding.answer(db, USER, "clearance", "not_yet", clock.now())
    assert wait.notes == (Note.CHECK_FIRST,) and wait.prompt.step is Step.CLEARANCE
    reply = await onboarding.answer(db, USER, "clearance", "cleared", clock.now())
    assert reply.prompt.step is Step.DURATION


async def test_a_stale_position_changes_nothing(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.USUAL_PAIN)
    reply = await onboarding.answer(db, USER, "duration", "under_3_months", clock.now())
    assert reply.stale and reply.prompt.step is Step.USUAL_PAIN
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
        assert user is not None and user.pain_duration == "over_a_year"


async def test_days_toggle_and_need_exactly_three(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.DAYS)
    for day in ("mon", "tue", "thu"):
        reply = await onboarding.answer(db, USER, "days", day, clock.now())
    assert reply.prompt.days == (Weekday.MON, Weekday.TUE, Weekday.THU)
    full = await onboarding.answer(db, USER, "days", "sat", clock.now())
    assert full.problem is Problem.THREE_ALREADY
    await onboarding.answer(db, USER, "days", "tue", clock.now())
    early = await onboarding.answer(db, USER, "days", "done", clock.now())
    assert early.problem is Problem.NEED_THREE_DAYS
    await onboarding.answer(db, USER, "days", "fri", clock.now())
    reply = await onboarding.answer(db, USER, "days", "done", clock.now())
    assert reply.prompt.step is Step.TIME
    assert Note.CONSECUTIVE_DAYS in reply.notes  # Thursday and Friday


async def test_typed_days_and_location(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.DAYS)
    two = await onboarding.answer(db, USER, None, "Monday, Wednesday", clock.now())
    assert two.problem is Problem.NEED_THREE_DAYS
    reply = await onboarding.answer(db, USER, None, "Monday, Wednesday, Friday", clock.now())
    assert reply.notes == () and reply.prompt.step is Step.TIME
    await onboarding.answer(db, USER, None, "7.30am", clock.now())
    reply = await onboarding.answer(db, USER, None, Location(40.71, -74.0), clock.now())
    assert reply.prompt.step is Step.CONFIRM
    assert reply.prompt.summary is not None and reply.prompt.summary.zone == "America/New_York"


async def test_short_pain_history_is_noted_not_refused(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.DURATION)
    reply = await onboarding.answer(db, USER, None, "2 months", clock.now())
    assert reply.notes == (Note.SHORT_DURATION,) and reply.prompt.step is Step.USUAL_PAIN


async def test_reset_needs_the_current_stamp(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.DONE)
    stamp = await account.version(db, USER)
    assert stamp is not None
    prompt = await account.reset(db, USER, stamp, clock.now())
    assert prompt is not None and prompt.step is Step.CONSENT
    assert await account.reset(db, USER, stamp, clock.now()) is None


async def test_ticks_are_stored_until_done_and_a_stale_tick_changes_nothing(
    db: Database, clock: FakeClock
) -> None:
    await walk_to(db, clock, Step.RED_FLAG)
    await onboarding.answer(db, USER, "red_flag", tick(RedFlag.CANCER), clock.now())
    reply = await onboarding.answer(db, USER, "red_flag", tick(RedFlag.FALL), clock.now())
    assert reply.prompt.picked == {RedFlag.CANCER, RedFlag.FALL}
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
        assert user is not None and user.screening_picks == "cancer,fall"
        assert await repo.safety_answers(session, USER) == []  # nothing answered before Done
    await onboarding.answer(db, USER, "red_flag", DONE, clock.now())
    stale = await onboarding.answer(db, USER, "red_flag", tick(RedFlag.FEVER), clock.now())
    assert stale.stale and stale.prompt.step is Step.SAFETY_STOP
    again = await onboarding.answer(db, USER, "red_flag", DONE, clock.now())
    assert again.stale
    async with db.transaction() as session:
        answers = await repo.safety_answers(session, USER)
    assert [(a.question, a.answer) for a in answers if a.answer] == [
        ("red_flag:cancer", True), ("red_flag:fall", True)]
    assert len(answers) == len(RedFlag)


async def test_a_readiness_yes_taken_back_needs_no_clearance(db: Database,
                                                             clock: FakeClock) -> None:
    await walk_to(db, clock, Step.READINESS)
    first = Readiness.HEART
    reply = await onboarding.answer(db, USER, "readiness", "1", clock.now())
    assert reply.prompt.step is Step.CLEARANCE
    reply = await onboarding.answer(db, USER, "clearance", "back", clock.now())
    assert reply.prompt.position == "readiness" and reply.prompt.can_go_back
    assert reply.prompt.picked == {first}
    reply = await onboarding.answer(db, USER, "readiness", "none", clock.now())
    assert reply.prompt.step is Step.DURATION and reply.prompt.can_go_back
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
        assert user is not None and user.safety_stop is None
        answers = [(a.question, a.answer) for a in await repo.safety_answers(session, USER)]
    assert (f"withdrawn:readiness:{first.value}", True) in answers
    assert answers[-len(Readiness):] == [(f"readiness:{q.value}", False) for q in Readiness]


async def test_an_earlier_readiness_yes_survives_a_back_from_clearance(
    db: Database, clock: FakeClock
) -> None:
    await walk_to(db, clock, Step.READINESS)
    reply = await onboarding.answer(db, USER, None, "1 7", clock.now())
    assert reply.prompt.step is Step.CLEARANCE and reply.prompt.can_go_back
    reply = await onboarding.answer(db, USER, "clearance", "back", clock.now())
    assert reply.prompt.position == "readiness"
    last = list(Readiness)[-1]
    reply = await onboarding.answer(db, USER, "readiness", tick(last), clock.now())
    reply = await onboarding.answer(db, USER, "readiness", DONE, clock.now())
    assert reply.prompt.step is Step.CLEARANCE
    assert not (await onboarding.answer(db, USER, None, "cleared", clock.now())).prompt.can_go_back


async def test_a_typed_pain_range_is_asked_about_and_nothing_is_stored(
    db: Database, clock: FakeClock
) -> None:
    await walk_to(db, clock, Step.USUAL_PAIN)
    reply = await onboarding.answer(db, USER, None, "3.5", clock.now())
    assert reply.problem is Problem.PAIN_BETWEEN and reply.prompt.step is Step.USUAL_PAIN
    assert reply.unclear_pain is not None and reply.unclear_pain.choices == (3, 4)
    reply = await onboarding.answer(db, USER, None, "11", clock.now())
    assert reply.problem is Problem.PAIN_OFF_SCALE
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
        assert user is not None and user.baseline_pain is None
        assert (await session.scalars(select(CheckIn.kind))).all() == []


async def stored_user_ids(db: Database) -> list[int]:
    async with db.transaction() as session:
        return list((await session.scalars(select(User.id))).all())


async def test_a_stranger_is_shown_the_consent_question_and_nothing_is_stored(
    db: Database, clock: FakeClock
) -> None:
    prompt = await onboarding.start(db, USER, clock.now())
    assert prompt.step is Step.CONSENT
    assert await onboarding.current(db, USER, clock.now()) is None
    assert await stored_user_ids(db) == []


async def test_a_strangers_answer_not_from_the_consent_message_stores_nothing(
    db: Database, clock: FakeClock
) -> None:
    forged = [("consent", "agree", False), (None, "yes", False),
              ("red_flag:fever", "no", True), ("consent", "maybe", True), (None, "hi", True)]
    for at, value, shown in forged:
        reply = await onboarding.answer(db, USER, at, value, clock.now(), consent_shown=shown)
        assert reply.stale or reply.problem is not None, (at, value, shown)
        assert reply.prompt.step is Step.CONSENT
    declined = await onboarding.answer(db, USER, "consent", "decline", clock.now(),
                                       consent_shown=True)
    assert declined.notes == (Note.DECLINED,)
    assert await stored_user_ids(db) == []


async def test_consent_from_the_consent_message_stores_the_user_without_a_name(
    db: Database, clock: FakeClock
) -> None:
    reply = await onboarding.answer(db, USER, None, "yes", clock.now(), consent_shown=True)
    assert reply.prompt.step is Step.RED_FLAG
    async with db.transaction() as session:
        user = await repo.get_user(session, USER)
        assert user is not None
        assert (user.consented_at, user.first_name) == (clock.now(), "")
