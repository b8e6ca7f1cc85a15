"""A whole session as one audio file: the score's sounds mixed at their offsets, its words
(given a voice) in the quiet after them, then encoded as AAC in an M4A file (what Telegram's
sendAudio takes; it plays in the phone's music player, screen locked or not).

Mono at 16 kHz and a low bit rate: the cues are a few pure notes and the rest is silence,
which AAC stores in almost nothing, so 30 minutes fit in a few hundred kilobytes.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt

from bot.audio import tones
from bot.audio.score import Score
from bot.audio.speech import Voice

VERSION = "1"
"""Bumped whenever the sounds or the encoding change: old rendered files are then not reused."""
RATE = 16_000
BIT_RATE = 24_000
MIME_TYPE = "audio/mp4"
EXTENSION = "m4a"
WORDS_AFTER_CUE = 0.15
"""Seconds of quiet between a cue ringing out and the words about it."""
QUIET_BEFORE_CUE = 0.75
"""Words end at least this long before the next cue, so it sounds out of silence."""
_CHUNK = 1024 * 64  # samples handed to the encoder at a time


def samples(score: Score, rate: int = RATE, voice: Voice | None = None) -> npt.NDArray[np.int16]:
    """The track as 16-bit mono samples: silence, with each cue's sound from its offset and,
    given a ``voice``, the words after it."""
    mix = np.zeros(score.seconds * rate, dtype=np.float32)
    sounds = [(round(cue.at * rate), tones.sound(cue.sound, rate)) for cue in score.cues]
    if voice is not None:
        sounds += _words(score, voice, rate, [(at, at + len(sound)) for at, sound in sounds])
    for begin, sound in sounds:
        end = min(len(mix), begin + len(sound))
        mix[begin:end] += sound[:end - begin]
    return (np.clip(mix, -1.0, 1.0) * 32767).astype(np.int16)


def _words(score: Score, voice: Voice, rate: int,
           busy: list[tuple[int, int]]) -> list[tuple[int, npt.NDArray[np.float32]]]:
    """Where each of the score's words goes (sample, sound): once the cues sounding at its
    moment have rung out, and only where it ends well before the next cue.

    ``busy`` holds the (begin, end) of every cue; the words placed are added to it.
    """
    after, clear = round(WORDS_AFTER_CUE * rate), round(QUIET_BEFORE_CUE * rate)
    placed = []
    for said in score.words:
        begin = round(said.at * rate)
        for start, end in sorted(busy):
            if start <= begin < end + after:
                begin = end + after
        sound = voice.say(said.text, rate)
        following = min((start for start, _ in busy if start >= begin),
                        default=score.seconds * rate)
        if begin + len(sound) + clear > following:
            continue  # no room before the next cue: the tones say it alone
        placed.append((begin, sound))
        busy.append((begin, begin + len(sound)))
    return placed


def render(score: Score, path: Path, title: str, performer: str,
           voice: Voice | None = None) -> None:
    """Write the M4A file of ``score`` at ``path``, tagged with ``title`` and ``performer``;
    with its words spoken, given a ``voice``.

    Its index comes first in the file, so a player starts before the whole file is in.
    """
    pcm = samples(score, voice=voice)
    with av.open(str(path), "w", format="ipod",
                 options={"movflags": "+faststart"}) as container:
        container.metadata["title"] = title
        container.metadata["artist"] = performer
        stream = container.add_stream("aac", rate=RATE, layout="mono")
        stream.bit_rate = BIT_RATE
        for begin in range(0, len(pcm), _CHUNK):
            frame = av.AudioFrame.from_ndarray(pcm[None, begin:begin + _CHUNK], format="s16",
                                               layout="mono")
            frame.sample_rate, frame.time_base = RATE, Fraction(1, RATE)
            # Stamped frames let the file say how much encoder priming to skip: without
            # it, every cue would play 64 ms late.
            frame.pts = begin
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
