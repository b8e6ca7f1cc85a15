"""The sound of each cue, synthesised: soft sine notes with a quick attack and a gentle decay.

Every cue has its own notes, so a listener (and a test, by the notes' frequencies) tells
"jog now" from "walk now" without looking. Pure and deterministic: the same call, the same
samples.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from bot.audio.score import FINISH_SECONDS, Sound

Samples = npt.NDArray[np.float32]

ATTACK = 0.008
"""Seconds from silence to full loudness: quick enough to mark the moment, without a click."""
LOUDNESS = 0.45
"""Peak of one note, as a fraction of full scale; overlapping notes stay below clipping."""


@dataclass(frozen=True)
class Note:
    """One note of a cue: ``start`` seconds into the cue, ``length`` seconds long."""

    hz: float
    start: float
    length: float
    decay: float = 3.0  # how fast it fades, per second
    bell: bool = False  # a bell's inharmonic partials instead of a soft second harmonic


C5, D5, G5, G4 = 523.25, 587.33, 783.99, 392.00
A4, CS5, E5, A5 = 440.00, 554.37, 659.26, 880.00
B5, FS5, E6 = 987.77, 739.99, 1318.51

NOTES: dict[Sound, tuple[Note, ...]] = {
    Sound.PIP: (Note(E6, 0.0, 0.09, decay=12.0),),
    Sound.JOG: (Note(C5, 0.0, 0.24), Note(G5, 0.27, 0.5)),  # up a fifth: pick it up
    Sound.WALK: (Note(D5, 0.0, 0.24), Note(G4, 0.27, 0.6)),  # down a fifth: ease off
    Sound.HALFWAY: (Note(B5, 0.0, 1.3, decay=2.5, bell=True),),
    Sound.ENOUGH: (Note(FS5, 0.0, 1.0, decay=3.0, bell=True),),
    Sound.FINISH: (Note(A4, 0.0, 0.28), Note(CS5, 0.3, 0.28), Note(E5, 0.6, 0.28),
                   Note(A5, 0.9, FINISH_SECONDS - 0.9, decay=1.5)),
}
"""The notes of each cue. The first note's pitch is the cue's own: no other cue starts on it."""

SIGNATURE: dict[Sound, float] = {sound: notes[0].hz for sound, notes in NOTES.items()}
"""The pitch each cue begins with, by which it is found in a decoded track."""


def _note(note: Note, rate: int) -> Samples:
    t = np.arange(round(note.length * rate), dtype=np.float64) / rate
    if note.bell:
        wave = (np.sin(2 * np.pi * note.hz * t) + 0.35 * np.sin(2 * np.pi * 2.76 * note.hz * t)
                * np.exp(-t * 4.0))
    else:
        wave = np.sin(2 * np.pi * note.hz * t) + 0.2 * np.sin(2 * np.pi * 2 * note.hz * t)
    envelope = np.minimum(1.0, t / ATTACK) * np.exp(-t * note.decay)
    release = np.minimum(1.0, (note.length - t) / 0.02)  # fades out in its last 20 ms
    samples: Samples = (LOUDNESS * wave * envelope * release).astype(np.float32)
    return samples


@cache
def sound(kind: Sound, rate: int) -> Samples:
    """The samples of one cue at ``rate`` samples a second (read-only; shared)."""
    notes = NOTES[kind]
    length = max(round((note.start + note.length) * rate) for note in notes)
    out = np.zeros(length, dtype=np.float32)
    for note in notes:
        samples = _note(note, rate)
        begin = round(note.start * rate)
        out[begin:begin + len(samples)] += samples
    out.setflags(write=False)
    return out
