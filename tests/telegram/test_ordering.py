"""Updates of different chats run side by side; one chat's updates wait their turn, in order."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update, User

from bot.telegram.ordering import ChatOrderedProcessor, turn_of


def message_update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, Chat.PRIVATE)
    sender = User(chat_id, "Ada", is_bot=False)
    return Update(update_id, message=Message(update_id, None, chat, from_user=sender))  # type: ignore[arg-type]


async def test_one_chats_updates_are_handled_one_by_one_in_order() -> None:
    processor = ChatOrderedProcessor(8)
    log: list[str] = []
    release = asyncio.Event()

    async def handle(name: str, wait: bool) -> None:
        log.append(f"{name} starts")
        if wait:
            await release.wait()
        log.append(f"{name} ends")

    first = asyncio.create_task(processor.process_update(message_update(1, 7), handle("a1", True)))
    second = asyncio.create_task(processor.process_update(message_update(2, 7),
                                                          handle("a2", False)))
    other = asyncio.create_task(processor.process_update(message_update(3, 8),
                                                         handle("b1", False)))
    await other  # another chat is not held up by the first
    assert log == ["a1 starts", "b1 starts", "b1 ends"]
    release.set()
    await asyncio.gather(first, second)
    assert log[3:] == ["a1 ends", "a2 starts", "a2 ends"]
    assert processor.waiting_chats() == 0  # nothing is remembered once a chat is idle


async def test_many_updates_of_one_chat_keep_their_order() -> None:
    processor = ChatOrderedProcessor(4)
    seen: list[int] = []

    async def handle(number: int) -> None:
        await asyncio.sleep(0)
        seen.append(number)

    await asyncio.gather(*(processor.process_update(message_update(n, 7), handle(n))
                           for n in range(50)))
    assert seen == list(range(50))


def test_an_update_waits_for_its_chat_or_else_its_sender() -> None:
    assert turn_of(message_update(1, 42)) == 42
    assert turn_of(Update(2)) is None
    assert turn_of("not an update") is None
