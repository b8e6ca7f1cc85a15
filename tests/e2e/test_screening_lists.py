"""The red flags and the readiness questions, each asked as one multi-select message."""

from __future__ import annotations

from bot.domain.safety import Readiness, RedFlag
from bot.emulator import Emulator
from bot.storage import repo
from bot.storage.models import User
from tests.e2e.flows import NONE_OF_THESE, agree, answer_list, done_label, tick, tick_label
from tests.e2e.harness import Person, RunningBot

FLAGS = [f"red_flag:{flag.value}" for flag in RedFlag]
QUESTIONS = [f"readiness:{question.value}" for question in Readiness]


async def stored(bot: RunningBot, person: Person) -> tuple[User, list[tuple[str, bool]]]:
    """The person's row and every screening answer stored for them, oldest first."""
    assert bot.db is not None
    async with bot.db.transaction() as session:
        user = await repo.get_user(session, person.user.id)
        assert user is not None
        rows = await repo.safety_answers(session, person.user.id)
        return user, [(row.question, row.answer) for row in rows]


def answers(questions: list[str], *yes: str) -> list[tuple[str, bool]]:
    return [(question, question in yes) for question in questions]


async def test_none_of_these_answers_each_list_in_one_tap(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    red_flags = ada.last
    assert len(red_flags.buttons) == 1 + len(RedFlag) + 2  # None, the flags, Done, Back
    assert red_flags.buttons[0] == NONE_OF_THESE and red_flags.buttons[-2] == "Done"
    replies = await ada.tap(NONE_OF_THESE)
    assert len(replies) == 1 and "Exercise check" in (replies[0].text or "")
    assert red_flags.buttons == []  # the answered list keeps no buttons
    replies = await ada.tap(NONE_OF_THESE)
    assert len(replies) == 1 and "How long have you had this back pain" in (replies[0].text or "")
    _, rows = await stored(bot, ada)
    assert rows == answers(FLAGS) + answers(QUESTIONS)


async def test_one_red_flag_ticked_stops_with_its_message_and_stores_every_answer(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    replies = await tick(ada, 7)  # a recent significant fall
    assert replies == []  # the list is edited in place, nothing new is sent
    assert tick_label(ada.last, 7) == "✅ 7 Fall/accident"
    assert done_label(ada.last) == "Done (1 ticked)"
    replies = await ada.tap("Done (1 ticked)")
    assert "see a doctor before starting" in (replies[-1].text or "")
    assert replies[-1].buttons == ["A clinician has cleared me", "⬅️ Back"]
    user, rows = await stored(bot, ada)
    assert user.safety_stop == "see_doctor" and user.onboarding_step == "safety_stop:fall"
    assert rows == answers(FLAGS, "red_flag:fall")
    replies = await ada.tap("A clinician has cleared me")
    assert "Exercise check" in (replies[-1].text or "")
    assert tick_label(ada.last, 1) == "☐ 1 Heart or BP"  # nothing carried over


async def test_an_emergency_flag_among_others_gets_the_emergency_message(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    replies = await answer_list(ada, 8, 3)  # night pain, and legs getting weaker
    assert "Please get medical help today" in (replies[-1].text or "")
    user, rows = await stored(bot, ada)
    assert user.safety_stop == "emergency"
    assert rows == answers(FLAGS, "red_flag:leg_weakness", "red_flag:night_pain")


async def test_two_readiness_items_ticked_lead_to_clearance(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await ada.tap(NONE_OF_THESE)
    await tick(ada, 3, 5, 6, 6)  # the joint problem ticked and unticked again
    assert [tick_label(ada.last, n)[0] for n in range(1, 8)] == list("☐☐✅☐✅☐☐")
    replies = await ada.tap("Done (2 ticked)")
    assert "Has a clinician already cleared you" in (replies[-1].text or "")
    _, rows = await stored(bot, ada)
    assert rows[len(FLAGS):] == answers(QUESTIONS, "readiness:dizziness", "readiness:medication")
    await ada.tap("A clinician has cleared me")
    assert "How long have you had this back pain" in (ada.last.text or "")


async def test_typed_answers_to_the_lists(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    replies = await ada.say("yes")
    assert len(replies) == 1 and "Which ones?" in (replies[0].text or "")
    replies = await ada.say("none")
    assert "Exercise check" in (replies[-1].text or "")
    replies = await ada.say("1 3")
    assert "Has a clinician already cleared you" in (replies[-1].text or "")
    user, rows = await stored(bot, ada)
    assert user.safety_stop == "check_readiness"
    assert rows == answers(FLAGS) + answers(QUESTIONS, "readiness:heart", "readiness:dizziness")


async def test_comma_numbers_and_plain_words_pick_red_flags(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    replies = await ada.say("4,6")
    assert "see a doctor before starting" in (replies[-1].text or "")
    _, rows = await stored(bot, ada)
    assert rows == answers(FLAGS, "red_flag:fever", "red_flag:cancer")
    await ada.tap("⬅️ Back")
    replies = await ada.say("I had a fall on the ice last week")
    assert "see a doctor before starting" in (replies[-1].text or "")
    user, rows = await stored(bot, ada)
    assert user.onboarding_step == "safety_stop:fall"
    assert rows[-len(FLAGS):] == answers(FLAGS, "red_flag:fall")


async def test_back_from_each_list(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await tick(ada, 2)
    replies = await ada.tap("⬅️ Back")  # from the red flags: the consent question again
    assert "Shall we go on?" in (replies[-1].text or "")
    user, rows = await stored(bot, ada)
    assert user.onboarding_step == "consent" and user.screening_picks is None and rows == []
    await ada.tap("I agree, let's go")
    assert tick_label(ada.last, 2) == "☐ 2 Saddle numbness"
    await ada.tap(NONE_OF_THESE)
    replies = await ada.tap("⬅️ Back")  # from the readiness list: the red flags again
    assert "Safety check" in (replies[-1].text or "")
    _, rows = await stored(bot, ada)
    assert rows == answers(FLAGS) + [(f"withdrawn:{flag}", True) for flag in FLAGS]
    await answer_list(ada, 5)
    assert "see a doctor before starting" in (ada.last.text or "")


async def test_a_stale_tick_after_done_changes_nothing(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    red_flags = ada.last
    stale_tick = red_flags.button(tick_label(red_flags, 1))
    assert stale_tick is not None
    await ada.tap(NONE_OF_THESE)
    readiness = ada.last
    await ada.user.press_data(red_flags.message_id, stale_tick["callback_data"])
    await bot.settle()
    assert ada.last_alert == "That question has already been answered."
    assert ada.user.last_message is readiness
    user, rows = await stored(bot, ada)
    assert user.onboarding_step == "readiness" and user.safety_stop is None
    assert user.screening_picks is None and rows == answers(FLAGS)


async def test_a_doubled_done_is_taken_once(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await ada.tap(NONE_OF_THESE)
    await tick(ada, 2)
    readiness = ada.last
    done = readiness.button("Done (1 ticked)")
    assert done is not None
    await ada.user.press_data(readiness.message_id, done["callback_data"])
    await ada.user.press_data(readiness.message_id, done["callback_data"])  # before any reply
    await bot.settle()
    assert ada.last_alert == "That question has already been answered."
    clearance = [m for m in ada.user.messages if "Has a clinician already cleared you"
                 in (m.text or "")]
    assert len(clearance) == 1
    _, rows = await stored(bot, ada)
    assert rows[len(FLAGS):] == answers(QUESTIONS, "readiness:chest_pain")


async def test_done_with_nothing_ticked_says_what_to_tap(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    replies = await ada.tap("Done")
    assert replies == []
    assert ada.last_alert is not None and "Nothing is ticked yet" in ada.last_alert
    user, rows = await stored(bot, ada)
    assert user.onboarding_step == "red_flag" and rows == []


async def test_the_ticks_survive_a_restart(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await tick(ada, 4, 6)
    red_flags = ada.last
    await bot.restart()
    await ada.tap(tick_label(red_flags, 7), message=red_flags)  # the same message, after it
    assert done_label(red_flags) == "Done (3 ticked)"
    replies = await ada.say("/start")  # asked again: shown with the ticks kept
    assert [tick_label(replies[-1], n)[0] for n in (4, 6, 7)] == ["✅", "✅", "✅"]
    await ada.tap("Done (3 ticked)")
    _, rows = await stored(bot, ada)
    assert rows == answers(FLAGS, "red_flag:fever", "red_flag:cancer", "red_flag:fall")


async def test_a_tick_from_another_users_message_touches_only_the_presser(
    ada: Person, bot: RunningBot, emulator: Emulator
) -> None:
    bob = Person(emulator.user(user_id=5002, first_name="Bob"), bot)
    await agree(ada)
    await tick(ada, 4)
    cancer = ada.last.button(tick_label(ada.last, 6))
    assert cancer is not None
    await bob.say("/start")  # Bob has not agreed yet: the tick is not his question's
    await bob.user.press_data(bob.last.message_id, cancer["callback_data"])
    await bot.settle()
    assert bob.last_alert == "That question has already been answered."
    await bob.tap("I agree, let's go")
    await bob.user.press_data(bob.last.message_id, cancer["callback_data"])
    await bot.settle()
    ada_row, _ = await stored(bot, ada)
    bob_row, _ = await stored(bot, bob)
    assert ada_row.screening_picks == "fever" and bob_row.screening_picks == "cancer"
    assert tick_label(bob.last, 6) == "✅ 6 Cancer"


async def test_a_tick_forged_for_the_other_list_is_refused(ada: Person, bot: RunningBot) -> None:
    await agree(ada)
    await ada.user.press_data(ada.last.message_id, "ob|red_flag|tick:heart")
    await bot.settle()
    assert ada.last_alert == "Please pick one of the buttons."
    user, _ = await stored(bot, ada)
    assert user.screening_picks is None
