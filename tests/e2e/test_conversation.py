"""Help, plain words, unknown input, safety words, reset, delete and storage trouble."""

from __future__ import annotations

from bot.storage import repo
from bot.telegram import texts
from tests.backends import WriteLock
from tests.e2e.flows import NONE_OF_THESE, agree, onboard
from tests.e2e.harness import Person, RunningBot


async def test_help_lists_the_commands_in_plain_words(ada: Person) -> None:
    await onboard(ada)
    replies = await ada.say("/help")
    text = replies[0].text or ""
    for command in ("/today", "/start", "/reset", "/delete", "/help"):
        assert command in text
    assert "coach, not a clinician" in text
    assert len(replies) == 1
    assert (await ada.say("help"))[0].text == text


async def test_registered_commands_match_help(ada: Person, bot: RunningBot) -> None:
    registered = bot.emulator.calls_to("setMyCommands")[-1]["commands"]
    names = [c["command"] for c in registered]
    assert names == [name for name, _ in texts.COMMANDS]
    assert {"today", "start", "help", "reset", "delete", "progress", "report",
            "export"} <= set(names)
    for name in names:
        assert f"/{name} " in texts.HELP, name


async def test_messages_not_understood_point_to_help(ada: Person) -> None:
    await onboard(ada)
    for text in ("banana", "/frobnicate", "asdfgh"):
        replies = await ada.say(text)
        assert len(replies) == 1
        assert "/help" in (replies[0].text or ""), text


async def test_a_stranger_saying_hello_is_welcomed(ada: Person) -> None:
    replies = await ada.say("hello")
    assert "I'm runback" in (replies[0].text or "")


async def test_a_red_flag_symptom_gets_the_safety_message_first(ada: Person) -> None:
    await onboard(ada)
    replies = await ada.say("what's on today? my pain is 9/10")
    assert "Pain of 9 or 10" in (replies[0].text or "")
    assert "first session is" in (replies[1].text or "")
    replies = await ada.say("I can't feel my bum since this morning")
    assert "Please get medical help today" in (replies[0].text or "")
    assert len(replies) == 1
    replies = await ada.tap("Yes — it's new and happening now")
    assert "on hold" in (replies[-1].text or "")
    assert len(replies) == 2
    replies = await ada.say("/today")
    assert "on hold" in (replies[-1].text or "")


async def test_reset_asks_first_and_works_once(ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    replies = await ada.say("/reset")
    confirm = replies[0]
    await ada.tap("No, keep my plan")
    assert ada.user.messages[-1].text == "OK, nothing changed."
    replies = await ada.say("/reset")
    confirm = replies[0]
    yes = confirm.button("Yes, start again")
    assert yes is not None
    replies = await ada.tap("Yes, start again")
    assert "I'm runback" in (replies[-1].text or "")
    await ada.user.press_data(confirm.message_id, yes["callback_data"])  # pressed again
    await bot.settle()
    assert ada.last_alert == "That question has already been answered."
    await onboard(ada)
    await ada.user.press_data(confirm.message_id, yes["callback_data"])  # from the old message
    await bot.settle()
    assert ada.last_alert == "That question has already been answered."
    assert bot.db is not None
    async with bot.db.transaction() as session:
        user = await repo.get_user(session, ada.user.id)
        assert user is not None and user.onboarded_at is not None


async def test_delete_erases_everything_and_only_once(ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    replies = await ada.say("/delete")
    confirm = replies[0]
    yes = confirm.button("Yes, erase everything")
    assert yes is not None
    await ada.tap("Yes, erase everything")
    assert "everything is erased" in (ada.user.messages[-1].text or "")
    assert bot.db is not None
    async with bot.db.transaction() as session:
        assert await repo.get_user(session, ada.user.id) is None
    await agree(ada)  # a new account
    await ada.user.press_data(confirm.message_id, yes["callback_data"])
    await bot.settle()
    assert ada.last_alert == "That question has already been answered."
    async with bot.db.transaction() as session:
        assert await repo.get_user(session, ada.user.id) is not None
    replies = await ada.say("/today")
    assert "finish setting you up" in (replies[0].text or "")


async def test_delete_for_a_stranger_says_there_is_nothing(ada: Person) -> None:
    replies = await ada.say("/delete")
    assert "nothing stored" in (replies[0].text or "")


async def test_stickers_and_photos_mid_onboarding_are_asked_again(ada: Person) -> None:
    await agree(ada)
    question = ada.last.text
    replies = await ada.share_location(51.5, -0.12)
    assert "Please pick one of the buttons" in (replies[0].text or "")
    assert replies[-1].text == question


async def test_a_locked_database_gets_a_kind_reply_and_loses_nothing(
    ada: Person, bot: RunningBot
) -> None:
    await agree(ada)
    bot.busy_timeout_ms = 50
    await bot.restart()
    locker = WriteLock(bot.db_url)
    await locker.hold()
    try:
        replies = await ada.tap(NONE_OF_THESE)
        assert "couldn't reach my notebook" in (replies[-1].text or "")
    finally:
        await locker.release()
    replies = await ada.tap(NONE_OF_THESE)  # the same list is still open, so nothing was lost
    assert "Exercise check" in (replies[-1].text or "")


async def test_blocking_the_bot_marks_the_user_inactive_until_start(
    ada: Person, bot: RunningBot
) -> None:
    await onboard(ada)
    ada.user.block(notify=True)
    await bot.settle()
    assert bot.db is not None
    async with bot.db.transaction() as session:
        user = await repo.get_user(session, ada.user.id)
        assert user is not None and not user.active
    ada.user.unblock()
    await ada.say("/start")
    async with bot.db.transaction() as session:
        user = await repo.get_user(session, ada.user.id)
        assert user is not None and user.active
