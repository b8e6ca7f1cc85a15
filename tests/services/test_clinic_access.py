"""Every clinician use case that names a client checks the link itself, on a real database:
an unlinked client, a former client and someone never linked are refused alike, and nothing
is written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.domain.clinic import Action
from bot.domain.onboarding import Step
from bot.services import clinic, clinic_signup
from bot.services.clinic_container import Clinic
from bot.services.questions import Question
from bot.storage.db import Database
from bot.storage.models import Decision, Pause
from tests.conftest import FakeClock
from tests.services.test_onboarding import USER, walk_to

SAM, KIM, STRANGER = 7001, 7002, 9999


class _Files:
    """Files that name whose they are (the drawing itself is tested with /progress)."""

    async def chart(self, user_id: int) -> bytes:
        return b"chart of %d" % user_id

    async def report(self, user_id: int, *, name: str | None = None) -> bytes:
        return b"report of %d" % user_id


async def registered(db: Database, clock: FakeClock, clinician_id: int) -> None:
    await clinic_signup.register(db, clinician_id, clock.now())
    for question, text, zone in ((Question.CLINIC_NAME, f"Dr {clinician_id}", None),
                                 (Question.CLINIC_PROFESSION, "physiotherapist", None),
                                 (Question.CLINIC_ZONE, "London", "Europe/London")):
        await clinic_signup.answer_registration(db, clinician_id, question, text, zone,
                                                clock.now())


@pytest.fixture
async def linked_to_sam(db: Database, clock: FakeClock) -> Clinic:
    """USER is set up and shares with Sam; Kim is registered with no clients."""
    await walk_to(db, clock, Step.DONE)
    await registered(db, clock, SAM)
    await registered(db, clock, KIM)
    made = await clinic_signup.new_invite(db, SAM, clock.now())
    await clinic_signup.accept_invite(db, USER, "Ada", made.code, clock.now())
    return Clinic(db, clock, _Files())


Call = Callable[[Clinic, int, int], Awaitable[Any]]
CALLS: dict[str, Call] = {
    "page": lambda c, who, client: c.page(who, client),
    "chart": lambda c, who, client: c.chart(who, client),
    "report": lambda c, who, client: c.report(who, client),
    "level": lambda c, who, client: c.start_adjust(who, client, Action.LEVEL, 3),
    "hold": lambda c, who, client: c.start_adjust(who, client, Action.HOLD),
    "find": lambda c, who, client: c.find_client(who, str(client)),
}


async def written(db: Database) -> tuple[int, int]:
    async with db.transaction() as session:
        decisions = await session.scalar(select(func.count()).select_from(Decision))
        pauses = await session.scalar(select(func.count()).select_from(Pause))
        return int(decisions or 0), int(pauses or 0)


@pytest.mark.parametrize("name", sorted(CALLS))
async def test_the_linked_clinician_is_let_in(name: str, linked_to_sam: Clinic) -> None:
    await CALLS[name](linked_to_sam, SAM, USER)


@pytest.mark.parametrize("name", sorted(CALLS))
async def test_another_clinician_or_a_stranger_is_refused(
    name: str, linked_to_sam: Clinic, db: Database
) -> None:
    before = await written(db)
    with pytest.raises(clinic.NotYourClient):
        await CALLS[name](linked_to_sam, KIM, USER)
    with pytest.raises(clinic_signup.NotAClinician):
        await CALLS[name](linked_to_sam, STRANGER, USER)
    with pytest.raises(clinic.NotYourClient):
        await CALLS[name](linked_to_sam, SAM, KIM)  # a clinician is nobody's client here
    assert await written(db) == before


@pytest.mark.parametrize("name", sorted(CALLS))
async def test_a_former_client_is_refused_the_moment_they_unlink(
    name: str, linked_to_sam: Clinic, db: Database
) -> None:
    await linked_to_sam.unlink(USER, SAM)
    before = await written(db)
    with pytest.raises(clinic.NotYourClient):
        await CALLS[name](linked_to_sam, SAM, USER)
    assert await written(db) == before


async def test_a_change_asked_before_an_unlink_is_refused_when_its_reason_comes(
    linked_to_sam: Clinic, db: Database
) -> None:
    await linked_to_sam.start_adjust(SAM, USER, Action.LEVEL, 4)
    await linked_to_sam.unlink(USER, SAM)
    before = await written(db)
    made = await linked_to_sam.finish_adjust(SAM, "ready for more")
    assert isinstance(made, clinic.NotMade) and isinstance(made.why, clinic.NotYourClient)
    assert await written(db) == before
    with pytest.raises(clinic.NotNow):  # and the reason no longer waits
        await linked_to_sam.finish_adjust(SAM, "ready for more")
