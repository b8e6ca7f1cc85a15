"""Onboarding as people type it: typos, day letters, bare hours, corrections, Back, /reset."""

from __future__ import annotations

from datetime import time

from sqlalchemy import select

from bot.domain.safety import RedFlag
from bot.storage import repo
from bot.storage.models import SafetyAnswer
from tests.e2e.flows import NONE_OF_THESE, agree, answer_list, pass_screen
from tests.e2e.harness import Person, RunningBot

PICK_A_BUTTON = "Please pick one of the buttons"


async def stored_user(bot: RunningBot, user_id: int):  # type: ignore[no-untyped-def]
    assert bot.db is not None
    async with bot.db.transaction() as session:
        return await repo.get_user(session, user_id)


def said(replies: list) -> str:  # type: ignore[type-arg]
    return " ".join(reply.text or "" for reply in replies)


async def test_typed_answers_all_the_way_to_the_plan(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await pass_screen(ada)
    await ada.say("about 2 years")
    replies = await ada.say("4-5")
    assert "between 4 and 5" in said(replies) and replies[-1].buttons == ["4", "5"]
    await ada.say("about 4")
    replies = await ada.say("3.5")
    assert "between 3 and 4" in said(replies)
    await ada.say("3")
    replies = await ada.say("used to jog")
    assert "three training days" in (replies[-1].text or "")
    replies = await ada.say("mon wendsday fri")
    assert "What time" in (replies[-1].text or "")
    replies = await ada.say("18")
    assert "time zone" in said(replies).lower()
    await ada.say("London")
    assert "Starting level" in (ada.last.text or "")
    assert PICK_A_BUTTON not in " ".join(ada.texts())
    user = await stored_user(bot, ada.user.id)
    assert user is not None
    assert (user.pain_duration, user.baseline_pain, user.running_history) == (
        "over_a_year", 4, "used_to_run")
    assert user.training_days == "mon,wed,fri" and user.reminder_time == time(18)


async def test_a_bare_morning_or_evening_hour_is_asked_about(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await pass_screen(ada)
    for answer in ("More than a year", "4", "3", "Never"):
        await ada.tap(answer)
    await ada.say("mwf")
    replies = await ada.say("7")
    assert "7 in the morning or the evening?" in (replies[0].text or "")
    assert replies[0].buttons == ["07:00", "19:00"]
    await ada.tap("19:00")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.reminder_time == time(19)
    assert user.training_days == "mon,wed,fri"


async def test_the_running_choices_include_used_to_run_regularly(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    await pass_screen(ada)
    for answer in ("More than a year", "4", "3"):
        await ada.tap(answer)
    assert "I used to run regularly" in ada.last.buttons
    await ada.tap("I used to run regularly")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.running_history == "used_to_run"


async def test_oops_i_meant_no_corrects_a_red_flag_yes(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    replies = await answer_list(ada, 2)  # numbness in the saddle area: the emergency stop
    assert "emergency" in said(replies).lower()
    replies = await ada.say("oops I meant no")
    assert "Exercise check" in (replies[-1].text or "")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.safety_stop is None
    assert user.onboarding_step == "readiness"
    assert bot.db is not None
    async with bot.db.transaction() as session:
        rows = (await session.execute(select(SafetyAnswer).where(
            SafetyAnswer.user_id == ada.user.id).order_by(SafetyAnswer.id))).scalars().all()
    flags = [f"red_flag:{flag.value}" for flag in RedFlag]
    saddle = f"red_flag:{RedFlag.SADDLE_NUMBNESS.value}"
    assert [(row.question, row.answer) for row in rows] == [  # every answer kept
        *((flag, flag == saddle) for flag in flags),
        *((f"withdrawn:{flag}", True) for flag in flags),
        *((flag, False) for flag in flags)]


async def test_back_on_every_question_after_screening(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await pass_screen(ada)
    await ada.tap("More than a year")
    questions = ["usual", "right now", "run before", "three training days", "What time"]
    for answer, question in zip(("4", "3", "Never", None), questions, strict=False):
        assert "⬅️ Back" in ada.last.buttons, question
        if answer is not None:
            await ada.tap(answer)
    await ada.say("mon wed fri")
    replies = await ada.tap("⬅️ Back")
    assert "three training days" in (replies[-1].text or "")
    await ada.tap("⬅️ Back")
    replies = await ada.say("back")
    assert "right now" in (replies[-1].text or "")
    await ada.tap("5")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.baseline_pain == 4 and user.training_days == "mon,wed,fri"


async def test_at_the_time_zone_question_back_and_corrections_are_about_the_time(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    await pass_screen(ada)
    for answer in ("More than a year", "4", "3", "Never"):
        await ada.tap(answer)
    await ada.say("mon wed fri")
    await ada.tap("07:30")
    replies = await ada.say("back")
    assert "What time" in (replies[-1].text or "")
    await ada.tap("07:30")
    replies = await ada.say("oops I meant 18:00")
    assert "time zone" in (replies[-1].text or "").lower()
    assert "don't know that place" not in said(replies)
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.reminder_time == time(18)


async def test_mon_tue_wed_names_both_back_to_back_pairs(ada: Person) -> None:
    await agree(ada)
    await pass_screen(ada)
    for answer in ("More than a year", "4", "3", "Never"):
        await ada.tap(answer)
    replies = await ada.say("mon tue wed")
    assert "Monday–Tuesday and Tuesday–Wednesday are back to back" in said(replies)


async def test_reset_mid_onboarding_offers_no_plan_to_keep(ada: Person) -> None:
    await agree(ada)
    await ada.tap(NONE_OF_THESE)
    replies = await ada.say("/reset")
    assert "No, keep my plan" not in replies[0].buttons
    assert replies[0].buttons == ["Yes, start again", "No, carry on where I was"]
    await ada.tap("No, carry on where I was")
    assert ada.user.messages[-1].text == "OK, nothing changed."
