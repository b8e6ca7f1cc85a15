"""A whole session as one audio file: the score's sounds mixed at their offsets, then encoded
as AAC in an M4A file (what Telegram's sendAudio takes; it plays in the phone's music player,
screen locked or not).

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

VERSION = "1"
"""Bumped whenever the sounds or the encoding change: old rendered files are then not reused."""
RATE = 16_000
BIT_RATE = 24_000
MIME_TYPE = "audio/mp4"
EXTENSION = "m4a"
_CHUNK = 1024 * 64  # samples handed to the encoder at a time


def samples(score: Score, rate: int = RATE) -> npt.NDArray[np.int16]:
    """The track as 16-bit mono samples: silence, with each cue's sound from its offset."""
    mix = np.zeros(score.seconds * rate, dtype=np.float32)
    for cue in score.cues:
        sound = tones.sound(cue.sound, rate)
        begin = round(cue.at * rate)
        end = min(len(mix), begin + len(sound))
        mix[begin:end] += sound[:end - begin]
    return (np.clip(mix, -1.0, 1.0) * 32767).astype(np.int16)


def render(score: Score, path: Path, title: str, performer: str) -> None:
    """Write the M4A file of ``score`` at ``path``, tagged with ``title`` and ``performer``.

    Its index comes first in the file, so a player starts before the whole file is in.
    """
    pcm = samples(score)
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
