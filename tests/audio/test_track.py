"""The rendered track, decoded: every cue is found by its pitch at the timeline's offset."""

from __future__ import annotations

import itertools
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest

from bot.audio import score, tones, track
from bot.audio.score import Score, Sound
from bot.domain.ladder import SESSION_SECONDS
from bot.domain.live import MIDWAY_SECONDS
from bot.domain.timeline import PhaseKind, timeline

TOLERANCE = 0.05  # seconds: the bound on where a cue may fall
WINDOW = 0.04  # 25 Hz bins: jog's C5 and walk's D5 stay apart

Pcm = npt.NDArray[np.float32]


def decode(path: Path) -> tuple[Pcm, int, float]:
    """Samples, sample rate and the container's own duration (seconds)."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        pcm = np.concatenate([frame.to_ndarray()[0] for frame in container.decode(stream)])
        assert container.duration is not None
        return pcm.astype(np.float32), stream.rate, container.duration / 1_000_000


def strength(pcm: Pcm, rate: int, at: float, hz: float) -> float:
    """How loud ``hz`` is in the window centred on ``at`` (Hann-windowed DFT bin)."""
    size = round(WINDOW * rate)
    begin = max(0, round(at * rate) - size // 2)
    chunk = pcm[begin:begin + size]
    spectrum = np.fft.rfft(chunk * np.hanning(len(chunk)), n=size * 8)
    bins = np.fft.rfftfreq(size * 8, 1 / rate)
    return float(np.abs(spectrum[np.argmin(np.abs(bins - hz))]))


def onset(pcm: Pcm, rate: int, near: float, hz: float) -> float:
    """The moment ``hz`` first rises to half its peak within half a second of ``near``,
    after at least 0.4 s without it."""
    moments = np.arange(near - 0.5, near + 0.5, 0.002)
    levels = np.array([strength(pcm, rate, moment, hz) for moment in moments])
    before = levels[moments < near - 0.1].max()
    assert levels.max() > 10 * max(before, 1e-3), f"no {hz} Hz starting near {near}"
    return float(moments[np.argmax(levels > levels.max() / 2)])


def expected(level: int) -> dict[Sound, list[float]]:
    """Where each cue belongs, worked out from the domain's timeline alone."""
    phases = timeline(level)
    jogs = [float(p.start) for p in phases if p.kind is PhaseKind.JOG]
    walks = [float(after.start) for before, after in itertools.pairwise(phases)
             if before.kind is PhaseKind.JOG]
    changes = sorted(jogs + walks)
    pips = sorted(change - n for change in changes for n in (1, 2, 3))
    return {Sound.JOG: jogs, Sound.WALK: walks, Sound.PIP: pips,
            Sound.FINISH: [SESSION_SECONDS - score.FINISH_SECONDS]}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Pcm, int, float]]:
    folder = tmp_path_factory.mktemp("tracks")
    tracks: dict[str, tuple[Pcm, int, float]] = {}
    scores: dict[str, Score] = {f"level {n}": score.session_score(n) for n in (0, 1, 3, 8)}
    scores["flare"] = score.flare_score()
    for name, each in scores.items():
        path = folder / f"{name}.m4a"
        track.render(each, path, f"runback — {each.name} — 30:00", "runback")
        tracks[name] = decode(path)
    return tracks


@pytest.mark.parametrize("level", [0, 1, 3, 8])
def test_every_change_sounds_at_its_second(
        rendered: dict[str, tuple[Pcm, int, float]], level: int) -> None:
    pcm, rate, _ = rendered[f"level {level}"]
    wanted = expected(level)
    if level == 0:
        assert wanted[Sound.JOG] == wanted[Sound.WALK] == []  # one walk: no changes at all
    for sound, moments in wanted.items():
        for moment in moments:
            found = onset(pcm, rate, moment, tones.SIGNATURE[sound])
            assert abs(found - moment) <= TOLERANCE, (level, sound, moment, found)


@pytest.mark.parametrize("level", [1, 3, 8])
def test_jog_and_walk_cues_sound_different(
        rendered: dict[str, tuple[Pcm, int, float]], level: int) -> None:
    pcm, rate, _ = rendered[f"level {level}"]
    jog, walk = tones.SIGNATURE[Sound.JOG], tones.SIGNATURE[Sound.WALK]
    for moment in expected(level)[Sound.JOG]:
        assert strength(pcm, rate, moment + 0.1, jog) > 5 * strength(pcm, rate, moment + 0.1,
                                                                      walk)
    for moment in expected(level)[Sound.WALK]:
        assert strength(pcm, rate, moment + 0.1, walk) > 5 * strength(pcm, rate, moment + 0.1,
                                                                       jog)


@pytest.mark.parametrize("name", ["level 0", "level 1", "level 3", "level 8", "flare"])
def test_halfway_chime_and_finish_tune(
        rendered: dict[str, tuple[Pcm, int, float]], name: str) -> None:
    pcm, rate, seconds = rendered[name]
    assert abs(seconds - SESSION_SECONDS) <= 0.1
    assert abs(len(pcm) / rate - SESSION_SECONDS) <= 0.1
    changes = expected(int(name.split()[1]))[Sound.JOG] if name != "flare" else []
    # A chime that falls on a change waits for the change's own cue to sound first.
    halfway = MIDWAY_SECONDS + (score.AFTER_CUE if MIDWAY_SECONDS in changes else 0)
    found = onset(pcm, rate, halfway, tones.SIGNATURE[Sound.HALFWAY])
    assert abs(found - halfway) <= TOLERANCE
    finish = SESSION_SECONDS - score.FINISH_SECONDS
    assert abs(onset(pcm, rate, finish, tones.SIGNATURE[Sound.FINISH]) - finish) <= TOLERANCE
    assert np.abs(pcm[-round(rate * 0.3):]).max() > 0.05  # the tune rings to the very end


def test_the_flare_walk_says_where_stopping_is_fine(
        rendered: dict[str, tuple[Pcm, int, float]]) -> None:
    pcm, rate, _ = rendered["flare"]
    found = onset(pcm, rate, 600.0, tones.SIGNATURE[Sound.ENOUGH])
    assert abs(found - 600.0) <= TOLERANCE
    for moment in (300.0, 315.0, 360.0):  # no jog or walk cue anywhere on a flare walk
        assert strength(pcm, rate, moment + 0.1, tones.SIGNATURE[Sound.JOG]) < 1.0


def test_between_cues_there_is_silence(rendered: dict[str, tuple[Pcm, int, float]]) -> None:
    pcm, rate, _ = rendered["level 3"]
    quiet = pcm[round(420 * rate):round(590 * rate)]  # a walk, well away from any cue
    assert float(np.sqrt(np.mean(quiet ** 2))) < 1e-3


def test_the_title_and_performer_are_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "level3.m4a"
    track.render(score.session_score(3), path, "runback — Level 3 — 30:00", "runback")
    with av.open(str(path)) as container:
        assert container.metadata["title"] == "runback — Level 3 — 30:00"
        assert container.metadata["artist"] == "runback"
    assert path.stat().st_size <= 2 * 1024 * 1024


def test_same_sounds_same_key_and_a_new_renderer_a_new_one() -> None:
    three = score.session_score(3)
    assert three.key("1") == score.session_score(3).key("1")
    assert three.key("1") != three.key("2")
    assert three.key("1") != score.session_score(4).key("1")
    assert score.session_score(0).key("1") != score.flare_score().key("1")


def test_synthesis_is_deterministic() -> None:
    three = score.session_score(3)
    assert np.array_equal(track.samples(three), track.samples(three))
