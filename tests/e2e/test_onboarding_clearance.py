"""After an emergency red flag during set-up the clearance is deliberate: no button on the
emergency message, and /cleared names who cleared the user and when. Other flags keep the
one tap, stored."""

from __future__ import annotations

from datetime import date

from bot.domain.onboarding import CLEARED
from bot.telegram.buttons import LiftHold, OnboardingAnswer
from tests.conftest import FakeClock
from tests.e2e.flows import agree, answer_list
from tests.e2e.harness import Person, RunningBot
from tests.e2e.test_onboarding_paths import stored_user
from tests.e2e.test_safety import holds


async def test_an_emergency_stop_in_set_up_is_cleared_with_who_and_when(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await agree(ada)
    replies = await answer_list(ada, 1)  # loss of bladder or bowel control
    assert "Please get medical help today" in (replies[-1].text or "")
    assert "A clinician has cleared me" not in replies[-1].buttons
    replies = await ada.say("cleared")  # typing the old button's answer does not clear
    assert "/cleared" in (replies[0].text or "")
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.safety_stop == "emergency" and user.cleared_at is None
    clock.advance(days=1)
    replies = await ada.say("/cleared")
    assert "Who cleared you" in (replies[-1].text or "")
    replies = await ada.say("Dr Patel, A&E at St Thomas'")
    assert "when did they clear you" in (replies[-1].text or "")
    assert replies[-1].buttons[:2] == ["Today", "Yesterday"]  # dated back to the stop
    replies = await ada.tap("Yesterday")
    assert "Dr Patel" in (replies[0].text or "") and "carry on" in (replies[0].text or "")
    assert "Exercise check" in (replies[-1].text or "")
    (hold,) = await holds(bot)
    assert (hold.outcome, hold.reason) == ("emergency", "onboarding")
    assert hold.cleared_by == "Dr Patel, A&E at St Thomas'"
    assert hold.cleared_on == date(2027, 1, 4) and hold.cleared_at is not None
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.safety_stop is None and user.cleared_at is not None


async def test_a_forged_clearance_button_cannot_clear_an_emergency_stop_in_set_up(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    stop = (await answer_list(ada, 1))[-1]
    forged = OnboardingAnswer("safety_stop:bladder_bowel", CLEARED).encode()
    await ada.user.press_data(stop.message_id, forged)
    await ada.user.press_data(stop.message_id, LiftHold().encode())
    await bot.settle()
    user = await stored_user(bot, ada.user.id)
    assert user is not None and user.safety_stop == "emergency" and user.cleared_at is None


async def test_another_flag_in_set_up_keeps_the_one_tap_even_after_cleared(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    await answer_list(ada, 4)  # fever or feeling unwell
    replies = await ada.say("/cleared")
    assert replies[-1].buttons[0] == "A clinician has cleared me"
    replies = await ada.tap("A clinician has cleared me", message=replies[-1])
    assert "Exercise check" in (replies[-1].text or "")
    assert await holds(bot) == []
