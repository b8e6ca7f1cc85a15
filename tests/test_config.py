import re
from datetime import time
from pathlib import Path

import pytest

from bot.config import DEFAULT_API_BASE_URL, ConfigError, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_defaults_without_a_file() -> None:
    settings = load_settings(None, environ={})
    assert settings.telegram.token == ""
    assert settings.telegram.api_base_url == DEFAULT_API_BASE_URL
    assert settings.database.url == "sqlite+aiosqlite:///runback.db"
    assert settings.coach.time_scale == 1
    assert settings.logging.level == "INFO"
    assert settings.audio.speech == "auto"


def test_speech_can_be_turned_off() -> None:
    settings = load_settings(None, environ={"RUNBACK_AUDIO__SPEECH": "OFF"})
    assert settings.audio.speech == "off"


def test_example_config_is_valid_and_documents_every_setting() -> None:
    example = Path(__file__).parents[1] / "config.example.toml"
    settings = load_settings(example, environ={})
    assert settings.coach.morning_checkin_time == time(8, 0)
    text = example.read_text()
    for key in ("token", "api_base_url", "max_messages_per_second",
                "max_messages_per_chat_per_second", "url", "time_scale",
                "morning_checkin_time", "level", "mode", "listen", "port", "secret_token",
                "format", "cache_dir", "speech"):
        assert f"\n{key} = " in text


def test_file_values_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\ntoken = "1:abc"\n[coach]\ntime_scale = 60\n'
                 '[logging]\nlevel = "debug"\n')
    settings = load_settings(path, environ={})
    assert settings.telegram.token == "1:abc"
    assert settings.coach.time_scale == 60.0
    assert settings.logging.level == "DEBUG"


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[database]\nurl = "sqlite+aiosqlite:///a.db"\n')
    settings = load_settings(path, environ={"RUNBACK_DATABASE__URL": "sqlite+aiosqlite:///b.db",
                                            "RUNBACK_COACH__TIME_SCALE": "30"})
    assert settings.database.url == "sqlite+aiosqlite:///b.db"
    assert settings.coach.time_scale == 30.0


def test_token_from_telegram_bot_token_variable() -> None:
    assert load_settings(None, environ={"TELEGRAM_BOT_TOKEN": "9:xyz"}).telegram.token == "9:xyz"


def test_config_token_wins_over_the_plain_variable(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\ntoken = "1:file"\n')
    settings = load_settings(path, environ={"TELEGRAM_BOT_TOKEN": "9:env"})
    assert settings.telegram.token == "1:file"


def test_file_base_url_follows_the_api_base_url(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\napi_base_url = "http://127.0.0.1:8081/bot"\n')
    assert load_settings(path, environ={}).telegram.file_base_url == (
        "http://127.0.0.1:8081/file/bot"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[telegram\ntoken = 1", "not valid TOML"),
        ("[telegram]\ntokn = 'x'\n", "unknown key telegram.tokn"),
        ("[databse]\nurl = 'x'\n", "unknown section [databse]"),
        ("[coach]\ntime_scale = 'fast'\n", "coach.time_scale must be a number"),
        ("[coach]\ntime_scale = 0\n", "coach.time_scale must be greater than 0"),
        ("[coach]\nmorning_checkin_time = '25:00'\n", "coach.morning_checkin_time must be a time"),
        ("[logging]\nlevel = 'loud'\n", "logging.level must be one of"),
        ("[database]\nurl = 'runback.db'\n", "database.url must be a database URL"),
        ("[telegram]\ntoken = 5\n", "telegram.token must be a string"),
        ("telegram = 3\n", "[telegram] must be a table"),
    ],
)
def test_bad_config_is_one_line_naming_file_key_and_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert str(path) in str(caught.value)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unknown_environment_key_is_named() -> None:
    with pytest.raises(ConfigError, match=r"environment: unknown key coach\.speed"):
        load_settings(None, environ={"RUNBACK_COACH__SPEED": "3"})


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_webhook_settings_come_from_the_environment() -> None:
    settings = load_settings(None, environ={
        "RUNBACK_TELEGRAM__MODE": "Webhook",
        "RUNBACK_WEBHOOK__URL": "https://bot.example.org/telegram",
        "RUNBACK_WEBHOOK__LISTEN": "0.0.0.0",
        "RUNBACK_WEBHOOK__PORT": "8443",
        "RUNBACK_WEBHOOK__SECRET_TOKEN": "s3cret_-token",
    })
    assert settings.telegram.mode == "webhook"
    assert settings.webhook.url == "https://bot.example.org/telegram"
    assert settings.webhook.path == "/telegram"
    assert (settings.webhook.listen, settings.webhook.port) == ("0.0.0.0", 8443)
    assert settings.webhook.secret_token == "s3cret_-token"


@pytest.mark.parametrize(("environ", "says"), [
    ({"RUNBACK_WEBHOOK__URL": "https://bot.example.org/t"}, "webhook.secret_token is empty"),
    ({"RUNBACK_WEBHOOK__URL": "https://bot.example.org/t",
      "RUNBACK_WEBHOOK__SECRET_TOKEN": "has spaces"}, "webhook.secret_token must be"),
    ({"RUNBACK_WEBHOOK__SECRET_TOKEN": "abc"}, "webhook.url is not an http(s) URL"),
])
def test_webhook_mode_refuses_a_missing_secret_or_url(environ: dict[str, str],
                                                       says: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(says)) as raised:
        load_settings(None, environ={"RUNBACK_TELEGRAM__MODE": "webhook", **environ})
    assert "\n" not in str(raised.value)


def test_polling_mode_needs_no_webhook_settings() -> None:
    assert load_settings(None, environ={}).telegram.mode == "polling"


@pytest.mark.parametrize(("key", "value"), [("RUNBACK_TELEGRAM__MODE", "pigeon"),
                                            ("RUNBACK_LOGGING__FORMAT", "xml"),
                                            ("RUNBACK_AUDIO__SPEECH", "loud")])
def test_choices_are_checked(key: str, value: str) -> None:
    with pytest.raises(ConfigError, match="must be one of"):
        load_settings(None, environ={key: value})


def test_zero_messages_per_second_turns_the_overall_limit_off() -> None:
    settings = load_settings(None, environ={"RUNBACK_TELEGRAM__MAX_MESSAGES_PER_SECOND": "0"})
    assert settings.telegram.max_messages_per_second == 0
    with pytest.raises(ConfigError, match="greater than 0"):
        load_settings(None, environ={"RUNBACK_COACH__TIME_SCALE": "0"})
    with pytest.raises(ConfigError):
        load_settings(None, environ={"RUNBACK_TELEGRAM__MAX_MESSAGES_PER_SECOND": "-1"})


def test_json_logging_and_a_metrics_port_are_read() -> None:
    settings = load_settings(None, environ={"RUNBACK_LOGGING__FORMAT": "JSON",
                                            "RUNBACK_METRICS__PORT": "9100"})
    assert settings.logging.format == "json"
    assert settings.metrics.port == 9100
