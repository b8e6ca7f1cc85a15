"""The ``runback`` command as an operator meets it: real processes, real exit codes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import inspect

from bot.emulator import Emulator
from bot.storage.db import Database

TOKEN = "424242:the-real-secret-token"


def runback_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("RUNBACK_") and k != "TELEGRAM_BOT_TOKEN"}
    env["RUNBACK_DATABASE__URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    env.update(extra)
    return env


def runback(tmp_path: Path, *args: str, stdin: str = "",
            **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=tmp_path, env=runback_env(tmp_path, **env),
        input=stdin, capture_output=True, text=True, timeout=120, check=False,
    )


def test_run_without_a_token_says_how_to_set_it(tmp_path: Path) -> None:
    result = runback(tmp_path, "run")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "telegram.token" in result.stderr


def test_a_malformed_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[coach]\ntime_scale = 'quick'\n")
    result = runback(tmp_path, "run", "--config", str(config))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(config) in lines[0] and "coach.time_scale" in lines[0]


def test_webhook_mode_without_a_secret_is_refused_in_one_line(tmp_path: Path) -> None:
    result = runback(tmp_path, "run", TELEGRAM_BOT_TOKEN=TOKEN, RUNBACK_TELEGRAM__MODE="webhook",
                     RUNBACK_WEBHOOK__URL="https://bot.example.org/telegram")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "webhook.secret_token is empty" in result.stderr


async def test_db_upgrade_creates_the_schema(tmp_path: Path, empty_db_url: str) -> None:
    result = await asyncio.to_thread(runback, tmp_path, "db", "upgrade",
                                     RUNBACK_DATABASE__URL=empty_db_url)
    assert result.returncode == 0, result.stderr
    db = Database(empty_db_url)
    try:
        async with db.engine.connect() as connection:
            tables = set(await connection.run_sync(
                lambda sync: inspect(sync).get_table_names()))
    finally:
        await db.close()
    assert {"users", "safety_answers", "check_ins", "sessions", "decisions"} <= tables


def test_a_config_file_in_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[database]\nurl = "sqlite+aiosqlite:///other.db"\n')
    env = runback_env(tmp_path)
    del env["RUNBACK_DATABASE__URL"]
    result = subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "other.db").exists()


async def start_runback(
    tmp_path: Path, emulator: Emulator, token: str, **extra: str
) -> asyncio.subprocess.Process:
    env = runback_env(tmp_path, TELEGRAM_BOT_TOKEN=token,
                      RUNBACK_TELEGRAM__API_BASE_URL=emulator.base_url,
                      RUNBACK_LOGGING__LEVEL="DEBUG", **extra)
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def test_a_refused_token_is_one_line_exit_2_and_never_printed(tmp_path: Path) -> None:
    async with Emulator(TOKEN) as emulator:
        process = await start_runback(tmp_path, emulator, "424242:a-wrong-token-value")
        out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    lines = err.decode().strip().splitlines()
    assert lines[-1].startswith("runback: Telegram refused the bot token")
    assert "a-wrong-token-value" not in (out + err).decode()


async def test_run_serves_users_and_stops_cleanly_without_logging_the_token(
    tmp_path: Path, db_url: str
) -> None:
    async with Emulator(TOKEN, flood_limits=None) as emulator:
        process = await start_runback(tmp_path, emulator, TOKEN, RUNBACK_DATABASE__URL=db_url)
        try:
            await emulator.wait_for_calls("setMyCommands", timeout=60)
            user = emulator.user(user_id=77, first_name="Cy")
            await user.send("/start")
            welcome = await user.next_message(timeout=30)
            assert "I'm runback" in (welcome.text or "")
        finally:
            process.send_signal(signal.SIGTERM)
            out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    logged = (out + err).decode()
    assert "getUpdates" in logged or "polling" in logged  # DEBUG logging was on
    assert TOKEN not in logged
    assert TOKEN.split(":")[1] not in logged


def days_after_tomorrow_in_london() -> str:
    """Three training days, none of them today or tomorrow where the demo user lives.

    The demo runs on the machine's clock, so the test picks its days from that clock: the
    first session is then always days away, even if the run crosses midnight.
    """
    today = datetime.now(ZoneInfo("Europe/London")).date()
    return " ".join((today + timedelta(days=n)).strftime("%a").lower() for n in (2, 4, 6))


def test_the_demo_can_be_driven_through_onboarding(tmp_path: Path) -> None:
    # Agree, then None of these at both screening lists.
    answers = ["/start", "#1", "#1", "#1", "#3", "4", "3", "#3", days_after_tomorrow_in_london(),
               "#3", "/location 51.5 -0.12", "#1", "/today", "/quit"]
    result = runback(tmp_path, "demo", "--speed", "60", stdin="\n".join(answers) + "\n")
    assert result.returncode == 0, result.stderr
    assert "[#1] I agree, let's go" in result.stdout
    assert "[#1] None of these" in result.stdout and "[#9] ☐ 8 Night pain" in result.stdout
    assert "Exercise check" in result.stdout and "[#8] ☐ 7 Supervision only" in result.stdout
    assert "Time zone: Europe/London" in result.stdout
    assert "You're all set" in result.stdout
    assert "Your first session is" in result.stdout
    assert result.stdout.rstrip().endswith("goodbye.")


def test_the_demo_refuses_a_zero_speed(tmp_path: Path) -> None:
    for speed in ("0", "-1", "inf", "nan", "fast"):
        result = runback(tmp_path, "demo", "--speed", speed)
        assert result.returncode == 2, speed
        assert "--speed: must be a number greater than 0" in result.stderr, speed
