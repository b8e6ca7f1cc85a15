"""Get the audio, and sessions cued by their audio track, through the real bot and emulator."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import av
import pytest
from sqlalchemy import select

from bot.audio import score, speech, track
from bot.emulator import Emulator
from bot.storage.models import AudioTrack, TrainingSession
from bot.telegram import texts
from tests.conftest import FakeClock
from tests.e2e import harness
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.sessions import fire_next, only_session
from tests.e2e.test_live_session import WEDNESDAY_0730

TITLE = "runback — Level 1 — 30:00"


@pytest.fixture(autouse=True)
def time_to_render(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first render takes about 1.5 s, several times that on a crowded machine."""
    monkeypatch.setattr(harness, "SETTLE_TIMEOUT", 60.0)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The title of every track encoded while the test runs."""
    done: list[str] = []
    real = track.render

    def counted(each: score.Score, path: Path, title: str, performer: str,
                voice: speech.Voice | None = None) -> None:
        done.append(title)
        real(each, path, title, performer, voice)

    monkeypatch.setattr(track, "render", counted)
    return done


def audio_calls(emulator: Emulator) -> list[dict[str, object]]:
    return emulator.calls_to("sendAudio")


async def test_get_the_audio_sends_the_track_once_then_by_file_id(
        ada: Person, bot: RunningBot, emulator: Emulator, clock: FakeClock,
        renders: list[str]) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/today")
    replies = await ada.tap("🎧 Get the audio")
    [sent] = replies
    assert sent.kind == "audio"
    assert (sent.title, sent.performer, sent.duration) == (TITLE, "runback", 1800)
    spoken = speech.voice() is not None  # the bot speaks where espeak-ng is installed
    assert sent.caption == texts.audio_caption(flare=False, spoken=spoken)
    assert sent.audio is not None and sent.audio.data is not None
    assert sent.audio.mime_type == "audio/mp4" and len(sent.audio.data) <= 2 * 1024 * 1024
    with av.open(io.BytesIO(sent.audio.data)) as container:
        assert container.duration is not None
        assert abs(container.duration / 1_000_000 - 1800) <= 0.1
        assert container.metadata["title"] == TITLE
    assert not isinstance(audio_calls(emulator)[0]["audio"], str)  # an upload
    assert renders == [TITLE]

    # Again, from /today and from another user's press: no encoding, the file_id re-sent.
    await ada.say("/today")
    [again] = await ada.tap("🎧 Get the audio")
    bob = Person(emulator.user(user_id=5002, first_name="Bob"), bot)
    await onboard(bob)
    await bob.say("/today")
    [bobs] = await bob.tap("🎧 Get the audio")
    assert renders == [TITLE]
    assert again.audio is not None and bobs.audio is not None
    assert again.audio.file_id == bobs.audio.file_id == sent.audio.file_id
    assert [call["audio"] for call in audio_calls(emulator)[1:]] == [sent.audio.file_id] * 2
    assert (bobs.title, bobs.duration) == (TITLE, 1800)
    assert bot.db is not None
    async with bot.db.transaction() as session:
        [row] = (await session.scalars(select(AudioTrack))).all()
    assert row.file_id == sent.audio.file_id
    assert list(bot.audio_dir.glob("*.m4a")) == [bot.audio_dir / f"{row.key}.m4a"]


async def test_a_forgotten_file_id_is_uploaded_again(
        ada: Person, bot: RunningBot, emulator: Emulator, clock: FakeClock,
        renders: list[str]) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/today")
    await ada.tap("🎧 Get the audio")
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = (await session.scalars(select(AudioTrack))).one()
        row.file_id = "CQACAgIAAxk-gone"
    await ada.say("/today")
    [again] = await ada.tap("🎧 Get the audio")
    assert again.kind == "audio" and again.title == TITLE
    assert renders == [TITLE]  # the file on disk is uploaded; nothing is encoded again
    async with bot.db.transaction() as session:
        assert (await session.scalars(select(AudioTrack.file_id))).one() != "CQACAgIAAxk-gone"


async def test_the_reminder_and_the_live_session_offer_the_audio(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    await ada.tap("2")
    status = ada.user.messages[-2]
    [sent] = await ada.tap("🎧 Get the audio", status)
    assert sent.kind == "audio" and sent.title == TITLE
    forged = await ada.user.press_data(status.message_id, "aud|999999")
    assert forged is not None and ada.user.messages[-1] is sent  # someone else's: nothing sent


async def choose(person: Person, label: str) -> None:
    await person.say("/settings")
    await person.tap("🔔 Cues: in the chat")
    await person.tap(label)


async def test_the_settings_choice_is_kept(ada: Person) -> None:
    await onboard(ada)
    await choose(ada, "🎧 Audio track")
    assert "Cues: audio track, from your next Start" in (ada.last.text or "")
    assert "🔔 Cues: audio track" in ada.last.buttons
    await ada.say("/settings")
    assert "• Cues: audio track" in (ada.last.text or "")
    await ada.tap("🔔 Cues: audio track")
    assert "✅ 🎧 Audio track" in ada.last.buttons
    await ada.tap("💬🎧 Both")
    await ada.say("/settings")
    assert "• Cues: chat and audio" in (ada.last.text or "")


async def session_row(bot: RunningBot, session_id: int) -> TrainingSession:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = await session.get(TrainingSession, session_id)
        assert row is not None
        return row


async def test_an_audio_session_is_recorded_and_the_checkin_follows(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    await choose(ada, "🎧 Audio track")
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    replies = await ada.tap("2")
    status, sent = replies
    assert "audio track" in (status.text or "")
    assert status.buttons == ["⏸ Pause", "⏹ Stop", "🏁 Finished"]
    assert sent.kind == "audio" and sent.title == TITLE and sent.duration == 1800
    session_id = only_session(bot)
    # No cue messages: the next wake-up is the end of the session, for the check-in.
    assert bot.timers.pending[session_id] == WEDNESDAY_0730 + timedelta(minutes=30)

    clock.advance(minutes=10)
    await ada.tap("⏸ Pause", status)
    clock.advance(minutes=3)
    await ada.tap("▶️ Resume", status)
    assert status.buttons == ["⏸ Pause", "⏹ Stop", "🏁 Finished"]
    assert bot.timers.pending[session_id] == WEDNESDAY_0730 + timedelta(minutes=33)
    row = await session_row(bot, session_id)
    assert row.cue_mode == "audio" and len(row.pauses) == 1

    await bot.restart()  # picked up without a word: the track plays on
    before = len(ada.user.messages)
    assert bot.timers.pending[session_id] == WEDNESDAY_0730 + timedelta(minutes=33)
    assert len(ada.user.messages) == before

    end = await fire_next(bot, clock, ada)
    assert "Session done" in (end[0].text or "")
    assert "back pain at its worst" in (end[-1].text or "")
    row = await session_row(bot, session_id)
    assert (row.status, row.done_fraction) == ("checkin_peak", 1.0)
    await ada.tap("2")
    replies = await ada.tap("None of these")
    assert replies and "level" in (replies[-1].text or "").lower()
    assert (await session_row(bot, session_id)).zone is not None


async def test_finished_ends_an_audio_session_only_near_its_end(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    await choose(ada, "🎧 Audio track")
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    status, _ = await ada.tap("2")
    session_id = only_session(bot)
    clock.advance(minutes=12)
    early = await ada.tap("🏁 Finished", status)
    assert "isn't near its end" in (early[-1].text or "")
    assert early[-1].buttons[-1] == "Oops — keep going"
    assert (await session_row(bot, session_id)).status == "live"
    await ada.tap("Oops — keep going")
    clock.advance(minutes=14)  # 26 of 30 minutes: enough to count
    done = await ada.tap("🏁 Finished", status)
    assert "back pain at its worst" in (done[-1].text or "")
    row = await session_row(bot, session_id)
    assert row.status == "checkin_peak" and row.done_fraction == pytest.approx(26 / 30)
    assert session_id not in bot.timers.pending


async def test_both_sends_the_track_and_the_chat_cues(
        ada: Person, bot: RunningBot, clock: FakeClock) -> None:
    await onboard(ada)
    await choose(ada, "💬🎧 Both")
    clock.set(WEDNESDAY_0730)
    await ada.say("/go")
    replies = await ada.tap("2")
    assert [m.kind for m in replies] == ["text", "audio", "text"]
    assert "Warm-up walk" in (replies[-1].text or "")
    assert replies[0].buttons == ["⏸ Pause", "⏹ Stop"]
    jog = await fire_next(bot, clock, ada)
    assert "Jog easy" in (jog[0].text or "")
