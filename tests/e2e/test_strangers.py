"""Someone who never consented: shown the consent text, and nothing about them stored."""

from __future__ import annotations

from sqlalchemy import select

from bot.emulator import Emulator
from bot.storage.models import User
from bot.telegram import texts
from tests.e2e import raw
from tests.e2e.harness import Person, RunningBot


async def stored_users(bot: RunningBot) -> list[tuple[int, str]]:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        rows = (await session.scalars(select(User))).all()
        return [(row.id, row.first_name) for row in rows]


async def test_text_and_a_sticker_from_a_stranger_show_the_consent_text_and_store_nothing(
    ada: Person, bot: RunningBot, emulator: Emulator
) -> None:
    replies = await ada.say("hello there")
    assert "Shall we go on?" in (replies[-1].text or "")
    raw.push(emulator, "message",
             raw.message(emulator.state.chats[ada.user.id], ada.user.user, **raw.sticker()))
    await bot.settle()
    await ada.say("what is this?")
    assert await stored_users(bot) == []


async def test_a_consent_press_on_a_message_without_the_consent_button_stores_nothing(
    ada: Person, bot: RunningBot
) -> None:
    await ada.say("hi")
    replies = await ada.say("maybe later")
    problem = replies[0]
    assert problem.button("I agree, let's go") is None
    await ada.user.press_data(problem.message_id, "ob|consent|agree")
    await bot.settle()
    assert ada.last_alert == texts.STALE_BUTTON
    assert await stored_users(bot) == []


async def test_a_typed_yes_counts_only_in_the_chat_that_was_shown_the_consent_text(
    ada: Person, bot: RunningBot
) -> None:
    await ada.say("/start")
    await bot.restart()  # what the chat was shown is kept in memory only
    replies = await ada.say("yes")
    assert "Shall we go on?" in (replies[-1].text or "")
    assert await stored_users(bot) == []
    replies = await ada.say("yes")
    assert "Safety check" in (replies[-1].text or "")
    assert await stored_users(bot) == [(ada.user.id, "")]


async def test_agreeing_on_the_consent_message_stores_the_user_without_their_name(
    ada: Person, bot: RunningBot
) -> None:
    await ada.say("/start")
    await ada.tap("I agree, let's go")
    assert await stored_users(bot) == [(ada.user.id, "")]
