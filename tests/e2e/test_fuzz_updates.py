"""Random updates through the real handlers: each ends in a reply or a deliberate silence,
none reaches the error handler, and the database stays consistent."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.emulator import Emulator
from bot.storage.models import CheckIn, TrainingSession, User
from tests.conftest import FakeClock
from tests.e2e import raw
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.test_forged_buttons import WEDNESDAY_0730

STRANGER = 6001
GROUP_ID = -100_500
CHANNEL_ID = -100_600
PREFIXES = ("ob", "menu", "reset", "del", "flare", "hold", "sym", "begin", "live", "chk",
            "go", "rm", "am", "wk", "fm", "zz")
ids = st.one_of(st.integers(-3, 12), st.just(10**40), st.integers(1, 2**63))
fields = st.one_of(ids.map(str), st.text(max_size=12),
                   st.sampled_from(["now", "peak", "sign", "why", "pause", "stop", "yes",
                                    "agree", "consent", "pain", "done", "²", "x" * 40]))
callback_data = st.builds(lambda prefix, parts: "|".join([prefix, *parts]),
                          st.sampled_from(PREFIXES), st.lists(fields, max_size=4))
texts_said = st.one_of(st.text(max_size=60), st.just(""), st.just("x" * 4096),
                       st.sampled_from(["/start", "/go", "/today", "/delete", "/reset", "7",
                                        "11", "-1", "yes", "I lost bladder control", "/cleared",
                                        "/flare", "/plan", "/nope"]))
senders = st.sampled_from(["ada", "stranger"])
Update = tuple[str, str, Any]
updates: st.SearchStrategy[Update] = st.one_of(
    st.tuples(st.just("text"), senders, texts_said),
    st.tuples(st.just("edit"), senders, texts_said),
    st.tuples(st.just("sticker"), senders, st.none()),
    st.tuples(st.just("press"), senders, callback_data),
    st.tuples(st.just("group"), senders, texts_said),
    st.tuples(st.just("channel"), st.just("ada"), texts_said),
    st.tuples(st.just("inline"), senders, st.text(max_size=30)),
)


class Failures:
    """Records what reaches the error handler."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []

    async def __call__(self, update: object, context: Any) -> None:
        if context.error is not None:
            self.errors.append(context.error)


def push(emulator: Emulator, people: dict[str, Person], update: Update) -> None:
    kind, who, value = update
    person = people[who].user
    chat = emulator.state.chats[person.id]
    if kind in ("text", "edit"):
        message = raw.message(chat, person.user, text=value)
        if kind == "edit":
            message["edit_date"] = message["date"]
        raw.push(emulator, "message" if kind == "text" else "edited_message", message)
    elif kind == "sticker":
        raw.push(emulator, "message", raw.message(chat, person.user, **raw.sticker()))
    elif kind == "press":
        on = people["ada"].user.last_message if who == "stranger" else person.last_message
        if on is not None and on.chat_id == person.id:
            raw.press(emulator, person.user, on, value)
        elif person.last_message is not None:
            raw.press(emulator, person.user, person.last_message, value)
    elif kind == "group":
        group = raw.open_chat(emulator, GROUP_ID, "supergroup")
        raw.push(emulator, "message", raw.message(group, person.user, text=value))
    elif kind == "channel":
        channel = raw.open_chat(emulator, CHANNEL_ID, "channel")
        raw.push(emulator, "channel_post", raw.message(channel, None, text=value))
    else:
        raw.push(emulator, "inline_query", {"id": "1", "from": person.user, "query": value,
                                            "offset": ""})


async def assert_consistent(bot: RunningBot) -> None:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        for user in (await session.scalars(select(User))).all():
            # A row exists only after consent (or a restart its consenting owner asked for).
            assert user.consented_at is not None or user.revision > 0, user.id
            assert user.id != STRANGER or user.consented_at is not None
        rows = (await session.execute(select(TrainingSession.id, TrainingSession.user_id))).all()
        owners = {session_id: user_id for session_id, user_id in rows}
        for check in (await session.scalars(select(CheckIn))).all():
            assert check.pain is None or 0 <= check.pain <= 10, check.pain
            if check.session_id is not None:
                assert owners[check.session_id] == check.user_id


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(batch=st.lists(updates, min_size=1, max_size=10))
async def test_random_updates_end_quietly_and_keep_the_database_consistent(
    emulator: Emulator, bot: RunningBot, clock: FakeClock, ada: Person, batch: list[Update]
) -> None:
    assert bot.application is not None
    failures: Failures | None = bot.application.bot_data.get("fuzz_failures")
    if failures is None:
        failures = bot.application.bot_data["fuzz_failures"] = Failures()
        bot.application.add_error_handler(failures)
        await onboard(ada)
        clock.set(WEDNESDAY_0730)
        await ada.say("/go")
        await ada.tap("2")
    people = {"ada": ada, "stranger": Person(emulator.user(user_id=STRANGER,
                                                            first_name="Eve"), bot)}
    for update in batch:
        push(emulator, people, update)
    await bot.settle()
    assert failures.errors == []
    assert emulator.state.open_callbacks == {}
    await assert_consistent(bot)
