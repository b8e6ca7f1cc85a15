"""The [schedule] settings: misfire grace and tick interval."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_schedule_defaults_and_the_example_file() -> None:
    assert load_settings(None, environ={}).schedule.misfire_grace_minutes == 120
    example = Path(__file__).parents[1] / "config.example.toml"
    settings = load_settings(example, environ={})
    assert (settings.schedule.misfire_grace_minutes, settings.schedule.tick_seconds) == (120, 20)


def test_schedule_from_a_file_and_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[schedule]\nmisfire_grace_minutes = 30\ntick_seconds = 15\n")
    settings = load_settings(path, environ={"RUNBACK_SCHEDULE__MISFIRE_GRACE_MINUTES": "45"})
    assert (settings.schedule.misfire_grace_minutes, settings.schedule.tick_seconds) == (45, 15)


@pytest.mark.parametrize("value", ['"soon"', "-5", "1.5", "true"])
def test_a_bad_grace_is_refused_with_its_name(tmp_path: Path, value: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[schedule]\nmisfire_grace_minutes = {value}\n")
    with pytest.raises(ConfigError, match=r"schedule\.misfire_grace_minutes"):
        load_settings(path, environ={})


def test_a_tick_must_take_some_time(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[schedule]\ntick_seconds = 0\n")
    with pytest.raises(ConfigError, match=r"schedule\.tick_seconds"):
        load_settings(path, environ={})
