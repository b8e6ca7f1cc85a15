"""Every benchmark, one table: ``python -m bench`` (minutes) or ``python -m bench --smoke``
(each benchmark shortened to seconds, to check they all still run).

    throughput   runback against a bare PTB echo bot, and latency at 100 updates/s
    fanout       thousands of reminders due in one minute, through Telegram's flood limits
    startup      100,000 users: first start-up, restart, resident memory
    cues         cue lateness with 2,500 live sessions
    audio        render time and size of the session tracks
    report       the progress chart and the one-page PDF, and replies during a burst of them

``--only NAME ...`` runs some of them. Each benchmark also runs alone with more options
(``python -m bench.throughput --help`` and so on).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable

from bench import audio, cues, fanout, reminders, report, throughput
from bench.table import Figure, render

BENCHMARKS: dict[str, Callable[[bool], list[Figure]]] = {
    "throughput": throughput.figures,
    "fanout": fanout.figures,
    "startup": reminders.figures,
    "cues": cues.figures,
    "audio": audio.figures,
    "report": report.figures,
}


def machine() -> str:
    """The machine the figures came from, with its load now."""
    cpu = platform.processor() or platform.machine()
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = ", ".join(f"{each:.1f}" for each in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"load average {load}")


def _read(path: str) -> str:
    try:
        with open(path) as found:
            return found.read()
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="each benchmark in seconds")
    parser.add_argument("--only", nargs="+", choices=list(BENCHMARKS), metavar="NAME")
    args = parser.parse_args(argv)
    print(f"before: {machine()}", flush=True)
    rows: list[Figure] = []
    failed = []
    for name in args.only or BENCHMARKS:
        began = time.perf_counter()
        try:
            found = BENCHMARKS[name](args.smoke)
        except Exception:  # one broken benchmark still leaves the others' figures
            traceback.print_exc()
            failed.append(name)
            found = [Figure(f"{name}: did not run", float("nan"), 0)]
        rows.extend(found)
        print(f"{name}: {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    print(f"after:  {machine()}")
    print(render(rows))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
