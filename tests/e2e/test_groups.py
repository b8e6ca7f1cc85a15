"""Groups and channels: silence, one pointer to the private chat, and no account touched."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.safety import RedFlag
from bot.emulator import Emulator
from bot.storage.models import Hold, TrainingSession, User
from bot.telegram import texts
from bot.telegram.buttons import MenuButton, MenuChoice, PainBeforeStart, SymptomAnswer, YesNo
from tests.e2e import raw
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot

GROUP_ID = -100_200_300
CHANNEL_ID = -100_999_000


def pointer(emulator: Emulator) -> str:
    return texts.private_only(emulator.state.bot_user["username"])


async def say_in(emulator: Emulator, bot: RunningBot, chat_id: int, kind: str,
                 sender: Person | None, *texts_said: str) -> None:
    chat = raw.open_chat(emulator, chat_id, kind)
    for text in texts_said:
        update = "message" if kind != "channel" else "channel_post"
        raw.push(emulator, update,
                 raw.message(chat, sender.user.user if sender else None, text=text))
    await bot.settle()


async def account_of(bot: RunningBot, user_id: int) -> tuple[bool, int, int] | None:
    """Whether the user is active, with their sessions and holds counted."""
    assert bot.db is not None
    async with bot.db.transaction() as session:
        user = await session.get(User, user_id)
        if user is None:
            return None
        sessions = (await session.scalars(select(TrainingSession.id).where(
            TrainingSession.user_id == user_id))).all()
        holds = (await session.scalars(select(Hold.id).where(Hold.user_id == user_id))).all()
        return user.active, len(sessions), len(holds)


async def test_in_a_group_the_bot_says_once_where_it_works_and_nothing_else(
    ada: Person, bot: RunningBot, emulator: Emulator
) -> None:
    await say_in(emulator, bot, GROUP_ID, "supergroup", ada, "/start", "/today", "hello",
                 "I've lost control of my bladder", "/delete", "4")
    sent = raw.bot_messages(emulator, GROUP_ID)
    assert [message.text for message in sent] == [pointer(emulator)]
    assert ada.user.messages == []
    assert await account_of(bot, ada.user.id) is None


async def test_a_channel_gets_the_pointer_once(bot: RunningBot, emulator: Emulator) -> None:
    await say_in(emulator, bot, CHANNEL_ID, "channel", None, "/start", "news")
    assert [m.text for m in raw.bot_messages(emulator, CHANNEL_ID)] == [pointer(emulator)]


async def test_being_added_to_a_group_says_it_once_and_being_removed_says_nothing(
    ada: Person, bot: RunningBot, emulator: Emulator
) -> None:
    chat = raw.open_chat(emulator, GROUP_ID, "group")
    bot_user = emulator.state.bot_user
    raw.push(emulator, "my_chat_member", raw.membership(chat, ada.user.user, bot_user,
                                                        "left", "member"))
    await say_in(emulator, bot, GROUP_ID, "group", ada, "/start")
    raw.push(emulator, "my_chat_member", raw.membership(chat, ada.user.user, bot_user,
                                                        "member", "kicked"))
    await bot.settle()
    assert [m.text for m in raw.bot_messages(emulator, GROUP_ID)] == [pointer(emulator)]


async def test_removing_the_bot_from_a_group_leaves_the_admins_own_account_active(
    ada: Person, bot: RunningBot, emulator: Emulator
) -> None:
    await onboard(ada)
    chat = raw.open_chat(emulator, GROUP_ID, "supergroup")
    raw.push(emulator, "my_chat_member", raw.membership(chat, ada.user.user,
                                                        emulator.state.bot_user,
                                                        "member", "kicked"))
    await bot.settle()
    assert await account_of(bot, ada.user.id) == (True, 0, 0)


async def test_buttons_pressed_in_a_group_act_on_nobody_and_post_nothing_there(
    ada: Person, bot: RunningBot, emulator: Emulator
) -> None:
    await onboard(ada)
    before = len(ada.user.messages)
    await say_in(emulator, bot, GROUP_ID, "supergroup", ada, "hi")
    [post] = raw.bot_messages(emulator, GROUP_ID)
    for data in (MenuButton(MenuChoice.TODAY).encode(), PainBeforeStart(2).encode(),
                 SymptomAnswer(RedFlag.BLADDER_BOWEL, YesNo.YES).encode(), "ob|consent|agree"):
        raw.press(emulator, ada.user.user, post, data)
    await bot.settle()
    assert raw.bot_messages(emulator, GROUP_ID) == [post]
    assert ada.user.messages[before:] == []
    alerts = emulator.calls_to("answerCallbackQuery")
    assert [call.get("text") for call in alerts[-4:]] == [pointer(emulator)] * 4
    assert await account_of(bot, ada.user.id) == (True, 0, 0)
