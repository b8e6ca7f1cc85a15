"""The emulator side of the cue benchmark, in its own process so the bot has a core to itself.

Serves the Bot API for the benchmark's users and records when each message reaches each chat,
with its text, and how many status edits arrived; on SIGTERM it writes them as JSON and exits.

Run by bench/cues.py:  python -m bench.cue_emulator PORT TOKEN FIRST_USER COUNT SCALE OUT.json
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import time
from pathlib import Path

from bot.emulator import REALISTIC_FLOOD_LIMITS, BotAction, Emulator


async def serve(port: int, token: str, first: int, count: int, scale: float, out: Path) -> None:
    """Serve until SIGTERM, then write
    ``{"arrivals": {chat: [[time, text], ...]}, "edits": n, "flood_errors": n}``."""
    flood = REALISTIC_FLOOD_LIMITS.scaled(scale)
    arrivals: dict[int, list[tuple[float, str]]] = {}
    edits = 0
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)

    def record(action: BotAction) -> None:
        nonlocal edits
        if action.kind == "send" and action.chat_id is not None:
            text = str(action.params.get("text", ""))
            arrivals.setdefault(action.chat_id, []).append((time.time(), text))
        elif action.kind == "edit":
            edits += 1

    async with Emulator(token, flood_limits=flood, port=port) as emulator:
        for uid in range(first, first + count):
            emulator.user(user_id=uid, first_name="Runner")
        emulator.subscribe(record)
        print("ready", flush=True)
        await stop.wait()
        assert emulator.state.flood is not None
        rejected = emulator.state.flood.rejected
    report = json.dumps({"arrivals": arrivals, "edits": edits, "flood_errors": rejected})
    await asyncio.to_thread(out.write_text, report)


if __name__ == "__main__":
    port, token, first, count, scale, out = sys.argv[1:7]
    asyncio.run(serve(int(port), token, int(first), int(count), float(scale), Path(out)))
