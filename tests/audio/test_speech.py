"""Spoken words in the track: what is said, where it goes, and the key that tells tracks apart.

The words are found in a decoded track as broadband sound (a voice spreads over 300–3000 Hz;
a cue's notes are a few narrow lines), after each change and never over its pips.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from bot.audio import score, speech, tones, track, words
from bot.audio.score import Sound
from bot.domain.ladder import SESSION_SECONDS
from bot.services.audio import TrackCache
from bot.storage.db import Database
from tests.audio.test_track import TOLERANCE, Pcm, decode, expected, onset

RATE = track.RATE
SPEECH = 1e-5
"""Median power over the 100 Hz bands of 300–3000 Hz above which a stretch holds a voice: a
decoded voice sits near 5e-3, pips and silence near 5e-8."""

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed (apt-get install espeak-ng)")


@pytest.fixture(autouse=True)
def fresh_voice() -> Iterator[None]:
    """Each test looks for the speech engine anew (a test may hide it)."""
    speech.voice.cache_clear()
    yield
    speech.voice.cache_clear()


class Steady(speech.Voice):
    """A stand-in voice: every phrase is ``seconds`` of a steady hum, so placement is exact."""

    def __init__(self, seconds: float) -> None:
        super().__init__("/nowhere", "steady 1")
        self.seconds = seconds
        self.asked: list[str] = []

    def say(self, text: str, rate: int) -> tones.Samples:
        self.asked.append(text)
        return np.full(round(self.seconds * rate), 0.25, dtype=np.float32)


def voiced(pcm: Pcm, rate: int, begin: float, end: float) -> bool:
    """Whether ``begin``..``end`` holds broadband sound, as a voice makes."""
    chunk = pcm[round(begin * rate):round(end * rate)]
    power = np.abs(np.fft.rfft(chunk * np.hanning(len(chunk)))) ** 2 / len(chunk)
    bins = np.fft.rfftfreq(len(chunk), 1 / rate)
    bands = [power[(bins >= low) & (bins < low + 100)].mean() for low in range(300, 3000, 100)]
    return float(np.median(bands)) > SPEECH


def changes(level: int) -> list[float]:
    wanted = expected(level)
    return sorted(wanted[Sound.JOG] + wanted[Sound.WALK])


# What is said.

@pytest.mark.parametrize(("seconds", "said"), [
    (15, "fifteen seconds"), (30, "thirty seconds"), (60, "one minute"), (90,
    "one and a half minutes"), (150, "two and a half minutes"), (240, "four minutes"),
    (285, "four forty-five"), (245, "four oh five"), (585, "nine forty-five"),
    (1200, "twenty minutes")])
def test_lengths_are_said_in_plain_words(seconds: int, said: str) -> None:
    assert words.length(seconds) == said


def test_numbers_beyond_a_minute_of_seconds_are_refused() -> None:
    assert words.number(0) == "zero" and words.number(59) == "fifty-nine"
    with pytest.raises(ValueError):
        words.number(60)


def test_each_change_is_said_with_how_long_it_lasts() -> None:
    said = {each.at: each.text for each in score.session_score(1).words}
    assert said[300.0] == "Jog — fifteen seconds"
    assert said[315.0] == "Walk — four forty-five"  # until the next jog
    assert said[1200.0] == "Last jog — fifteen seconds"
    assert said[1215.0] == "Walk — nine forty-five"  # the last walk runs into the cool-down
    assert said[SESSION_SECONDS - 60.0] == "Last minute"
    assert "Session done" in said.values()
    # Halfway falls on a jog: the words wait for the chime, then say both.
    assert 900.0 not in said
    assert said[900.0 + score.AFTER_CUE] == "Halfway. Jog — fifteen seconds"


def test_one_long_jog_is_not_called_the_last() -> None:
    said = [each.text for each in score.session_score(10).words]
    assert said == ["Jog — twenty minutes", "Halfway", "Walk — five minutes", "Last minute",
                    "Session done"]


def test_the_walks_without_changes_say_halfway_and_the_end() -> None:
    assert [each.text for each in score.session_score(0).words] == [
        "Halfway", "Last minute", "Session done"]
    assert [each.text for each in score.flare_score().words] == [
        "Ten minutes — you can stop here", "Halfway", "Last minute", "Session done"]


# Where it goes (a stand-in voice: no speech engine needed).

def test_words_follow_the_cue_that_rang_and_leave_the_cue_on_its_second() -> None:
    level1 = score.session_score(1)
    voice = Steady(1.0)
    pcm = track.samples(level1, voice=voice).astype(np.float32) / 32767
    tones_only = track.samples(level1).astype(np.float32) / 32767
    jog_ends = 300.0 + len(tones.sound(Sound.JOG, RATE)) / RATE
    begin = round((jog_ends + track.WORDS_AFTER_CUE) * RATE)
    assert np.all(pcm[round(jog_ends * RATE):begin - 1] == 0)  # quiet between cue and words
    assert np.all(pcm[begin:begin + RATE] > 0.2)  # then the words, for their full second
    # Up to where the words begin, the track is the tones-only track, sample for sample.
    assert np.array_equal(pcm[:begin], tones_only[:begin])
    chime_ends = 901.5 + len(tones.sound(Sound.HALFWAY, RATE)) / RATE
    assert np.all(pcm[round((chime_ends + track.WORDS_AFTER_CUE) * RATE):][:RATE] > 0.2)
    assert len(voice.asked) == len(level1.words)


def test_words_that_would_run_into_the_next_pips_are_left_out() -> None:
    level1 = score.session_score(1)
    pcm = track.samples(level1, voice=Steady(12.0)).astype(np.float32) / 32767
    # A jog of fifteen seconds has no room for twelve seconds of words before its pips...
    assert np.abs(pcm[round(302 * RATE):round(311.9 * RATE)]).max() == 0
    # ...while the walk of four minutes forty-five that follows has.
    assert np.all(pcm[round(317 * RATE):round(327 * RATE)] > 0.2)
    # And nothing ever sounds in the quiet before a cue.
    for change in changes(1):
        before = pcm[round((change - 3 - track.QUIET_BEFORE_CUE) * RATE):round((change - 3) * RATE)]
        assert np.abs(before).max() == 0, change


# The real voice, decoded.

@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Pcm, int, float, int]:
    """Level 1 with espeak-ng's words, decoded; and the file's size."""
    speech.voice.cache_clear()
    voice = speech.voice()
    assert voice is not None
    path = tmp_path_factory.mktemp("spoken") / "level1.m4a"
    track.render(score.session_score(1), path, "runback — Level 1 — 30:00", "runback", voice)
    return (*decode(path), path.stat().st_size)


@needs_espeak
def test_a_voice_speaks_after_each_change_and_never_before_it(
        spoken: tuple[Pcm, int, float, int]) -> None:
    pcm, rate, _, _ = spoken
    for change in changes(1):
        assert voiced(pcm, rate, change + 0.9, change + 4.5), change
        assert not voiced(pcm, rate, change - 3.5, change - 0.05), change  # the pips alone
    assert voiced(pcm, rate, SESSION_SECONDS - 60, SESSION_SECONDS - 59)  # "Last minute"
    finish = SESSION_SECONDS - score.FINISH_SECONDS
    assert voiced(pcm, rate, finish - 2.5, finish - 0.5)  # "Session done"
    assert not voiced(pcm, rate, 420, 590)  # a walk, well away from anything said


@needs_espeak
def test_with_words_every_cue_still_sounds_at_its_second(
        spoken: tuple[Pcm, int, float, int]) -> None:
    pcm, rate, seconds, size = spoken
    assert abs(seconds - SESSION_SECONDS) <= 0.1
    assert abs(len(pcm) / rate - SESSION_SECONDS) <= 0.1
    assert size <= 2 * 1024 * 1024
    for sound, moments in expected(1).items():
        for moment in moments:
            found = onset(pcm, rate, moment, tones.SIGNATURE[sound])
            assert abs(found - moment) <= TOLERANCE, (sound, moment, found)
    halfway = 900.0 + score.AFTER_CUE
    assert abs(onset(pcm, rate, halfway, tones.SIGNATURE[Sound.HALFWAY]) - halfway) <= TOLERANCE


@needs_espeak
def test_each_phrase_is_synthesised_once_and_trimmed() -> None:
    voice = speech.voice()
    assert voice is not None and voice.name.startswith("espeak-ng ")
    first = voice.say("Jog — one minute", RATE)
    assert voice.say("Jog — one minute", RATE) is first
    assert 0.5 < len(first) / RATE < 2.5
    assert abs(float(np.abs(first).max()) - speech.LOUDNESS) < 0.01
    assert abs(first[0]) < 0.01 and abs(first[-1]) < 0.01  # no click at either end


# Speech off, or no engine: tones only, under another key.

async def test_speech_off_renders_tones_only_under_another_key(
        db: Database, tmp_path: Path) -> None:
    level1 = score.session_score(1)
    off = await TrackCache(db, tmp_path, speak=False).ready(level1)
    assert not off.spoken and off.key == level1.key(track.VERSION)
    pcm, rate, _ = decode(off.path)
    assert not any(voiced(pcm, rate, change + 0.9, change + 4.5) for change in changes(1))
    if shutil.which("espeak-ng") is not None:
        on = await TrackCache(db, tmp_path, speak=True).ready(level1)
        assert on.spoken and on.key != off.key and on.path != off.path


async def test_without_espeak_ng_the_tracks_are_tones_only(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert speech.voice() is None
    ready = await TrackCache(db, tmp_path, speak=True).ready(score.session_score(3))
    assert not ready.spoken and ready.key == score.session_score(3).key(track.VERSION)
    assert ready.path.exists()


async def test_a_broken_engine_leaves_tones_only(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = speech.Voice(shutil.which("false") or "/bin/false", "espeak-ng 0")
    monkeypatch.setattr(speech, "voice", lambda: broken)
    cache = TrackCache(db, tmp_path / "tracks", speak=True)
    with pytest.raises(speech.SpeechFailed):
        broken.say("Halfway", RATE)
    ready = await cache.ready(score.session_score(0))
    assert not ready.spoken and ready.key == score.session_score(0).key(track.VERSION)
    assert [path.name for path in (tmp_path / "tracks").iterdir()] == [ready.path.name]


def test_the_key_names_the_voice() -> None:
    three = score.session_score(3)
    assert three.key("1") == three.key("1", None)
    assert three.key("1", "espeak-ng 1.51") != three.key("1")
    assert three.key("1", "espeak-ng 1.51") != three.key("1", "espeak-ng 1.52")
    assert three.key("1", "espeak-ng 1.51") == score.session_score(3).key("1", "espeak-ng 1.51")
