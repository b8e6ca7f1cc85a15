"""Plain-words reasons for decisions (coaching rules: the user hears why the dose changed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.domain.decisions import Decision, InputValue, Refusal, Rule
from bot.domain.zones import Zone
from bot.reports.reasons import CLINICIAN_ADVICE, dose, explain, explain_if_any
from bot.simulate import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("rule", list(Rule))
def test_every_rule_has_a_plain_words_reason(rule: Rule) -> None:
    inputs: dict[str, InputValue] = {
        "completed_at_level": 3,
        "gap_days": 9,
        "from_level": 3,
        "session_level": 3,
        "reason": Refusal.AT_TOP.value,
        "to_baseline": 3,
        "settled_at_most": 5,
        "trigger": "in_a_row",
    }
    text = explain(Decision(2, rule, inputs))
    assert text and "{" not in text and "None" not in text


def test_a_red_is_an_adjustment_not_a_failure() -> None:
    text = explain(Decision(2, Rule.DROP_RED, {"session_level": 3, "signs": []}))
    assert "backs hate sudden spikes in load" in text.lower()
    assert "adjustment, not a failure" in text
    assert "level 2 (2:00 of jogging)" in text


def test_repeated_reds_recommend_a_clinician() -> None:
    decision = Decision(
        1, Rule.DOUBLE_DROP_RED, {"trigger": "in_window", "session_level": 3}, None, True
    )
    text = explain(decision)
    assert "3 sore reports in 14 days" in text and text.endswith(CLINICIAN_ADVICE)


def test_a_drop_at_the_floor_says_the_level_stays() -> None:
    text = explain(Decision(0, Rule.DROP_RED, {"session_level": 0}))
    assert "gentlest level" in text and "easier" not in text


@pytest.mark.parametrize("reason", list(Refusal))
def test_every_refusal_gives_its_reason(reason: Refusal) -> None:
    text = explain(Decision(4, Rule.OVERRIDE_REFUSED, {"reason": reason.value}))
    assert text.startswith("Let's keep level 4") and len(text) > len("Let's keep level 4.")


def test_gap_reasons_name_the_days() -> None:
    text = explain(Decision(2, Rule.GAP_14, {"gap_days": 16, "from_level": 4}))
    assert "16 days" in text and "more than 14 days" in text and "two levels" in text


def test_dose_names_the_jogging_or_the_brisk_walk() -> None:
    assert dose(0) == "level 0 (a 20:00 brisk walk)"
    assert dose(8) == "level 8 (15:00 of jogging)"


def test_the_simulator_words_a_decision_as_the_chat_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run([str(EXAMPLES / "mixed.json"), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for row in rows:
        zone = Zone(row["zone"]) if row["zone"] else None
        decision = Decision(row["next_level"], Rule(row["rule"]), row["inputs"], zone,
                            row["advise_clinician"])
        assert row["explanation"] == explain(decision)


def test_nothing_decided_has_no_reason() -> None:
    assert explain_if_any(None) is None
    decision = Decision(2, Rule.PAUSE)
    assert explain_if_any(decision) == explain(decision)
