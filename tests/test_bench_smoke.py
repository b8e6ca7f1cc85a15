"""``python -m bench --smoke``: every benchmark still runs end to end and fills its rows.

The figures of a smoke run say nothing (seconds of load on a busy machine); only that each
benchmark ran and measured something is checked here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = ("updates/s, runback ÷ echo bot", "p99 handling latency at 100 updates/s",
        "fan-out: 90 due at once", "fan-out: duplicates + lost", "fan-out: 429s",
        "first start-up, 5,000 users", "restart, 5,000 users", "resident memory",
        "cue lateness p99, 40 live sessions", "cues missing + 429s",
        "audio track: slowest render", "audio track: largest file",
        "progress chart: median render", "one-page report: median render")


def test_every_benchmark_runs_and_fills_its_rows() -> None:
    done = subprocess.run([sys.executable, "-m", "bench", "--smoke"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    table = done.stdout.split("\n")
    for name in ROWS:
        [row] = [line for line in table if line.startswith(name)]
        assert "n/a" not in row, row
    assert "did not run" not in done.stdout
    # Nothing was lost or doubled, and no 429, even in a few seconds' run.
    for name in ("fan-out: duplicates + lost", "fan-out: 429s"):
        [row] = [line for line in table if line.startswith(name)]
        assert row.rstrip().endswith("pass"), row
