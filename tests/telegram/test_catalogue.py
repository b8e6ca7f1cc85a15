"""The message catalogue is complete, and the chat layer words nothing outside it."""

from __future__ import annotations

import ast
from enum import Enum
from pathlib import Path

import pytest

from bot.domain.safety import RedFlag, SafetyOutcome
from bot.telegram import texts

TELEGRAM = Path(texts.__file__).resolve().parent.parent

# Maps worded for some members only, by design, with the members they must cover exactly.
PARTIAL: dict[str, frozenset[Enum]] = {
    # Only the outcomes that stop the programme have a stop or hold message.
    "SAFETY_STOP": frozenset({SafetyOutcome.EMERGENCY, SafetyOutcome.SEE_DOCTOR}),
    "HOLD_REASON": frozenset({SafetyOutcome.EMERGENCY, SafetyOutcome.SEE_DOCTOR}),
    # The second flare screen and a mentioned symptom word the non-emergency flags only.
    "FLARE_FLAG_LABELS": frozenset(f for f in RedFlag if f.outcome is not SafetyOutcome.EMERGENCY),
    "SYMPTOM_FLAG_WORDS": frozenset(f for f in RedFlag
                                    if f.outcome is not SafetyOutcome.EMERGENCY),
}


def enum_maps() -> dict[str, tuple[type[Enum], dict[Enum, str]]]:
    """Every catalogue dict whose keys are all members of one Enum, with that Enum."""
    found: dict[str, tuple[type[Enum], dict[Enum, str]]] = {}
    for name, value in vars(texts).items():
        if not isinstance(value, dict) or not value:
            continue
        kinds = {type(key) for key in value}
        if len(kinds) == 1 and issubclass(enum := kinds.pop(), Enum):
            found[name] = (enum, value)
    return found


def test_the_catalogue_has_its_enum_maps() -> None:
    names = set(enum_maps())
    assert {"PROBLEMS", "NOTE_TEXTS", "REMINDER_HANDLED", "REMINDER_STALE", "MOVE_REFUSALS",
            "SCHEDULE_PROBLEMS", "PAUSE_PROBLEMS", "SIGN_LABELS", "RED_FLAG_ITEMS",
            "RED_FLAG_LABELS", "READINESS_ITEMS", "READINESS_LABELS", "DURATION_LABELS",
            "RUNNING_LABELS"} <= names
    assert set(PARTIAL) <= names


@pytest.mark.parametrize("name", sorted(enum_maps()))
def test_every_member_of_the_enum_has_a_text(name: str) -> None:
    enum, mapping = enum_maps()[name]
    expected = PARTIAL.get(name, frozenset(enum))
    assert set(mapping) == expected, f"{name} must word exactly {sorted(m.name for m in expected)}"
    assert all(isinstance(text, str) and text.strip() for text in mapping.values())


def test_no_text_map_is_keyed_by_strings() -> None:
    """A map from identifiers to texts is keyed by its enum instead, so a typo cannot hide."""
    for name, value in vars(texts).items():
        if isinstance(value, dict) and value and name.isupper():
            assert not all(isinstance(key, str) for key in value), name


# --- No wording outside the catalogue ----------------------------------------------------------
#
# The rule, kept simple: in the keyboards, the handlers and the onboarding renderer, a string
# literal may only be
#   * a docstring, or an argument of a logging call (``log.info(...)``): read by developers;
#   * an ASCII identifier (``"yes"``, ``"consent_shown"``): callback data and keys;
#   * ASCII without letters (``""``, ``" "``, ``"\n\n"``, ``"07:30"``): joins, numbers, times.
# Anything else — a letter in a phrase, an emoji, a dash — is wording and belongs in ``texts``.

CHECKED = sorted([TELEGRAM / "keyboards.py", TELEGRAM / "render.py",
                  *(TELEGRAM / "handlers").glob("*.py")])
LOGGERS = {"log", "logger", "logging"}


def _exempt(tree: ast.AST) -> set[int]:
    """The ids of docstring and logging-argument constants in ``tree``."""
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            exempt.add(id(node.value))  # a docstring, or a bare string statement
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id in LOGGERS):
            exempt.update(id(sub) for arg in node.args for sub in ast.walk(arg))
    return exempt


def is_wording(literal: str) -> bool:
    """Whether a string literal reads as words to a user (see the rule above)."""
    if not literal.isascii():
        return True
    if literal.isidentifier():
        return False
    return any(char.isalpha() for char in literal)


def wording_in(source: str) -> list[tuple[int, str]]:
    """Line and text of every user-facing string literal in ``source``."""
    tree = ast.parse(source)
    exempt = _exempt(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in exempt and is_wording(node.value)]


@pytest.mark.parametrize("path", CHECKED, ids=lambda path: path.name)
def test_no_wording_outside_the_catalogue(path: Path) -> None:
    assert wording_in(path.read_text(encoding="utf-8")) == []


def test_the_rule_finds_wording() -> None:
    source = '''
def f():
    """A docstring is fine."""
    log.info("a log line is fine: %s", x)
    button("yes", "07:30", " ", "")
    button("Not now")
    send(f"🕒 Time zone: <b>{zone}</b>")
    label("✅")
'''
    found = sorted(text for _, text in wording_in(source))
    assert found == sorted(["Not now", "🕒 Time zone: <b>", "</b>", "✅"])
