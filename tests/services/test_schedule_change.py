"""``/schedule days|time|zone …`` as one use case: the words in, a changed schedule or a reason."""

from __future__ import annotations

from datetime import time

import pytest

from bot.domain.onboarding import Step
from bot.domain.week import Weekday
from bot.services.schedule import NotSetUp
from bot.services.schedule_change import Problem, Unchanged, change_schedule
from bot.storage.db import Database
from tests.conftest import FakeClock
from tests.services.test_onboarding import USER, walk_to

MORNING = time(8, 0)


@pytest.mark.parametrize(("wanted", "problem"), [
    ("days mon fri", Problem.NEED_THREE_DAYS),
    ("days whenever", Problem.NOT_UNDERSTOOD),
    ("time soonish", Problem.NOT_TIME),
    ("zone", Problem.WHICH_ZONE),
    ("time", Problem.WHICH_TIME),
    ("days", Problem.WHICH_DAYS),
    ("zone Qwxzyville", Problem.ZONE_UNKNOWN),
    ("sometime", Problem.NOT_UNDERSTOOD),
])
async def test_words_that_change_nothing_say_why(
    db: Database, clock: FakeClock, wanted: str, problem: Problem
) -> None:
    await walk_to(db, clock, Step.DONE)
    assert await change_schedule(db, USER, wanted, clock.now(), MORNING) == Unchanged(problem)


async def test_a_place_in_several_zones_offers_them(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.DONE)
    changed = await change_schedule(db, USER, "zone Springfield", clock.now(), MORNING)
    assert isinstance(changed, Unchanged) and changed.problem is None
    assert len(changed.zone_choices) > 1


@pytest.mark.parametrize("wanted", ["days tue thu sat", "tue thu sat"])
async def test_three_days_change_the_days(db: Database, clock: FakeClock, wanted: str) -> None:
    await walk_to(db, clock, Step.DONE)
    changed = await change_schedule(db, USER, wanted, clock.now(), MORNING)
    assert not isinstance(changed, Unchanged)
    assert changed.days == (Weekday.TUE, Weekday.THU, Weekday.SAT)


@pytest.mark.parametrize("wanted", ["time 18:30", "6:30pm"])
async def test_a_time_changes_the_time(db: Database, clock: FakeClock, wanted: str) -> None:
    await walk_to(db, clock, Step.DONE)
    changed = await change_schedule(db, USER, wanted, clock.now(), MORNING)
    assert not isinstance(changed, Unchanged) and changed.at == time(18, 30)


async def test_a_zone_changes_the_zone(db: Database, clock: FakeClock) -> None:
    await walk_to(db, clock, Step.DONE)
    changed = await change_schedule(db, USER, "zone Europe/Paris", clock.now(), MORNING)
    assert not isinstance(changed, Unchanged) and changed.zone == "Europe/Paris"


async def test_before_set_up_a_valid_change_is_refused(db: Database, clock: FakeClock) -> None:
    with pytest.raises(NotSetUp):
        await change_schedule(db, USER, "days mon wed fri", clock.now(), MORNING)
