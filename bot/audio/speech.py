"""Spoken words for a track, from the server's espeak-ng when it has one.

espeak-ng is looked for once per process; each phrase is synthesised once (a short
subprocess that writes WAV to stdout), resampled to the track's rate and normalised, then kept
for the life of the process. Without espeak-ng there is no voice and tracks are tones alone.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import wave
from functools import cache

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.float32]

ENGINE = "espeak-ng"
WORDS_PER_MINUTE = 160
"""A little slower than espeak-ng's default, for a listener out of breath outdoors."""
LOUDNESS = 0.6
"""Peak of the words, as a fraction of full scale: as loud as a cue's notes sound."""
FADE = 0.005
"""Seconds of fade at each end of a phrase."""
TIMEOUT = 10.0
"""Seconds one phrase may take before the engine counts as broken."""

log = logging.getLogger(__name__)


class SpeechFailed(Exception):
    """The speech engine did not give a phrase's sound."""


class Voice:
    """espeak-ng at ``path``; ``name`` (engine and version) tells its sound from another's."""

    def __init__(self, path: str, name: str) -> None:
        self.path = path
        self.name = name  # "espeak-ng 1.51"
        self._said: dict[tuple[str, int], Samples] = {}

    def __repr__(self) -> str:
        return f"Voice({self.name!r} at {self.path!r})"

    def say(self, text: str, rate: int) -> Samples:
        """The samples of ``text`` spoken, at ``rate`` a second (read-only; kept per phrase).

        Raises SpeechFailed when the engine fails or gives no sound."""
        said = self._said.get((text, rate))
        if said is None:
            said = _normalised(_resampled(*_synthesised(self.path, text), rate), rate)
            said.setflags(write=False)
            self._said[(text, rate)] = said
        return said


@cache
def voice() -> Voice | None:
    """The server's espeak-ng, looked for once per process (None without one)."""
    path = shutil.which(ENGINE)
    if path is None:
        log.info("%s not found: session tracks have tones only", ENGINE)
        return None
    try:
        shown = subprocess.run([path, "--version"], capture_output=True, text=True,
                               timeout=TIMEOUT, check=True).stdout
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("%s does not answer (%s): session tracks have tones only", ENGINE, error)
        return None
    version = re.search(r"\d+(?:\.\d+)+", shown)
    return Voice(path, f"{ENGINE} {version.group() if version else shown.strip()[:40]}")


def _synthesised(path: str, text: str) -> tuple[npt.NDArray[np.float64], int]:
    """``text`` spoken by espeak-ng: mono samples in -1..1 and their rate."""
    command = [path, "--stdout", "-v", "en", "-s", str(WORDS_PER_MINUTE), text]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=True)
        with wave.open(io.BytesIO(done.stdout)) as audio:
            width, channels, rate = audio.getsampwidth(), audio.getnchannels(), audio.getframerate()
            # Streamed WAV claims an endless length: read what is there.
            frames = audio.readframes(len(done.stdout))
    except (OSError, subprocess.SubprocessError, wave.Error, EOFError) as error:
        raise SpeechFailed(f"{ENGINE} could not say {text!r}: {error}") from error
    if width != 2 or len(frames) < 2:
        raise SpeechFailed(f"{ENGINE} gave no 16-bit sound for {text!r}")
    pcm = np.frombuffer(frames[:len(frames) // 2 * 2], dtype="<i2").astype(np.float64) / 32768
    return pcm.reshape(-1, channels).mean(axis=1), rate


def _resampled(pcm: npt.NDArray[np.float64], rate: int, to: int) -> npt.NDArray[np.float64]:
    """``pcm`` at ``to`` samples a second, band-limited (no aliasing) by cutting its spectrum."""
    if rate == to:
        return pcm
    length = round(len(pcm) * to / rate)
    spectrum = np.fft.rfft(pcm)
    kept = np.zeros(length // 2 + 1, dtype=spectrum.dtype)
    common = min(len(kept), len(spectrum))
    kept[:common] = spectrum[:common]
    resampled: npt.NDArray[np.float64] = np.fft.irfft(kept, n=length) * (length / len(pcm))
    return resampled


def _normalised(pcm: npt.NDArray[np.float64], rate: int) -> Samples:
    """Peak at LOUDNESS, with the engine's leading and trailing silence cut off."""
    loud = np.flatnonzero(np.abs(pcm) > 0.01 * np.abs(pcm).max(initial=0.0))
    if len(loud) == 0:
        raise SpeechFailed(f"{ENGINE} gave only silence")
    trimmed = pcm[loud[0]:loud[-1] + 1]
    edge = np.minimum(np.arange(len(trimmed)), np.arange(len(trimmed))[::-1])
    fade = np.minimum(1.0, edge / (FADE * rate))  # no click where the cut falls
    samples: Samples = (LOUDNESS * trimmed * fade / np.abs(trimmed).max()).astype(np.float32)
    return samples
