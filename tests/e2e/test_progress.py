"""/progress, /report and /export through the emulator: the files are downloaded and read back."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from bench.history import write_history
from bot.domain.progress import SessionPoint, weekly_average_pain
from bot.emulator.models import SentMessage
from bot.reports.reasons import explain
from bot.services import progress as progress_service
from bot.services.errors import StorageUnavailable
from bot.services.progress import chart_data
from bot.storage import export as record_export
from bot.storage import migrate, programmes
from bot.storage.db import Database
from bot.storage.models import user_tables
from bot.telegram import texts
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import run_to_end
from tests.reports.helpers import decisions_of, pdf_text

WEDNESDAY_0730 = datetime(2027, 1, 6, 7, 30, tzinfo=UTC)
PHONE = (1080, 1350)


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


async def download(bot: RunningBot, message: SentMessage) -> bytes:
    """The photo or document of a message, fetched as a client would: getFile, then the URL."""
    stored = message.photo or message.document
    assert stored is not None, message
    assert bot.application is not None
    found = await bot.application.bot.get_file(stored.file_id)
    return bytes(await found.download_as_bytearray())


async def history(bot: RunningBot, clock: FakeClock, person: Person, sessions: int) -> None:
    """``sessions`` sessions written as the bot writes them; the clock at that evening."""
    assert bot.db is not None
    clock.set(await write_history(bot.db, person.user.id, sessions))


async def one_real_session(person: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(person)
    clock.set(WEDNESDAY_0730)
    await person.say("/go")
    await person.tap("2")
    await run_to_end(bot, clock, person)
    await person.tap("3")
    await person.tap("None of these")


async def test_progress_before_any_session_is_a_few_lines_and_no_chart(ada: Person) -> None:
    await onboard(ada)
    replies = await ada.say("/progress")
    assert [m.kind for m in replies] == ["text"]
    text = replies[0].text or ""
    assert text.startswith(texts.PROGRESS_NO_SESSIONS)
    assert "Level: 1, where you started" in text
    assert "70%" in text


async def test_progress_after_a_session_in_the_chat_is_a_phone_sized_chart(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await one_real_session(ada, bot, clock)
    replies = await ada.say("/progress")
    assert [m.kind for m in replies] == ["photo"]
    image = Image.open(io.BytesIO(await download(bot, replies[0])))
    assert image.format == "PNG" and image.size == PHONE
    caption = replies[0].caption or ""
    assert "Week 1 of 12" in caption
    assert "1 of 1 done, 100%" in caption and "did 70%" in caption
    assert "two weeks of sessions" in caption and "−1.5" in caption


async def test_twelve_weeks_show_every_figure_beside_the_trial(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await history(bot, clock, ada, 36)
    replies = await ada.say("/progress")
    image = Image.open(io.BytesIO(await download(bot, replies[0])))
    assert image.size == PHONE
    caption = replies[0].caption or ""
    assert "Week 12 of 12" in caption and "36 of 36 done, 100%" in caption
    assert bot.db is not None
    async with bot.db.transaction() as session:
        programme = await programmes.load(session, ada.user.id)
    assert programme is not None
    assert f"Level: {programme.level}, started at 1" in caption
    change = re.search(r"since your first week: ([−+][0-9.]+) out of 10", caption)
    assert change is not None
    weekly = weekly_average_pain(await _points(bot, ada))
    expected = weekly[max(weekly)] - weekly[min(weekly)]
    assert float(change.group(1).replace("−", "-")) == round(expected, 1)


async def _points(bot: RunningBot, person: Person) -> Sequence[SessionPoint]:
    assert bot.db is not None
    return (await chart_data(bot.db, person.user.id, bot.clock.now())).points


async def test_the_report_is_one_page_naming_the_level_and_every_decision(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await history(bot, clock, ada, 36)
    replies = await ada.say("/report")
    assert [m.kind for m in replies] == ["document"]
    message = replies[0]
    assert message.document is not None
    assert message.document.filename == "runback-report-2027-03-26.pdf"
    assert message.caption == re.sub(r"<[^>]+>", "", texts.REPORT_CAPTION)
    data = await download(bot, message)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = pdf_text(reader)
    assert "Level: 8 now, started at 1" in text
    assert "Sessions: 36 done of 36 scheduled, 100% (ASTEROID trial: 70%)" in text
    assert "Red flags at set-up (3 Jan 2027): none" in text
    assert bot.db is not None
    decisions = await decisions_of(bot.db, ada.user.id)
    assert len(decisions) > 36
    for decision in decisions:
        assert explain(decision) in text, explain(decision)


async def test_a_report_for_my_physio_in_plain_words_is_the_pdf(
    ada: Person, bot: RunningBot
) -> None:
    await onboard(ada)
    replies = await ada.say("could you make a report for my physio?")
    assert [m.kind for m in replies] == ["document"]
    reader = PdfReader(io.BytesIO(await download(bot, replies[0])))
    assert len(reader.pages) == 1
    text = pdf_text(reader)
    assert text.startswith("runback progress report — Ada Programme not started yet")
    assert "Level: 1 now, started at 1" in text
    assert bot.db is not None
    (start,) = await decisions_of(bot.db, ada.user.id)
    assert explain(start) in text


async def _export(person: Person, bot: RunningBot, words: str = "/export"
                  ) -> dict[str, bytes]:
    replies = await person.say(words)
    assert [m.kind for m in replies] == ["document"] * 3
    assert replies[0].caption == texts.EXPORT_CAPTION
    files = {}
    for message in replies:
        assert message.document is not None and message.document.filename is not None
        files[message.document.filename] = await download(bot, message)
    return files


async def test_the_export_matches_the_database_and_reads_back_into_an_empty_one(
    ada: Person, bot: RunningBot, clock: FakeClock, tmp_path: Path
) -> None:
    await history(bot, clock, ada, 5)
    clock.advance(days=1)
    await ada.say("/today")  # the bot's own writes (reminders, asked questions) go along too
    files = await _export(ada, bot)
    day = clock.now().date().isoformat()
    assert sorted(files) == sorted([f"runback-record-{day}.json", f"runback-sessions-{day}.csv",
                                    f"runback-check-ins-{day}.csv"])
    record = json.loads(files[f"runback-record-{day}.json"])
    assert record["schema_version"] == record_export.SCHEMA_VERSION
    assert record["user_id"] == ada.user.id
    assert bot.db is not None
    async with bot.db.transaction() as session:
        stored = await record_export.dump(session, ada.user.id)
    assert record["tables"] == stored
    assert set(stored) == {table.name for table in user_tables()}
    sessions = list(csv.DictReader(io.StringIO(files[f"runback-sessions-{day}.csv"].decode())))
    assert [int(row["session_id"]) for row in sessions] == [r["id"] for r in stored["sessions"]]
    assert [row["zone"] for row in sessions] == [r["zone"] for r in stored["sessions"]]
    check_ins = list(csv.DictReader(io.StringIO(files[f"runback-check-ins-{day}.csv"].decode())))
    assert [(row["kind"], int(row["pain"])) for row in check_ins] == [
        (r["kind"], r["pain"]) for r in sorted(stored["check_ins"],
                                               key=lambda r: (r["recorded_at"], r["id"]))]
    assert len(check_ins) >= 5

    empty = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    await migrate.upgrade(empty)
    other = Database(empty)
    try:
        async with other.transaction() as session:
            await record_export.restore(session, record["tables"])
        async with other.transaction() as session:
            restored = await record_export.dump(session, ada.user.id)
    finally:
        await other.close()
    for table, rows in stored.items():
        assert restored[table] == rows, table


async def test_export_my_data_in_plain_words_sends_the_files(ada: Person, bot: RunningBot) -> None:
    await onboard(ada)
    files = await _export(ada, bot, "can I export my data?")
    record = next(json.loads(data) for name, data in files.items() if name.endswith(".json"))
    assert record["tables"]["users"][0]["baseline_pain"] == 4


async def test_how_am_i_doing_and_the_menu_button_show_the_progress(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await history(bot, clock, ada, 5)
    replies = await ada.say("how am I doing?")
    assert [m.kind for m in replies] == ["photo"]
    menu = (await ada.say("/start"))[-1]
    replies = await ada.tap(texts.PROGRESS_BUTTON, menu)
    assert [m.kind for m in replies] == ["photo"]
    assert replies[0].caption is not None and "Week 2 of 12" in replies[0].caption


async def test_someone_never_seen_is_told_to_start(ada: Person) -> None:
    assert (await ada.say("/progress"))[0].text == texts.NOT_STARTED
    assert (await ada.say("/report"))[0].text == texts.NOT_STARTED
    assert (await ada.say("/export"))[0].text == texts.EXPORT_NOTHING


async def test_a_failed_upload_gets_a_kind_reply_and_the_next_ask_works(
    ada: Person, bot: RunningBot, emulator: Any, clock: FakeClock
) -> None:
    await history(bot, clock, ada, 1)
    emulator.faults.fail_next("sendDocument", error_code=400,
                              description="Bad Request: file is too big")
    replies = await ada.say("/report")
    assert [m.text for m in replies] == [texts.SOMETHING_WENT_WRONG]
    replies = await ada.say("/report")
    assert [m.kind for m in replies] == ["document"]


async def test_delete_erases_every_row_and_leaves_no_file_behind(
    ada: Person, bot: RunningBot, clock: FakeClock, tmp_path: Path
) -> None:
    await history(bot, clock, ada, 5)
    before = files_in(tmp_path)
    await ada.say("/progress")
    await ada.say("/report")
    await _export(ada, bot)
    await ada.say("/delete")
    await ada.tap("Yes, erase everything")
    assert bot.db is not None
    async with bot.db.transaction() as session:
        left = await record_export.dump(session, ada.user.id)
    assert left == {table.name: [] for table in user_tables()}
    # Nothing rendered is kept on disk: only the database's own files are there.
    assert files_in(tmp_path) == before
    clock.advance(days=1)
    replies = await ada.say("/progress")
    assert replies[0].text == texts.NOT_STARTED


async def test_a_report_on_its_way_holds_up_no_other_reply(
    ada: Person, bot: RunningBot, emulator: Any, clock: FakeClock
) -> None:
    await history(bot, clock, ada, 5)
    emulator.faults.delay_next("sendDocument")
    await ada.user.send("/report")
    await emulator.faults.wait_held()  # the PDF is made and on its way, but not yet through
    await ada.user.send("/help")
    await ada.user.wait_until(lambda: any((m.text or "").startswith("runback coaches you")
                                          for m in ada.user.messages))
    assert emulator.faults.held == 1
    emulator.faults.release()
    await bot.settle()
    assert [m.kind for m in ada.user.messages[-2:]] == ["text", "document"]


async def test_storage_trouble_while_gathering_a_chart_gets_a_kind_reply(
    ada: Person, bot: RunningBot, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await history(bot, clock, ada, 1)

    async def unavailable(*_: object) -> None:
        raise StorageUnavailable("database is locked")

    with monkeypatch.context() as patched:
        patched.setattr(progress_service, "progress_and_chart", unavailable)
        replies = await ada.say("/progress")
    assert [m.text for m in replies] == [texts.STORAGE_DOWN]
    assert [m.kind for m in await ada.say("/progress")] == ["photo"]
