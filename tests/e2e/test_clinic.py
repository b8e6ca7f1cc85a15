"""Remote support end to end: a clinician invites, a client shares by pressing "Share", and
every attempt across the boundary of a link is refused and changes nothing."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from bot.domain.clinic import InviteProblem
from bot.domain.rules import INVITE_VALID_DAYS
from bot.emulator import Emulator
from bot.scheduling.clinic import queue_of
from bot.storage.models import ClinicLink, ClinicMessage, Decision
from bot.telegram import texts
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot

LINK = re.compile(r"https://t\.me/\w+\?start=([A-Za-z0-9_-]+)")


def person(emulator: Emulator, bot: RunningBot, user_id: int, name: str) -> Person:
    return Person(emulator.user(user_id=user_id, first_name=name), bot)


async def register(clinician: Person, name: str) -> None:
    await clinician.say("/clinic")
    await clinician.say(name)
    await clinician.say("physiotherapist")
    await clinician.say("Europe/London")
    assert "registered" in clinician.texts()[-2], clinician.user.transcript()


async def invite(clinician: Person) -> str:
    await clinician.tap(texts.NEW_INVITE_BUTTON)
    found = LINK.search(clinician.last.text or "")
    assert found is not None, clinician.user.transcript()
    return found[1]


async def link(client: Person, code: str, clinician_name: str) -> None:
    await client.say(f"/start {code}")
    assert "would like to follow" in (client.last.text or "")
    await client.tap(texts.share_label(clinician_name))
    assert any("You now share" in t for t in client.texts()), client.user.transcript()


async def count(bot: RunningBot, model: type, **where: int) -> int:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return int(await session.scalar(query) or 0)


async def test_a_client_shares_and_the_clinician_sees_adjusts_and_is_alerted(
    emulator: Emulator, bot: RunningBot, clock: FakeClock
) -> None:
    sam, ada = person(emulator, bot, 7001, "Sam"), person(emulator, bot, 5001, "Ada")
    await onboard(ada)
    await register(sam, "Dr Sam")
    code = await invite(sam)
    await link(ada, code, "Dr Sam")
    assert "Ada now shares" in (sam.last.text or "")
    assert "Dr Sam" in (await ada.say("/sharing"))[0].text

    await sam.say("/clients")
    assert "Ada" in (sam.last.text or "") and "level 1" in (sam.last.text or "")
    await sam.tap("Open Ada")
    page = sam.last
    assert page.button(texts.CHART_BUTTON) is not None

    await sam.say("/adjust Ada 2")
    assert "Why?" in (sam.last.text or "")
    await sam.say("Strong start, ready for more")
    assert "Done for Ada" in (sam.texts()[-1])
    told = ada.last.text or ""
    assert "Dr Sam (physiotherapist)" in told and "Strong start" in told
    assert await count(bot, Decision, user_id=5001) >= 2
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = await session.scalar(select(Decision).where(Decision.rule == "clinician"))
        assert row is not None and row.to_level == 2
        assert row.inputs["reason"] == "Strong start, ready for more"

    await ada.say("/flare")
    await ada.tap("None of these")
    await ada.tap("None of these")
    before = len(sam.user.messages)
    assert bot.application is not None
    await queue_of(bot.application).tick(clock.now())
    await bot.settle()
    alerts = [m for m in sam.user.messages[before:] if "flare" in (m.text or "")]
    assert len(alerts) == 1 and alerts[0].button("Open Ada") is not None
    await queue_of(bot.application).tick(clock.now())  # sent once, not again
    assert len(sam.user.messages) == before + 1


async def test_forged_buttons_and_named_commands_reach_no_one_elses_client(
    emulator: Emulator, bot: RunningBot
) -> None:
    sam, kim = person(emulator, bot, 7001, "Sam"), person(emulator, bot, 7002, "Kim")
    ada, bo = person(emulator, bot, 5001, "Ada"), person(emulator, bot, 5002, "Bo")
    await onboard(ada)
    await onboard(bo)
    await register(sam, "Dr Sam")
    await register(kim, "Dr Kim")
    await link(ada, await invite(sam), "Dr Sam")
    await link(bo, await invite(kim), "Dr Kim")

    await sam.say("/clients")
    message = sam.last
    for data in ("cl|open|5002", "cl|chart|5002", "cl|report|5002", "cl|level|5002|5",
                 "cl|hold|5002", "cl|adjust|5002"):
        await sam.user.press_data(message.message_id, data)
        await bot.settle()
        assert sam.last.text == texts.NOT_YOUR_CLIENT, data
    for command in ("/adjust 5002 5", "/adjust Bo 5", "/adjust bo hold"):
        await sam.say(command)
        assert sam.last.text == texts.NOT_YOUR_CLIENT, command
    await ada.say("/clients")  # a client is no clinician
    assert ada.last.text == texts.NOT_A_CLINICIAN
    assert await count(bot, Decision, user_id=5002) == 1  # only the start
    assert sam.user.messages[-1].document is None


async def test_spent_codes_link_nobody(emulator: Emulator, bot: RunningBot,
                                       clock: FakeClock) -> None:
    sam = person(emulator, bot, 7001, "Sam")
    ada, bo, cy = (person(emulator, bot, 5001, "Ada"), person(emulator, bot, 5002, "Bo"),
                   person(emulator, bot, 5003, "Cy"))
    await register(sam, "Dr Sam")
    used = await invite(sam)
    await link(ada, used, "Dr Sam")  # Ada has not even set up yet: linked at once
    await bo.say(f"/start {used}")
    assert bo.last.text == texts.INVITE_PROBLEMS[InviteProblem.USED]

    revoked = await invite(sam)
    await sam.say("/clinic")
    await sam.tap(sam.last.buttons[-1])
    assert sam.last.text == texts.INVITE_REVOKED
    await bo.say(f"/start {revoked}")
    assert bo.last.text == texts.INVITE_PROBLEMS[InviteProblem.REVOKED]

    expiring = await invite(sam)
    await cy.say(f"/start {expiring}")
    offer = cy.last
    clock.advance(days=INVITE_VALID_DAYS, seconds=1)
    await cy.tap(texts.share_label("Dr Sam"), message=offer)
    assert cy.last.text == texts.INVITE_PROBLEMS[InviteProblem.EXPIRED]
    await bo.say("/start not-a-code")
    assert bo.last.text == texts.INVITE_PROBLEMS[InviteProblem.UNKNOWN]
    assert await count(bot, ClinicLink) == 1


async def test_unlinking_closes_the_open_page_and_drops_waiting_alerts(
    emulator: Emulator, bot: RunningBot, clock: FakeClock
) -> None:
    sam, ada = person(emulator, bot, 7001, "Sam"), person(emulator, bot, 5001, "Ada")
    await onboard(ada)
    await register(sam, "Dr Sam")
    await link(ada, await invite(sam), "Dr Sam")
    await sam.say("/clients")
    await sam.tap("Open Ada")
    page = sam.last
    await ada.say("/flare")  # an alert is queued ...
    await ada.tap("None of these")
    await ada.tap("None of these")
    await ada.say("/unlink")
    await ada.tap(texts.stop_label("Dr Sam"))  # ... and the link ends before it is sent
    assert "has stopped sharing" in (sam.last.text or "")
    assert bot.application is not None
    before = len(sam.user.messages)
    await queue_of(bot.application).tick(clock.now())
    await bot.settle()
    assert len(sam.user.messages) == before  # the alert is not sent
    await sam.tap(texts.CHART_BUTTON, message=page)
    assert sam.last.text == texts.NOT_YOUR_CLIENT
    await sam.tap(texts.ADJUST_BUTTON, message=page)
    assert sam.last.text == texts.NOT_YOUR_CLIENT
    assert await count(bot, ClinicMessage, client_id=5001) == 0


async def test_deleting_either_account_erases_links_and_tells_the_other_side(
    emulator: Emulator, bot: RunningBot
) -> None:
    sam, ada = person(emulator, bot, 7001, "Sam"), person(emulator, bot, 5001, "Ada")
    bo = person(emulator, bot, 5002, "Bo")
    await onboard(ada)
    await onboard(bo)
    await register(sam, "Dr Sam")
    await link(ada, await invite(sam), "Dr Sam")
    await link(bo, await invite(sam), "Dr Sam")

    await ada.say("/delete")
    await ada.tap(ada.last.buttons[0])
    assert texts.client_erased() in sam.texts()
    await sam.say("/clients")
    assert "Ada" not in (sam.last.text or "") and "Bo" in (sam.last.text or "")

    await sam.say("/delete")
    await sam.tap(sam.last.buttons[0])
    assert texts.clinician_erased() in bo.texts()
    assert (await bo.say("/sharing"))[0].text == texts.SHARING_NONE
    await sam.say("/clients")
    assert sam.last.text == texts.NOT_A_CLINICIAN
    assert await count(bot, ClinicLink) == 0
