"""The real ``runback run`` in its own process, on a given database and clock, killable."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import IO

from bot import killpoints
from bot.emulator import Emulator
from bot.serve import CLOCK_START_ENV
from tests.test_cli import runback_env

START_TIMEOUT = 60.0


class BotProcess:
    """One ``runback run`` at a time against ``emulator``; each start is a new process on the
    same database, its clock starting where the test says."""

    def __init__(self, tmp_path: Path, emulator: Emulator, db_url: str, **settings: str) -> None:
        self.tmp_path = tmp_path
        self.emulator = emulator
        self.db_url = db_url
        self.settings = settings
        self.starts = 0
        self.process: asyncio.subprocess.Process | None = None
        self._log: IO[bytes] | None = None

    async def start(self, clock: datetime, kill_at: str | None = None) -> None:
        """Start a process whose clock reads ``clock``; wait until it is polling, or has set
        its webhook in webhook mode."""
        env = runback_env(self.tmp_path, TELEGRAM_BOT_TOKEN=self.emulator.token,
                          RUNBACK_TELEGRAM__API_BASE_URL=self.emulator.base_url,
                          RUNBACK_DATABASE__URL=self.db_url, **self.settings)
        env[CLOCK_START_ENV] = clock.isoformat()
        if kill_at is not None:
            env[killpoints.ENV] = kill_at
        self.starts += 1
        # A file, not a pipe: nobody reads the log while the process runs, and a full pipe
        # would stall it.
        self._log = (self.tmp_path / f"runback-{self.starts}.log").open("wb")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=self.tmp_path, env=env,
            stdout=self._log, stderr=self._log,
        )
        receiving = ("setWebhook" if self.settings.get("RUNBACK_TELEGRAM__MODE") == "webhook"
                     else "getUpdates")
        before = len(self.emulator.calls_to(receiving))
        await self.emulator.wait_for_calls("setMyCommands", count=self.starts,
                                           timeout=START_TIMEOUT)
        await self.emulator.wait_for_calls(receiving, count=before + 1, timeout=START_TIMEOUT)

    async def kill(self) -> None:
        """``kill -9`` the running process."""
        assert self.process is not None
        self.process.kill()
        await self.died()

    async def died(self, timeout: float = START_TIMEOUT) -> None:  # noqa: ASYNC109
        """Wait until the process is gone by SIGKILL (its own kill point, or ours)."""
        assert self.process is not None
        code = await asyncio.wait_for(self.process.wait(), timeout)
        assert code == -signal.SIGKILL, f"exit {code}\n{self.log()}"
        self._close_log()

    async def terminate(self, timeout: float = START_TIMEOUT) -> int:  # noqa: ASYNC109
        """Send SIGTERM as systemd does on a stop; the exit code once the process is gone."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.process.wait(), timeout)
        self._close_log()
        return code

    async def stop(self) -> None:
        """Stop the running process as an operator would; a no-op once it has died."""
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), START_TIMEOUT)
        self._close_log()

    def log(self) -> str:
        """Everything the processes logged so far."""
        return "\n".join(path.read_text(errors="replace")
                         for path in sorted(self.tmp_path.glob("runback-*.log")))

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
