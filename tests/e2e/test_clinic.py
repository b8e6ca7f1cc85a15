"""Remote support end to end: a clinician invites, a client shares by pressing "Share", and
every attempt across the boundary of a link, with several clinicians and clients about, gets
a plain refusal and changes nothing."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from bot.domain.clinic import InviteProblem, LevelProblem
from bot.domain.rules import INVITE_VALID_DAYS
from bot.emulator import Emulator
from bot.scheduling.clinic import queue_of
from bot.storage.models import (
    Clinician,
    ClinicInvite,
    ClinicLink,
    ClinicMessage,
    Decision,
    Hold,
    Pause,
    ProgrammeState,
)
from bot.telegram import texts
from tests.conftest import FakeClock
from tests.e2e.flows import agree, onboard, pass_screen
from tests.e2e.harness import Person, RunningBot

LINK = re.compile(r"https://t\.me/\w+\?start=([A-Za-z0-9_-]+)")


def person(emulator: Emulator, bot: RunningBot, user_id: int, name: str) -> Person:
    return Person(emulator.user(user_id=user_id, first_name=name), bot)


async def register(clinician: Person, name: str, zone: str = "Europe/London") -> None:
    await clinician.say("/clinic")
    await clinician.say(name)
    await clinician.say("physiotherapist")
    await clinician.say(zone)
    assert "registered" in clinician.texts()[-2], clinician.user.transcript()


async def invite(clinician: Person) -> str:
    if clinician.last.button(texts.NEW_INVITE_BUTTON) is None:
        await clinician.say("/clinic")
    await clinician.tap(texts.NEW_INVITE_BUTTON)
    found = LINK.search(clinician.last.text or "")
    assert found is not None, clinician.user.transcript()
    return found[1]


async def link(client: Person, code: str, clinician_name: str) -> None:
    await client.say(f"/start {code}")
    assert "would like to follow" in (client.last.text or "")
    await client.tap(texts.share_label(clinician_name))
    assert any("You now share" in t for t in client.texts()), client.user.transcript()


def mentions(clinician: Person, name: str) -> bool:
    """Whether any message to the clinician names ``name`` (invite links carry random text)."""
    return any(re.search(rf"\b{name}\b", text) for text in clinician.texts()
               if not text.startswith("🔗"))


async def snapshot(bot: RunningBot) -> tuple[Any, ...]:
    """Everything a refused attempt must leave as it was."""
    assert bot.db is not None
    async with bot.db.transaction() as session:
        async def rows(query: Any) -> list[Any]:
            return [tuple(row) for row in (await session.execute(query)).all()]
        return (
            await rows(select(Decision.user_id, Decision.rule, Decision.to_level)
                       .order_by(Decision.id)),
            await rows(select(ClinicLink.clinician_id, ClinicLink.client_id)
                       .order_by(ClinicLink.id)),
            await rows(select(ClinicInvite.id, ClinicInvite.used_by, ClinicInvite.revoked_at)
                       .order_by(ClinicInvite.id)),
            await rows(select(ProgrammeState.user_id, ProgrammeState.state)),
            await rows(select(Pause.user_id)),
            await rows(select(Hold.user_id, Hold.cleared_at)),
            await rows(select(Clinician.id, Clinician.asking)),
        )


async def two_clinics(emulator: Emulator, bot: RunningBot
                      ) -> tuple[Person, Person, Person, Person]:
    """Sam follows Ada, Kim follows Bo; all four are set up."""
    sam, kim = person(emulator, bot, 7001, "Sam"), person(emulator, bot, 7002, "Kim")
    ada, bo = person(emulator, bot, 5001, "Ada"), person(emulator, bot, 5002, "Bo")
    await onboard(ada)
    await onboard(bo)
    await register(sam, "Dr Sam")
    await register(kim, "Dr Kim")
    await link(ada, await invite(sam), "Dr Sam")
    await link(bo, await invite(kim), "Dr Kim")
    return sam, kim, ada, bo


async def test_a_client_shares_and_the_clinician_sees_adjusts_and_is_alerted(
    emulator: Emulator, bot: RunningBot, clock: FakeClock
) -> None:
    sam, ada = person(emulator, bot, 7001, "Sam"), person(emulator, bot, 5001, "Ada")
    await onboard(ada)
    await register(sam, "Dr Sam")
    code = await invite(sam)
    await link(ada, code, "Dr Sam")
    assert "Ada now shares" in (sam.last.text or "")
    assert "Dr Sam" in ((await ada.say("/sharing"))[0].text or "")

    await sam.say("/clients")
    assert "Ada" in (sam.last.text or "") and "level 1" in (sam.last.text or "")
    await sam.tap("Open Ada")
    page = sam.last
    assert "Latest decisions" in (page.text or "") and "You start at level 1" in (page.text or "")
    await sam.tap(texts.REPORT_BUTTON, message=page)
    assert sam.last.document is not None and sam.last.caption == "Ada"
    report = PdfReader(io.BytesIO(sam.last.document_bytes or b""))
    assert len(report.pages) == 1
    words = report.pages[0].extract_text()
    assert "report — Ada" in words and "Level: 1 now" in words
    await sam.tap(texts.CHART_BUTTON, message=page)
    assert sam.last.photo is not None and sam.last.caption == "Ada"

    await sam.say("/adjust Ada 2")
    assert "Why?" in (sam.last.text or "")
    await sam.say("Strong start, ready for more")
    assert "Done for Ada" in sam.texts()[-1]
    told = ada.last.text or ""
    assert "Dr Sam (physiotherapist)" in told and "Strong start" in told
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = await session.scalar(select(Decision).where(Decision.rule == "clinician"))
        assert row is not None and (row.from_level, row.to_level) == (1, 2)
        assert row.inputs["reason"] == "Strong start, ready for more"
        assert row.inputs["clinician"] == "Dr Sam (physiotherapist)"

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


async def test_a_clinician_holds_a_plan_and_clears_a_red_flag_each_stored_as_theirs(
    emulator: Emulator, bot: RunningBot
) -> None:
    sam, _kim, ada, _bo = await two_clinics(emulator, bot)
    await sam.say("/adjust Ada clear")
    assert sam.last.text == texts.ADJUST_NOT_NOW  # nothing holds Ada
    await sam.say("/adjust Ada hold")
    await sam.say("Let's rest it until your scan next week")
    assert "put your programme on hold" in (ada.last.text or "")
    assert "/resume" in (ada.last.text or "")
    await ada.say("/resume")

    await ada.say("I can't feel when I pee")
    await ada.tap("Yes — it's new and happening now")
    await sam.say("/adjust Ada 4")
    assert sam.last.text == texts.ADJUST_NOT_NOW  # the dose never changes during a hold
    await sam.say("/adjust Ada clear")
    await sam.say("Examined today: no cauda equina signs")
    assert "cleared you to carry on" in (ada.last.text or "")
    assert bot.db is not None
    async with bot.db.transaction() as session:
        hold = await session.scalar(select(Hold).where(Hold.user_id == 5001))
        assert hold is not None and hold.cleared_at is not None
        assert hold.cleared_by == "Dr Sam (physiotherapist)" and hold.cleared_on is not None
        actions = (await session.scalars(select(Decision.inputs).where(
            Decision.rule == "clinician").order_by(Decision.id))).all()
    assert [a["action"] for a in actions] == ["hold", "clear"]
    assert "Ada isn't" not in (await ada.say("/today"))[0].text or ""


async def test_forged_callback_data_naming_another_clinicians_client_is_refused(
    emulator: Emulator, bot: RunningBot
) -> None:
    sam, _kim, _ada, bo = await two_clinics(emulator, bot)
    await sam.say("/clients")
    message = sam.last
    before = await snapshot(bot)
    for data in ("cl|open|5002", "cl|chart|5002", "cl|report|5002", "cl|level|5002|5",
                 "cl|hold|5002", "cl|clear|5002", "cl|adjust|5002", "cl|open|7002",
                 "cl|revoke|2"):
        await sam.user.press_data(message.message_id, data)
        await bot.settle()
        assert sam.last.text in (texts.NOT_YOUR_CLIENT, texts.INVITE_NOT_REVOKED), data
    for data in ("cl|open|0", "cl|level|5001|11", "cl|open|5001x", "cl|share|short"):
        await sam.user.press_data(message.message_id, data)
        await bot.settle()
        assert sam.last_alert == texts.UNKNOWN_BUTTON, data
    await bo.user.press_data(bo.last.message_id, "cl|unlink|7001")  # Bo never shared with Sam
    await bot.settle()
    assert bo.last.text == texts.STALE_SHARE
    assert await snapshot(bot) == before
    assert all(m.document is None and m.photo is None for m in sam.user.messages)
    assert not mentions(sam, "Bo")


async def test_commands_naming_another_clinicians_client_by_id_or_name_are_refused(
    emulator: Emulator, bot: RunningBot
) -> None:
    sam, _kim, ada, _bo = await two_clinics(emulator, bot)
    before = await snapshot(bot)
    for command in ("/adjust 5002 5", "/adjust Bo 5", "/adjust bo hold", "/adjust BO clear",
                    "/adjust 7002 3", "/adjust Kim 3"):
        await sam.say(command)
        assert sam.last.text == texts.NOT_YOUR_CLIENT, command
    for command in ("/clients", "/adjust Ada 3", "/adjust Bo 3"):  # a client is no clinician
        await ada.say(command)
        assert ada.last.text == texts.NOT_A_CLINICIAN, command
    await sam.say("/adjust Ada 12")
    assert sam.last.text == texts.LEVEL_PROBLEMS[LevelProblem.OFF_LADDER]
    assert await snapshot(bot) == before
    other_ada = person(emulator, bot, 5003, "Ada")
    await onboard(other_ada)
    await link(other_ada, await invite(sam), "Dr Sam")
    before = await snapshot(bot)
    await sam.say("/adjust ada 3")
    assert sam.last.text == texts.SEVERAL_CLIENTS
    await sam.say("/adjust 5003 3")  # by number, it is plain whom
    assert "Why?" in (sam.last.text or "")
    assert await snapshot(bot) != before  # the question is waiting ...
    assert (await snapshot(bot))[:6] == before[:6]  # ... and nothing else changed
    assert not mentions(sam, "Bo")


async def test_an_expired_or_revoked_code_links_nobody(
    emulator: Emulator, bot: RunningBot, clock: FakeClock
) -> None:
    sam, kim, ada, bo = await two_clinics(emulator, bot)
    revoked = await invite(sam)
    await sam.say("/clinic")
    await sam.tap(sam.last.buttons[-1])  # revoke the newest
    assert sam.last.text == texts.INVITE_REVOKED
    expiring = await invite(kim)
    await ada.say(f"/start {expiring}")
    offer = ada.last
    before = await snapshot(bot)
    await bo.say(f"/start {revoked}")
    assert bo.last.text == texts.INVITE_PROBLEMS[InviteProblem.REVOKED]
    await bo.user.press_data(offer.message_id, f"cl|share|{revoked}")  # forged from the code
    await bot.settle()
    assert bo.last.text == texts.INVITE_PROBLEMS[InviteProblem.REVOKED]
    clock.advance(days=INVITE_VALID_DAYS, seconds=1)
    await ada.tap(texts.share_label("Dr Kim"), message=offer)  # shown before it expired
    assert ada.last.text == texts.INVITE_PROBLEMS[InviteProblem.EXPIRED]
    for code in ("not-a-code", "A" * 22):
        await bo.say(f"/start {code}")
        assert bo.last.text == texts.INVITE_PROBLEMS[InviteProblem.UNKNOWN]
    assert await snapshot(bot) == before
    await sam.say("/start " + revoked)  # a clinician's own link, whatever became of it
    assert sam.last.text == texts.INVITE_PROBLEMS[InviteProblem.OWN]


async def test_a_code_used_twice_links_only_the_first(
    emulator: Emulator, bot: RunningBot
) -> None:
    sam, kim, ada, bo = await two_clinics(emulator, bot)
    code = await invite(kim)
    await ada.say(f"/start {code}")
    offer = ada.last
    await bo.say(f"/start {code}")  # forwarded before anyone pressed
    forwarded = bo.last
    await ada.tap(texts.share_label("Dr Kim"), message=offer)
    before = await snapshot(bot)
    await bo.tap(texts.share_label("Dr Kim"), message=forwarded)
    assert bo.last.text == texts.INVITE_PROBLEMS[InviteProblem.USED]
    await ada.user.press_data(offer.message_id, f"cl|share|{code}")  # pressed twice
    await bot.settle()
    assert ada.last.text == texts.INVITE_PROBLEMS[InviteProblem.SHARED]
    await ada.say(f"/start {code}")
    assert ada.last.text == texts.INVITE_PROBLEMS[InviteProblem.SHARED]
    await sam.say(f"/start {code}")
    assert sam.last.text == texts.INVITE_PROBLEMS[InviteProblem.USED]
    assert await snapshot(bot) == before
    own = await invite(sam)
    await sam.say(f"/start {own}")
    assert sam.last.text == texts.INVITE_PROBLEMS[InviteProblem.OWN]


async def test_a_new_user_mid_set_up_is_linked_at_once_and_carries_on(
    emulator: Emulator, bot: RunningBot
) -> None:
    sam, _kim, _ada, _bo = await two_clinics(emulator, bot)
    cy = person(emulator, bot, 5003, "Cy")
    await link(cy, await invite(sam), "Dr Sam")  # no account yet
    assert "agree" in " ".join(cy.last.buttons).lower()  # the set-up starts after it
    await sam.say("/clients")
    assert "Cy: still setting up" in (sam.last.text or "")
    dee = person(emulator, bot, 5004, "Dee")
    await agree(dee)
    await pass_screen(dee)
    await link(dee, await invite(sam), "Dr Sam")  # in the middle of the set-up
    assert "How long have you had this back pain?" in (dee.last.text or "")
    await onboard(cy)
    await sam.say("/clients")
    assert "Cy: level 1" in (sam.last.text or "")


async def test_a_client_who_unlinks_while_the_page_is_open_closes_it(
    emulator: Emulator, bot: RunningBot, clock: FakeClock
) -> None:
    sam, kim, ada, _bo = await two_clinics(emulator, bot)
    await link(ada, await invite(kim), "Dr Kim")
    await sam.say("/clients")
    await sam.tap("Open Ada")
    page = sam.last
    await ada.say("/flare")  # an alert is queued for Sam and Kim ...
    await ada.tap("None of these")
    await ada.tap("None of these")
    await ada.say("/unlink")
    await ada.tap(texts.stop_label("Dr Sam"))  # ... and Sam's link ends before it is sent
    assert "has stopped sharing" in (sam.last.text or "")
    assert bot.application is not None
    before = len(sam.user.messages)
    await queue_of(bot.application).tick(clock.now())
    await bot.settle()
    assert len(sam.user.messages) == before  # Sam's alert is not sent
    assert any("reported a back flare" in t for t in kim.texts())  # Kim's is
    state = await snapshot(bot)
    for button in (texts.CHART_BUTTON, texts.REPORT_BUTTON, texts.ADJUST_BUTTON):
        await sam.tap(button, message=page)
        assert sam.last.text == texts.NOT_YOUR_CLIENT, button
    await sam.say("/adjust Ada 3")
    assert sam.last.text == texts.NOT_YOUR_CLIENT
    assert await snapshot(bot) == state
    assert bot.db is not None
    async with bot.db.transaction() as session:
        left = (await session.scalars(select(ClinicMessage.clinician_id))).all()
    assert list(left) == [7002]


async def test_a_reason_typed_after_the_client_unlinked_changes_nothing(
    emulator: Emulator, bot: RunningBot
) -> None:
    sam, _kim, ada, _bo = await two_clinics(emulator, bot)
    await sam.say("/adjust Ada 5")
    await ada.say("/unlink")
    await ada.tap(texts.stop_label("Dr Sam"))
    before = await snapshot(bot)
    await sam.say("Ready for more")
    assert sam.last.text == texts.NOT_YOUR_CLIENT
    state = await snapshot(bot)
    assert state[:6] == before[:6]
    assert (7001, None) in state[6]  # and the question no longer waits for Sam's words


async def test_a_reason_typed_after_a_flare_began_sets_no_level(
    emulator: Emulator, bot: RunningBot
) -> None:
    sam, _kim, ada, _bo = await two_clinics(emulator, bot)
    await sam.say("/adjust Ada 5")
    await ada.say("/flare")
    await ada.tap("None of these")
    await ada.tap("None of these")
    before = await snapshot(bot)
    await sam.say("Ready for more")
    assert sam.last.text == texts.LEVEL_PROBLEMS[LevelProblem.IN_FLARE]
    assert (await snapshot(bot))[:6] == before[:6]
    await sam.say("/adjust Ada 5")
    assert sam.last.text == texts.LEVEL_PROBLEMS[LevelProblem.IN_FLARE]


async def test_a_clinician_who_deletes_their_account_loses_every_client(
    emulator: Emulator, bot: RunningBot
) -> None:
    sam, _kim, ada, bo = await two_clinics(emulator, bot)
    await link(bo, await invite(sam), "Dr Sam")
    await sam.say("/delete")
    await sam.tap(sam.last.buttons[0])
    for client in (ada, bo):
        assert texts.clinician_erased() in client.texts()
    assert (await ada.say("/sharing"))[0].text == texts.SHARING_NONE
    assert "Dr Kim" in ((await bo.say("/sharing"))[0].text or "")
    for command in ("/clients", "/adjust Ada 3"):
        await sam.say(command)
        assert sam.last.text == texts.NOT_A_CLINICIAN
    assert bot.db is not None
    async with bot.db.transaction() as session:
        assert await session.get(Clinician, 7001) is None
        invites = (await session.scalars(select(ClinicInvite.clinician_id))).all()
        links = (await session.scalars(select(ClinicLink.clinician_id))).all()
    assert set(invites) == {7002} and set(links) == {7002}


async def test_a_client_who_deletes_their_account_leaves_nothing_shared(
    emulator: Emulator, bot: RunningBot, clock: FakeClock
) -> None:
    sam, kim, ada, _bo = await two_clinics(emulator, bot)
    await link(ada, await invite(kim), "Dr Kim")
    await ada.say("/flare")  # alerts queued and not yet sent
    await ada.tap("None of these")
    await ada.tap("None of these")
    await sam.say("/clients")
    clients = sam.last
    await ada.say("/delete")
    await ada.tap(ada.last.buttons[0])
    for clinician in (sam, kim):
        assert texts.client_erased() in clinician.texts()
    assert bot.application is not None
    await queue_of(bot.application).tick(clock.now())
    await bot.settle()
    assert not any(t.startswith("⚠️") for t in sam.texts() + kim.texts())
    await sam.tap("Open Ada", message=clients)
    assert sam.last.text == texts.NOT_YOUR_CLIENT
    await kim.say("/clients")
    assert "Ada" not in (kim.last.text or "") and "Bo" in (kim.last.text or "")
    assert bot.db is not None
    async with bot.db.transaction() as session:
        assert (await session.scalars(select(ClinicLink).where(
            ClinicLink.client_id == 5001))).all() == []
        assert (await session.scalars(select(ClinicMessage).where(
            ClinicMessage.client_id == 5001))).all() == []
        assert (await session.scalars(select(ClinicInvite).where(
            ClinicInvite.used_by == 5001))).all() == []
