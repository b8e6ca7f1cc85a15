"""/settings and its buttons, the questions /schedule and /pause ask, and the main menu."""

from __future__ import annotations

from datetime import timedelta

from bot.telegram import texts
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.test_live_session import WEDNESDAY_0730
from tests.e2e.test_reminders import tick
from tests.e2e.test_safe_dosing import THURSDAY_0800, session_now

SETTINGS_BUTTONS = ["🗓 Days", "⏰ Reminder time", "🌅 Morning check-in", "🌍 Time zone",
                    "🔔 Cues: in the chat", "⏸ Pause"]


async def open_settings(person: Person) -> None:
    replies = await person.say("/settings")
    assert len(replies) == 1
    assert replies[0].buttons == SETTINGS_BUTTONS


async def test_settings_show_every_setting_behind_a_button(ada: Person) -> None:
    await onboard(ada)
    await open_settings(ada)
    text = ada.last.text or ""
    assert "Reminder: 07:30 (Europe/London)" in text
    assert "Morning check-in after a session: 08:00" in text
    assert "• Cues: in the chat" in text
    assert await ada.tap("🔔 Cues: in the chat") == []
    assert "How cues arrive" in (ada.last.text or "")
    assert ada.last.buttons == ["✅ 💬 Cues in chat", "🎧 Audio track", "💬🎧 Both", "« Back"]


async def test_days_are_a_toggle_grid_saved_in_place(ada: Person) -> None:
    await onboard(ada)
    await open_settings(ada)
    settings_message = ada.last
    assert await ada.tap("🗓 Days") == []
    assert "Save (3/3)" in settings_message.buttons
    await ada.tap("✅ Mon")
    await ada.tap("Save (2/3)")
    assert "exactly three" in (ada.last_alert or "")
    await ada.tap("Tue")
    assert await ada.tap("Save (3/3)") == []
    text = settings_message.text or ""
    assert "Training days: Tuesday, Wednesday, Friday" in text
    assert settings_message.buttons == SETTINGS_BUTTONS


async def test_a_reminder_time_is_tapped_or_typed(ada: Person) -> None:
    await onboard(ada)
    await open_settings(ada)
    settings_message = ada.last
    await ada.tap("⏰ Reminder time")
    await ada.tap("18:00")
    assert "Reminder: 18:00" in (settings_message.text or "")
    await ada.tap("⏰ Reminder time")
    await ada.tap("Type another…")
    assert "Type the time" in (settings_message.text or "")
    replies = await ada.say("7:45")
    assert [r.text for r in replies] == ["✅ Session reminder: 07:45."]
    assert "Reminder: 07:45" in (settings_message.text or "")
    replies = await ada.say("7:50")  # answered once: the next time is no setting
    assert "07:50" not in (settings_message.text or "")


async def test_the_morning_check_in_comes_at_the_users_own_time(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    await open_settings(ada)
    await ada.tap("🌅 Morning check-in")
    await ada.tap("06:30")
    assert "Morning check-in after a session: 06:30" in (ada.last.text or "")
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    before = len(ada.user.messages)
    clock.set(THURSDAY_0800 - timedelta(minutes=91))
    await tick(bot, clock)
    assert len(ada.user.messages) == before
    clock.set(THURSDAY_0800 - timedelta(minutes=90))
    await tick(bot, clock)
    assert "this morning" in (ada.last.text or "")


async def test_a_time_zone_is_typed_and_picked_from_buttons(ada: Person) -> None:
    await onboard(ada)
    await open_settings(ada)
    settings_message = ada.last
    await ada.tap("🌍 Time zone")
    assert await ada.say("Qwxzyville") == []
    assert "don't know that place" in (settings_message.text or "")
    assert await ada.say("Springfield") == []  # asked again: the next place answers it
    assert "tap yours" in (settings_message.text or "")
    assert len(settings_message.buttons) > 2
    await ada.tap(settings_message.buttons[0])
    assert "Time zone:" in (settings_message.text or "")
    await ada.tap("🌍 Time zone")
    replies = await ada.say("Europe/Paris")
    assert [r.text for r in replies] == ["✅ Time zone: Europe/Paris."]
    assert "(Europe/Paris)" in (settings_message.text or "")


async def test_schedule_offers_zones_as_buttons_and_asks_for_a_bare_time(ada: Person) -> None:
    await onboard(ada)
    replies = await ada.say("/schedule zone Springfield")
    assert "Tap one" in (replies[0].text or "") and len(replies[0].buttons) > 2
    await ada.tap(replies[0].buttons[0])
    assert "Time zone:" in (replies[0].text or "")
    replies = await ada.say("/schedule zone")
    assert "type your city" in (replies[0].text or "")
    replies = await ada.say("Europe/Berlin")
    assert [r.text for r in replies] == ["✅ Time zone: Europe/Berlin."]
    replies = await ada.say("/schedule time")
    assert "tap a time, or type another" in (replies[0].text or "")
    assert "18:00" in replies[0].buttons
    replies = await ada.say("19:15")
    assert [r.text for r in replies] == ["✅ Session reminder: 19:15."]
    replies = await ada.say("/schedule")
    assert "Reminder: 19:15" in (replies[0].text or "")


async def test_pause_offers_how_long_by_buttons_or_a_typed_date(ada: Person) -> None:
    await onboard(ada)
    replies = await ada.say("/pause")
    assert replies[0].buttons == ["1 week", "2 weeks", "Until a date…", "No end date"]
    await ada.tap("2 weeks")
    assert "Paused until Monday 18 January" in (replies[0].text or "")
    await ada.say("/resume")
    replies = await ada.say("/pause")
    await ada.tap("Until a date…")
    assert "Until when?" in (replies[0].text or "")
    replies = await ada.say("2027-02-01")
    assert "Paused until Monday 1 February" in (replies[0].text or "")
    replies = await ada.say("/resume")
    assert "Welcome back" in (replies[0].text or "")


async def test_pause_and_resume_from_settings(ada: Person) -> None:
    await onboard(ada)
    await open_settings(ada)
    settings_message = ada.last
    await ada.tap("⏸ Pause")
    await ada.tap("1 week")
    assert "Paused until" in (settings_message.text or "")
    assert "▶️ Resume" in settings_message.buttons
    replies = await ada.tap("▶️ Resume")
    assert "Welcome back" in (replies[0].text or "")
    assert settings_message.buttons == SETTINGS_BUTTONS


async def test_pause_then_resume_keeps_the_next_morning_check_in(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    await ada.say("/pause")
    await ada.tap("No end date")
    await ada.say("/resume")
    clock.set(THURSDAY_0800)
    await tick(bot, clock)
    assert "this morning" in (ada.last.text or "")


async def test_the_main_menu_reaches_start_plan_progress_and_settings(ada: Person) -> None:
    await onboard(ada)
    replies = await ada.say("/start")
    menu = replies[0]
    assert menu.buttons == ["📅 Today's session", "▶️ Start", "🗺 Plan", "📈 Progress",
                            "⚙️ Settings", "❓ Help"]
    replies = await ada.tap("⚙️ Settings", message=menu)
    assert replies[0].buttons == SETTINGS_BUTTONS
    replies = await ada.tap("📈 Progress", message=menu)
    assert (replies[0].text or "").startswith(texts.PROGRESS_NO_SESSIONS)  # no chart yet
    replies = await ada.tap("🗺 Plan", message=menu)
    assert "level" in (replies[0].text or "").lower()
    replies = await ada.tap("▶️ Start", message=menu)
    assert "your back" in (replies[-1].text or "")


async def test_the_command_menu_puts_the_everyday_commands_first(bot: RunningBot) -> None:
    registered = bot.emulator.calls_to("setMyCommands")[-1]["commands"]
    names = [c["command"] for c in registered]
    assert names[:6] == ["today", "go", "plan", "schedule", "settings", "help"]
    assert names[-2:] == ["reset", "delete"]


async def test_a_forged_zone_button_changes_nothing(ada: Person) -> None:
    await onboard(ada)
    await open_settings(ada)
    await ada.user.press_data(ada.last.message_id, "set|zone|Nowhere/Atlantis")
    await ada.bot.settle()
    assert ada.last_alert == texts.UNKNOWN_BUTTON
    replies = await ada.say("/schedule")
    assert "(Europe/London)" in (replies[0].text or "")


async def test_a_typed_time_awaited_before_a_restart_is_still_taken_after_it(
        ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    await open_settings(ada)
    settings_message = ada.last
    await ada.tap("⏰ Reminder time")
    await ada.tap("Type another…")
    await bot.restart()
    replies = await ada.say("7:30am")
    assert [r.text for r in replies] == ["✅ Session reminder: 07:30."]
    assert "Reminder: 07:30" in (settings_message.text or "")
    await ada.tap("🌅 Morning check-in", message=settings_message)
    await ada.tap("Type another…", message=settings_message)
    await bot.restart()
    replies = await ada.say("6:45")
    assert [r.text for r in replies] == ["✅ Morning check-in: 06:45."]
    assert "Morning check-in after a session: 06:45" in (settings_message.text or "")


async def test_a_date_and_a_place_awaited_before_a_restart_are_still_taken_after_it(
        ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    await ada.say("/pause")
    await ada.tap("Until a date…")
    await bot.restart()
    replies = await ada.say("2027-02-01")
    assert "Paused until Monday 1 February" in (replies[0].text or "")
    await ada.say("/resume")
    await ada.say("/schedule zone")
    await bot.restart()
    replies = await ada.say("Lisbon")
    assert "Europe/Lisbon" in joined_texts(replies)


async def test_opening_settings_again_stops_waiting_for_a_time_but_not_for_a_pain_answer(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    await open_settings(ada)
    await ada.tap("⏰ Reminder time")
    await ada.tap("Type another…")
    await open_settings(ada)  # a fresh settings message: the typed time no longer waits
    replies = await ada.say("7:45")
    assert "Session reminder: 07:45" not in joined_texts(replies)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")  # "pain right now" waits ...
    await open_settings(ada)  # ... and opening settings leaves it waiting
    replies = await ada.say("2")
    assert "Session · level" in joined_texts(replies)


def joined_texts(replies: list[object]) -> str:
    return "\n".join(getattr(m, "text", "") or "" for m in replies)
