"""Safety stops, clearance, restarts, bad input and stale buttons during onboarding."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot.domain.safety import Readiness, RedFlag
from bot.storage import repo
from bot.storage.models import SafetyAnswer
from tests.e2e.flows import NONE_OF_THESE, agree, answer_list, onboard, pass_screen
from tests.e2e.harness import Person, RunningBot


async def stored_user(bot: RunningBot, user_id: int):  # type: ignore[no-untyped-def]
    assert bot.db is not None
    async with bot.db.transaction() as session:
        return await repo.get_user(session, user_id)


async def test_an_emergency_red_flag_stops_with_the_emergency_message(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    replies = await answer_list(ada, 1)  # loss of bladder or bowel control
    assert "Please get medical help today" in (replies[-1].text or "")
    assert "cauda equina" in (replies[-1].text or "")
    assert replies[-1].buttons == ["⬅️ Back"]  # no one-tap clearance: /cleared names who
    assert "/cleared" in (replies[-1].text or "")
    replies = await ada.say("/today")
    assert "finish setting you up" in (replies[0].text or "")
    assert "medical help today" in (replies[-1].text or "")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.onboarded_at is None and user.safety_stop == "emergency"


async def test_another_red_flag_says_see_a_doctor_and_clearance_is_stored(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    replies = await answer_list(ada, 4)  # fever or feeling unwell
    assert "see a doctor before starting" in (replies[-1].text or "")
    replies = await ada.say("I feel fine now")
    assert "only go on once a clinician has cleared you" in (replies[0].text or "")
    replies = await ada.tap("A clinician has cleared me")
    assert "stored that" in (replies[0].text or "")
    assert "Exercise check" in (replies[-1].text or "")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.cleared_at is not None and user.safety_stop is None


async def test_a_readiness_yes_needs_clearance_to_continue(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await ada.tap(NONE_OF_THESE)
    await answer_list(ada, 1)  # heart condition or high blood pressure
    assert "Has a clinician already cleared you" in (ada.last.text or "")
    replies = await ada.tap("I'll check first")
    assert "when they've cleared you" in (replies[-1].text or "")
    replies = await ada.say("/start")
    assert "Has a clinician already cleared you" in (replies[-1].text or "")
    await ada.tap("A clinician has cleared me")
    assert "How long have you had this back pain" in (ada.last.text or "")
    assert bot.db is not None
    async with bot.db.transaction() as session:
        rows = (await session.scalars(select(SafetyAnswer.question)
                                      .where(SafetyAnswer.answer.is_(True)))).all()
    assert rows == ["readiness:heart", "readiness:cleared"]


async def test_a_restart_mid_onboarding_resumes_at_the_same_question(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    await pass_screen(ada)
    await ada.tap("More than a year")
    question = ada.last
    assert "past week" in (question.text or "")
    await bot.restart()
    replies = await ada.say("/start")
    assert "past week" in (replies[-1].text or "")
    await ada.tap("5", message=question)  # the button from before the restart still counts
    assert "right now" in (ada.last.text or "")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.baseline_pain == 5


async def test_a_restart_during_day_picking_keeps_the_days(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await pass_screen(ada)
    await ada.tap("More than a year")
    await ada.tap("4")
    await ada.tap("3")
    await ada.tap("Never")
    await ada.tap("Tue")
    await bot.restart()
    await ada.tap("Thu")
    assert "Picked: Tuesday, Thursday (2/3)" in (ada.last.text or "")


@pytest.mark.parametrize("lists_before", [0, 1])
@pytest.mark.parametrize(
    ("bad", "expected"),
    [("maybe", "I couldn't tell which of these you mean"),
     ("yes", "Which ones?"),
     ("12", "only goes from 1 to")],
)
async def test_unclear_answers_to_a_list_get_a_precise_hint_and_keep_the_list(
    ada: Person, bot: RunningBot, lists_before: int, bad: str, expected: str
) -> None:
    await agree(ada)
    for _ in range(lists_before):
        await ada.tap(NONE_OF_THESE)
    asked = ada.last
    replies = await ada.say(bad)
    assert len(replies) == 1 and expected in (replies[0].text or "")
    assert "Please pick one of the buttons" not in (replies[0].text or "")
    assert ada.user.last_message is replies[0] and asked.buttons[0] == NONE_OF_THESE
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.onboarding_step == ("red_flag", "readiness")[lists_before]
    await answer_list(ada)  # the list above still answers
    assert ("Exercise check", "How long")[lists_before] in (ada.last.text or "")


async def test_bad_input_at_every_later_step(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await pass_screen(ada)
    replies = await ada.say("a while")
    assert "couldn't tell which of these that is" in (replies[0].text or "")
    assert "How long" in (replies[-1].text or "")
    await ada.tap("More than a year")
    for bad in ("11", "-1", "lots"):
        replies = await ada.say(bad)
        assert "whole number from 0" in (replies[0].text or ""), bad
        assert "past week" in (replies[-1].text or "")
    replies = await ada.say("4.5")
    assert "between 4 and 5" in (replies[0].text or "")
    assert replies[-1].buttons == ["4", "5"]
    await ada.say("4")
    await ada.say("3")
    replies = await ada.say("marathons")
    assert "couldn't tell how much you've run" in (replies[0].text or "")
    assert "Please pick one of the buttons" not in " ".join(r.text or "" for r in replies)
    await ada.tap("Never")
    replies = await ada.say("someday soon")
    assert "couldn't read those days" in (replies[0].text or "")
    replies = await ada.say("mon wed")
    assert "exactly three" in (replies[0].text or "")
    replies = await ada.tap("Done (0/3)")
    assert replies == []
    assert ada.last_alert is not None and "exactly three" in ada.last_alert
    await ada.say("mon tue fri")
    assert "back to back" in " ".join(ada.texts()[-3:])
    for bad in ("25:00", "7:75", "teatime", "13pm"):
        replies = await ada.say(bad)
        assert "couldn't read that time" in (replies[0].text or ""), bad
    await ada.say("6am")
    replies = await ada.say("Xyzzyville")
    assert "don't know that place" in (replies[0].text or "")
    replies = await ada.say("UTC+2")
    assert "could be a few places" in (replies[0].text or "")
    assert len(replies[0].buttons) >= 2
    choice = replies[0].buttons[0]
    await ada.tap(choice)
    assert "Starting level" in (ada.last.text or "")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.timezone is not None and user.timezone in choice
    assert user.baseline_pain == 4 and user.training_days == "mon,tue,fri"


async def test_a_shared_location_sets_the_time_zone(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await pass_screen(ada)
    for label in ("More than a year", "4", "3", "Never"):
        await ada.tap(label)
    await ada.say("mon wed fri")
    await ada.tap("07:30")
    replies = await ada.share_location(52.52, 13.405)  # Berlin
    assert "Europe/Berlin" in (replies[0].text or "")
    assert "Starting level" in (ada.last.text or "")
    replies = await ada.share_location(0.0, -160.0)  # a location at the wrong step
    assert "Please pick one of the buttons" in (replies[0].text or "")


async def test_commands_mid_onboarding_answer_and_keep_the_place(ada: Person) -> None:
    await agree(ada)
    await ada.tap(NONE_OF_THESE)
    question = ada.last.text
    assert "Exercise check" in (question or "")
    replies = await ada.say("/today")
    assert "finish setting you up first" in (replies[0].text or "")
    assert replies[-1].text == question
    replies = await ada.say("/help")
    assert "coach, not a clinician" in (replies[0].text or "")
    assert replies[-1].text == question
    replies = await ada.say("/nonsense")
    assert "/help" in (replies[0].text or "")
    replies = await ada.say("/start")
    assert replies[-1].text == question


async def test_stale_and_doubled_buttons_have_no_second_effect(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    await pass_screen(ada)
    duration_question = ada.last
    old_button = duration_question.button("Less than 3 months")
    assert old_button is not None
    await ada.tap("More than a year")
    # A client showing an outdated keyboard can still send the old button's data.
    await ada.user.press_data(duration_question.message_id, old_button["callback_data"])
    await bot.settle()
    assert ada.last_alert == "That question has already been answered."
    pain_question = ada.last
    assert ada.user.messages[-1] == pain_question
    await ada.user.press("6", message=pain_question)
    await ada.user.press("2", message=pain_question)  # a double tap before any reply
    await bot.settle()
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.pain_duration == "over_a_year"
    assert user.baseline_pain == 6
    assert ada.last_alert == "That question has already been answered."


async def test_short_pain_history_is_noted_and_going_on_is_allowed(ada: Person) -> None:
    await agree(ada)
    await pass_screen(ada)
    replies = await ada.tap("Less than 3 months")
    assert "designed for back pain lasting more than three months" in (replies[0].text or "")
    assert "past week" in (replies[-1].text or "")


async def test_high_usual_pain_starts_at_level_0_with_a_safety_word(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    await pass_screen(ada)
    await ada.tap("More than a year")
    await ada.tap("7")
    replies = await ada.tap("9")
    assert "That's a lot of pain" in (replies[0].text or "")
    for label in ("Never",):
        await ada.tap(label)
    await ada.say("mon wed fri")
    await ada.tap("07:30")
    await ada.say("London")
    assert "Starting level: <b>0</b>" in (ada.last.source or "")
    assert "20:00 brisk walk" in (ada.last.text or "")


async def test_finished_users_see_the_menu_on_start(ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    replies = await ada.say("/start")
    assert replies[0].buttons == ["📅 Today's session", "▶️ Start", "🗺 Plan", "📈 Progress",
                                  "⚙️ Settings", "❓ Help"]
    replies = await ada.tap("📅 Today's session")
    assert "first session is" in (replies[0].text or "")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.programme_start == date(2027, 1, 6)


async def test_a_wrong_red_flag_yes_is_taken_back_before_it_stands_as_a_hold(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    question = ada.last.text
    replies = await answer_list(ada, 1)  # loss of bladder or bowel control, ticked by mistake
    assert "Please get medical help today" in (replies[-1].text or "")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.safety_stop == "emergency"
    replies = await ada.tap("⬅️ Back")
    assert replies[-1].text == question
    assert replies[-1].buttons[1] == "✅ 1 Bladder/bowel"  # the list again, as it was answered
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.safety_stop is None
    assert user.onboarding_step == "red_flag"
    await ada.tap("✅ 1 Bladder/bowel")
    await ada.tap(NONE_OF_THESE)
    assert "Exercise check" in (ada.last.text or "")
    await ada.tap(NONE_OF_THESE)
    assert "How long have you had this back pain" in (ada.last.text or "")
    assert bot.db is not None
    async with bot.db.transaction() as session:
        rows = [(row.question, row.answer)
                for row in await repo.safety_answers(session, ada.user.id)]
    flags = [f"red_flag:{flag.value}" for flag in RedFlag]
    assert rows[:8] == [(flag, flag == "red_flag:bladder_bowel") for flag in flags]
    assert rows[8:16] == [(f"withdrawn:{flag}", True) for flag in flags]
    assert rows[16:24] == [(flag, False) for flag in flags]
    assert rows[24:] == [(f"readiness:{question.value}", False) for question in Readiness]


async def test_a_typed_back_corrects_the_answer_just_given(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await ada.tap(NONE_OF_THESE)
    assert "Exercise check" in (ada.last.text or "")
    assert ada.last.buttons[0] == NONE_OF_THESE and ada.last.buttons[-1] == "⬅️ Back"
    replies = await ada.say("back")
    assert "Safety check" in (replies[-1].text or "")
    await ada.say("none")
    await answer_list(ada, 2)  # chest pain, ticked by mistake
    assert "Has a clinician already cleared you" in (ada.last.text or "")
    replies = await ada.say("go back")
    assert "Exercise check" in (replies[-1].text or "")
    assert "✅ 2 Chest pain" in replies[-1].buttons
    await ada.tap(NONE_OF_THESE)
    assert "How long have you had this back pain" in (ada.last.text or "")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.safety_stop is None


async def test_the_joint_question_excludes_the_back_pain_the_programme_is_for(
    ada: Person,
) -> None:
    await agree(ada)
    await ada.tap(NONE_OF_THESE)
    text = ada.last.source or ""
    assert "Exercise check" in text
    assert ("6. A bone, joint or soft-tissue problem (muscle, ligament or tendon), "
            "<b>other than the back pain this programme is for</b>, that could get worse "
            "if you became more active") in text


async def test_pain_questions_take_typed_answers_and_ask_about_ranges(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    await pass_screen(ada)
    replies = await ada.say("about 2 years")
    assert "past week" in (replies[-1].text or "")
    replies = await ada.say("4-5")
    assert "between 4 and 5" in (replies[0].text or "")
    assert "is it 4 or 5" in (replies[0].text or "")
    await ada.tap("5")
    assert "right now" in (ada.last.text or "")
    replies = await ada.say("12")
    assert "12 is outside the scale" in (replies[0].text or "")
    assert "right now" in (replies[-1].text or "")
    await ada.say("about 3")
    assert "Have you run before" in (ada.last.text or "")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.baseline_pain == 5 and user.pain_duration == "over_a_year"
