"""Settings: a TOML file, overridden by ``RUNBACK_<SECTION>__<KEY>`` environment variables."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.domain.reminders import DEFAULT_MORNING_CHECKIN

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
ENV_PREFIX = "RUNBACK_"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
MODES = ("polling", "webhook")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram accepts as a webhook's secret token."""
SPEECH = ("auto", "off")
_CHOICES = {"logging.format": LOG_FORMATS, "telegram.mode": MODES, "audio.speech": SPEECH}
_MAY_BE_ZERO = frozenset({"telegram.max_messages_per_second",
                          "telegram.max_messages_per_chat_per_second"})
"""Numbers for which 0 means "off" rather than a mistake."""


class ConfigError(Exception):
    """A configuration problem, phrased as one line for the operator."""


@dataclass(frozen=True)
class TelegramSettings:
    token: str = ""
    api_base_url: str = DEFAULT_API_BASE_URL
    # 0 turns the bot's own overall limit off (a local Bot API server, or a limit elsewhere).
    max_messages_per_second: float = 30.0
    # Messages a second to one chat (Telegram allows about one); 0 turns this pacing off.
    max_messages_per_chat_per_second: float = 1.0
    mode: str = "polling"

    @property
    def file_base_url(self) -> str:
        """The file-download base that matches ``api_base_url``."""
        base = self.api_base_url.rstrip("/")
        if base.endswith("/bot"):
            return base[: -len("/bot")] + "/file/bot"
        return base + "/file/bot"


@dataclass(frozen=True)
class WebhookSettings:
    """Where Telegram posts updates in webhook mode, and what this process listens on."""

    url: str = ""
    listen: str = "127.0.0.1"
    port: int = 8080
    secret_token: str = ""

    @property
    def path(self) -> str:
        """The path of ``url``, which the web server answers updates on."""
        return urlsplit(self.url).path or "/"


@dataclass(frozen=True)
class MetricsSettings:
    """Where ``/metrics`` and ``/healthz`` are served in polling mode (port 0: not served)."""

    listen: str = "127.0.0.1"
    port: int = 0


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = "sqlite+aiosqlite:///runback.db"


@dataclass(frozen=True)
class CoachSettings:
    time_scale: float = 1.0
    morning_checkin_time: time = DEFAULT_MORNING_CHECKIN


@dataclass(frozen=True)
class ScheduleSettings:
    # A reminder whose moment passed while the bot was down is still sent this late, no later.
    misfire_grace_minutes: int = 120
    tick_seconds: float = 20.0
    # With several processes on one PostgreSQL database: the longest a dead scheduler goes
    # unreplaced (docs/deploy.md, "Several replicas").
    takeover_seconds: float = 30.0


@dataclass(frozen=True)
class AudioSettings:
    # Where rendered session tracks are kept (shared by every user: they hold no personal data).
    cache_dir: str = "runback-audio"
    # "auto": words are spoken in the tracks where espeak-ng is installed; "off": tones only.
    speech: str = "auto"


@dataclass(frozen=True)
class LoggingSettings:
    level: str = "INFO"
    format: str = "text"


@dataclass(frozen=True)
class Settings:
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    coach: CoachSettings = field(default_factory=CoachSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    webhook: WebhookSettings = field(default_factory=WebhookSettings)
    metrics: MetricsSettings = field(default_factory=MetricsSettings)


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from ``path`` (optional) and then apply environment overrides."""
    env = os.environ if environ is None else environ
    source = str(path) if path is not None else "defaults"
    raw: dict[str, Any] = {}
    if path is not None:
        raw = _read_toml(path)
    settings = _apply(Settings(), raw, source)
    overrides = _env_overrides(env)
    settings = _apply(settings, overrides, "environment")
    if not settings.telegram.token and env.get(TOKEN_ENV):
        settings = replace(settings, telegram=replace(settings.telegram, token=env[TOKEN_ENV]))
    _check_webhook(settings)
    return settings


def _check_webhook(settings: Settings) -> None:
    """Webhook mode needs a public https URL and a secret that only Telegram knows."""
    if settings.telegram.mode != "webhook":
        return
    webhook = settings.webhook
    if not webhook.secret_token:
        raise ConfigError("telegram.mode is webhook but webhook.secret_token is empty: set it "
                          "(or RUNBACK_WEBHOOK__SECRET_TOKEN) to a random string")
    if not _SECRET_TOKEN.fullmatch(webhook.secret_token):
        raise ConfigError("webhook.secret_token must be 1-256 characters of A-Z, a-z, 0-9, "
                          "_ and -")
    if not webhook.url.startswith(("http://", "https://")):
        raise ConfigError("telegram.mode is webhook but webhook.url is not an http(s) URL: "
                          "set it to the public address Telegram posts updates to")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror})") from None


def _env_overrides(env: Mapping[str, str]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for name, value in env.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(ENV_PREFIX) :].partition("__")
        found.setdefault(section.lower(), {})[key.lower()] = value
    return found


def _apply(settings: Settings, raw: Mapping[str, Any], source: str) -> Settings:
    sections = {f.name: f for f in fields(Settings)}
    changes: dict[str, Any] = {}
    for section_name, values in raw.items():
        if section_name not in sections:
            raise ConfigError(f"{source}: unknown section [{section_name}]")
        if not isinstance(values, Mapping):
            raise ConfigError(f"{source}: [{section_name}] must be a table")
        current = getattr(settings, section_name)
        changes[section_name] = _apply_section(current, section_name, values, source)
    return replace(settings, **changes)


def _apply_section(current: Any, section: str, values: Mapping[str, Any], source: str) -> Any:
    known = {f.name: f for f in fields(current)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{source}: unknown key {section}.{key}")
        changes[key] = _convert(section, key, value, getattr(current, key), source)
    return replace(current, **changes)


def _convert(section: str, key: str, value: Any, default: Any, source: str) -> Any:
    name = f"{section}.{key}"
    if isinstance(default, time):
        return _convert_time(name, value, source)
    if isinstance(default, int) and not isinstance(default, bool):
        return _convert_count(name, value, source)
    if isinstance(default, float):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{source}: {name} must be a number, got {value!r}") from None
        if name in _MAY_BE_ZERO and number == 0:
            return number
        if not number > 0:
            raise ConfigError(f"{source}: {name} must be greater than 0, got {value!r}")
        return number
    if not isinstance(value, str):
        raise ConfigError(f"{source}: {name} must be a string, got {value!r}")
    if name == "logging.level":
        level = value.upper()
        if level not in LOG_LEVELS:
            raise ConfigError(f"{source}: {name} must be one of {', '.join(LOG_LEVELS)}")
        return level
    if name in _CHOICES:
        if value.lower() not in _CHOICES[name]:
            raise ConfigError(f"{source}: {name} must be one of {', '.join(_CHOICES[name])}, "
                              f"got {value!r}")
        return value.lower()
    if name == "database.url" and "://" not in value:
        raise ConfigError(f"{source}: {name} must be a database URL, got {value!r}")
    if name == "telegram.api_base_url" and not value.startswith(("http://", "https://")):
        raise ConfigError(f"{source}: {name} must start with http:// or https://")
    return value


def _convert_count(name: str, value: Any, source: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{source}: {name} must be a whole number, got {value!r}") from None
    if isinstance(value, bool | float) or number < 0:
        raise ConfigError(f"{source}: {name} must be a whole number of 0 or more, got {value!r}")
    return number


def _convert_time(name: str, value: Any, source: str) -> time:
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{source}: {name} must be a time like 08:00, got {value!r}") from None
