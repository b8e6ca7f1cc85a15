"""Audio tracks: render time and file size of each session's 30-minute track.

Renders every level's track (and the flare walk) into a temporary folder, as the bot does the
first time a track is asked for, and prints the seconds each took and the file's size: with
spoken words where espeak-ng is installed (the first track pays for synthesising its phrases;
later ones reuse them, as the bot's process does), and tones alone with --tones. The targets
are at most 2 s and 2 MB a track.

Run:  python -m bench.audio [--smoke] [--tones]   (--smoke: levels 0, 3 and the flare walk)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.table import Figure
from bot.audio import score, speech, track
from bot.domain.ladder import FLOOR_LEVEL, LAST_LEVEL
from bot.services.audio import PERFORMER, title_of


def measure(levels: list[int], *, tones: bool = False,
            show: bool = False) -> tuple[float, float]:
    """Render each level's track (and the flare walk); the slowest seconds and largest bytes."""
    scores = [score.session_score(level) for level in levels] + [score.flare_score()]
    voice = None if tones else speech.voice()
    if show:
        print(f"words: {voice.name if voice else 'none, tones only'}")
    worst_time = worst_size = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for each in scores:
            key = each.key(track.VERSION, voice.name if voice else None)
            path = Path(folder) / f"{key}.{track.EXTENSION}"
            began = time.perf_counter()
            track.render(each, path, title_of(each), PERFORMER, voice)
            seconds = time.perf_counter() - began
            size = path.stat().st_size
            worst_time, worst_size = max(worst_time, seconds), max(worst_size, size)
            if show:
                print(f"{each.name:<11} {seconds:5.2f} s  {size / 1024:7.1f} KiB  "
                      f"{len(each.cues):3d} cues  {len(each.words) if voice else 0:2d} phrases")
    return worst_time, worst_size


def _levels(smoke: bool) -> list[int]:
    return [0, 3] if smoke else list(range(FLOOR_LEVEL, LAST_LEVEL + 1))


def figures(smoke: bool = False) -> list[Figure]:
    """The slowest render and the largest track, as rows of the benchmark table."""
    seconds, size = measure(_levels(smoke))
    return [Figure("audio track: slowest render", seconds, 2.0, "s"),
            Figure("audio track: largest file", size / 1024 / 1024, 2.0, "MiB")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="three tracks only")
    parser.add_argument("--tones", action="store_true", help="no spoken words")
    args = parser.parse_args()
    worst_time, worst_size = measure(_levels(args.smoke), tones=args.tones, show=True)
    print(f"slowest {worst_time:.2f} s, largest {worst_size / 1024 / 1024:.2f} MiB "
          "(targets: 2 s, 2 MiB)")


if __name__ == "__main__":
    main()
