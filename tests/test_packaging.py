"""The package list in pyproject.toml names every package, so installs ship all the code."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "bot").rglob("__init__.py")
    }
    found |= {"bot.migrations", "bot.migrations.versions"}
    assert listed == found
    assert config["package-dir"] == {"bot.migrations": "migrations"}


def test_migrations_ship_with_the_package() -> None:
    from importlib.resources import files

    versions = files("bot.migrations") / "versions"
    assert any(entry.name.startswith("0001") for entry in versions.iterdir())
    assert (files("bot.migrations") / "env.py").is_file()
