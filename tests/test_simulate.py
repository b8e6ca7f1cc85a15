"""``runback simulate``: replaying scenarios through the coaching rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.simulate import run

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXAMPLE_NAMES = ["steady-progress", "flare-and-recovery", "red-and-gaps", "mixed"]
KEYS = {"n", "date", "level", "jog_seconds", "zone", "next_level", "rule"}


def simulate_json(name: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert run([str(EXAMPLES / f"{name}.json"), "--json"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_table_has_a_header_and_one_row_per_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(EXAMPLES / "mixed.json")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("usual pain 4/10; level 1 from 2027-01-04")
    assert lines[1].split() == ["#", "date", "event", "level", "jog", "zone", "next", "rule"]
    rows = [line.split() for line in lines[2:]]
    assert rows[0][:7] == ["1", "2027-01-04", "session", "1", "1:00", "green", "1"]
    assert rows[0][7] == "hold_not_enough_sessions"
    assert rows[1][:8] == ["2", "2027-01-06", "session", "1", "1:00", "red", "0", "drop_red"]
    assert rows[3][-4:] == ["double_drop_red", "(see", "a", "clinician)"]
    # 8 entries that happen (the gap_days entry leaves no row) plus the return after the gap.
    assert len(rows) == 9 and rows[4][2:] == ["return", "0", "0:00", "-", "0", "gap_7"]


def test_explain_prints_the_reason_under_each_row(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(EXAMPLES / "mixed.json"), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "Backs hate sudden spikes in load — this is an adjustment, not a failure." in out
    assert "physiotherapist or GP" in out


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_json_rows_carry_the_keys_and_consistent_values(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = simulate_json(name, capsys)
    assert rows and [row["n"] for row in rows] == list(range(1, len(rows) + 1))
    for row in rows:
        assert row.keys() >= KEYS
        assert 0 <= row["level"] <= 8 and 0 <= row["next_level"] <= 8
        assert row["zone"] in (None, "green", "amber", "red")
        assert row["explanation"]
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates)


def test_steady_progress_climbs_one_level_a_week_to_the_top(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = simulate_json("steady-progress", capsys)
    advances = [row for row in rows if row["rule"] == "advance"]
    assert [row["next_level"] for row in advances] == list(range(2, 9))
    assert next(row["jog_seconds"] for row in rows if row["level"] == 8) == 900
    assert rows[-2]["rule"] == "hold_top_level"


def test_flare_and_recovery_walks_then_resumes_two_levels_below(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = simulate_json("flare-and-recovery", capsys)
    start = next(row for row in rows if row["rule"] == "flare_start")
    end = next(row for row in rows if row["rule"] == "flare_exit")
    assert (start["level"], start["next_level"], end["next_level"]) == (4, 0, 2)
    during = rows[start["n"] : end["n"] - 1]
    assert all(row["next_level"] == 0 for row in during)
    assert any(row["event"] == "session" and row["level"] == 0 for row in during)


def test_red_and_gaps_shows_each_drop(capsys: pytest.CaptureFixture[str]) -> None:
    rows = simulate_json("red-and-gaps", capsys)
    by_rule = {row["rule"]: row for row in rows}
    assert by_rule["double_drop_red"]["inputs"]["trigger"] == "in_window"
    assert by_rule["double_drop_red"]["advise_clinician"] is True
    assert [by_rule[rule]["next_level"] for rule in ("gap_7", "gap_14", "gap_28")] == [0, 0, 1]
    assert by_rule["gap_28"]["inputs"]["gap_days"] > 28


def write(tmp_path: Path, scenario: Any) -> str:
    path = tmp_path / "scenario.json"
    path.write_text(scenario if isinstance(scenario, str) else json.dumps(scenario))
    return str(path)


def scenario(*sessions: Any, **top: Any) -> dict[str, Any]:
    base = {"baseline": 4, "start": "2027-01-04", "days": ["mon", "wed", "fri"]}
    return base | top | {"sessions": list(sessions)}


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ('{"baseline": 4,', "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ({"start": "2027-01-04", "days": ["mon"], "sessions": []}, "baseline: missing"),
        (scenario(baseline=11), "baseline: pain must be a whole number from 0 to 10"),
        (scenario(baseline="4"), "baseline: pain"),
        (scenario(start="next monday"), "start: must be a date"),
        (scenario(start=20270104), "start: must be a date"),
        (scenario(days=["mon", "funday"]), "days[1]: unknown day 'funday'"),
        (scenario(days="mon"), "days: must be a non-empty list"),
        (scenario(days=[]), "days: must be a non-empty list"),
        (scenario(extra=1), "extra: unknown field"),
        ({"baseline": 4, "start": "2027-01-04", "days": ["mon"], "sessions": {}}, "sessions:"),
        (scenario({"peak": 2}, "green"), "sessions[1]: must be a JSON object"),
        (scenario({"morning": 2}), "sessions[0].peak: missing"),
        (scenario({"peak": 2}, {"peak": 11}), "sessions[1].peak: pain must be a whole number"),
        (scenario({"peak": -1}), "sessions[0].peak"),
        (scenario({"peak": "3"}), "sessions[0].peak"),
        (scenario({"peak": True}), "sessions[0].peak"),
        (scenario({"peak": 2.5}), "sessions[0].peak"),
        (scenario({"peak": 2, "morning": 12}), "sessions[0].morning"),
        (scenario({"peak": 2, "signs": ["numb"]}), "sessions[0].signs[0]: unknown sign 'numb'"),
        (scenario({"peak": 2, "signs": "limp"}), "sessions[0].signs: must be a list"),
        (scenario({"peak": 2, "stopped": "bored"}), "sessions[0].stopped"),
        (
            scenario({"peak": 2, "stopped": "other", "done_fraction": 1.5}),
            "sessions[0].done_fraction",
        ),
        (
            scenario({"peak": 2, "stopped": "pain", "done_fraction": "half"}),
            "sessions[0].done_fraction",
        ),
        (scenario({"peak": 2, "done_fraction": 0.5}), "sessions[0].done_fraction: only for"),
        (scenario({"stopped": "pain", "done_fraction": 0.5}), "sessions[0].peak: missing"),
        (scenario({"peak": 2, "feeling": "good"}), "sessions[0].feeling: unknown field"),
        (scenario({"skip": False}), "sessions[0].skip: must be true"),
        (scenario({"gap_days": 0}), "sessions[0].gap_days"),
        (scenario({"gap_days": "ten"}), "sessions[0].gap_days"),
        (scenario({"override": "faster"}), "sessions[0].override"),
        (scenario({"weekly_average": 12}), "sessions[0].weekly_average"),
        (scenario({"flare": True, "peak": 2}), "sessions[0].peak: not allowed with flare"),
        (scenario({"skip": True, "flare": True}), "sessions[0].flare: cannot be combined"),
        (scenario({"peak": 2}, {"checkin": 3}), "sessions[1].checkin: no flare is running"),
        (scenario({"flare": True}, {"checkin": 30}), "sessions[1].checkin: pain"),
        (scenario({"late_morning": 3}), "sessions[0].late_morning: no session"),
        (scenario({"peak": 2}, {"late_morning": 11}), "sessions[1].late_morning: pain"),
        (scenario({"pause_days": 0}), "sessions[0].pause_days"),
        (scenario({"hold": False}), "sessions[0].hold: must be true"),
        (scenario({"peak": 2, "same_day": 1}), "sessions[0].same_day: must be true"),
        (scenario({"opt_in": "yes"}), "sessions[0].opt_in: must be true or false"),
    ],
)
def test_a_malformed_scenario_is_a_one_line_error_naming_entry_and_field(
    tmp_path: Path, content: Any, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([write(tmp_path, content)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and where in captured.err


def test_a_missing_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([str(tmp_path / "nowhere.json")]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([]) == 2
    assert "usage: runback simulate" in capsys.readouterr().err


def replay_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str], *entries: Any,
                **top: Any) -> list[dict[str, Any]]:
    """Replay a made-up scenario; its rows as JSON."""
    assert run([write(tmp_path, scenario(*entries, **top)), "--json"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


GREEN = {"peak": 2, "morning": 3}
TO_LEVEL_4 = [GREEN] * 9  # three comfortable weeks: levels 2, 3 and 4


def test_a_flare_ending_more_than_28_days_after_the_last_session_resumes_at_level_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = replay_rows(tmp_path, capsys, *TO_LEVEL_4, {"flare": True}, {"gap_days": 1},
                       {"pause_days": 30}, {"checkin": 3}, {"checkin": 3}, {"checkin": 3})
    exit_row = rows[-1]
    assert exit_row["rule"] == "flare_exit" and exit_row["inputs"]["level_before"] == 4
    assert exit_row["inputs"]["gap_days"] > 28 and exit_row["next_level"] == 1


def test_flare_time_counts_as_a_gap_and_the_lowest_dose_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checkins = [{"checkin": 8}] * 14 + [{"checkin": 3}] * 3  # a flare of about 17 days
    rows = replay_rows(tmp_path, capsys, *TO_LEVEL_4, {"flare": True}, *checkins, GREEN)
    exit_row = next(row for row in rows if row["rule"] == "flare_exit")
    assert exit_row["inputs"]["gap_days"] > 14 and exit_row["next_level"] == 2
    assert [row["rule"] for row in rows[-1:]] == ["hold_not_enough_sessions"]
    assert rows[-1]["level"] == 2  # no second gap drop on the next session


def test_a_flare_from_level_0_resumes_at_level_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = replay_rows(tmp_path, capsys, {"override": "easier"}, {"flare": True},
                       {"checkin": 3}, {"checkin": 3}, {"checkin": 3})
    assert rows[-1]["rule"] == "flare_exit" and rows[-1]["next_level"] == 0


def test_the_first_week_of_a_level_0_start_runs_from_the_first_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    rows = replay_rows(tmp_path, capsys, {"gap_days": 6}, GREEN, GREEN, GREEN,
                       {"override": "harder"}, GREEN, GREEN, GREEN, GREEN, GREEN,
                       baseline=7, days=days)
    sessions = [row for row in rows if row["event"] == "session"]
    assert sessions[0]["date"] == "2027-01-10"
    assert [row["rule"] for row in sessions[2:6]] == ["hold_first_week"] * 4
    assert all(row["level"] == 0 for row in sessions[:7])
    assert rows[3]["rule"] == "override_refused" and rows[3]["inputs"]["reason"] == "first_week"
    assert sessions[7]["date"] == "2027-01-17" and sessions[7]["rule"] == "advance"


def test_only_one_session_a_day_counts_but_a_red_in_a_second_one_still_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    same = GREEN | {"same_day": True}
    rows = replay_rows(tmp_path, capsys, GREEN, same, same, same,
                       {"peak": 7, "same_day": True})
    assert [row["rule"] for row in rows] == [
        "hold_not_enough_sessions", *["second_session_today"] * 3, "drop_red"]
    assert rows[-1]["next_level"] == 0


def test_a_session_stopped_for_pain_is_never_one_of_the_two_greens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stopped = GREEN | {"stopped": "pain", "done_fraction": 0.9}
    rows = replay_rows(tmp_path, capsys, GREEN, GREEN, stopped, GREEN, stopped)
    assert [row["next_level"] for row in rows] == [1, 1, 1, 1, 1]
    assert [row["rule"] for row in rows[2:]] == ["hold_needs_two_green"] * 3


def test_a_late_morning_answer_applies_on_top_of_the_weekly_average(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = replay_rows(tmp_path, capsys, {"peak": 3}, {"weekly_average": 4},
                       {"late_morning": 8})
    assert [row["rule"] for row in rows] == ["hold_amber", "baseline_update", "drop_red"]
    assert rows[-1]["inputs"]["revised_from"] == "amber" and rows[-1]["next_level"] == 0
    assert "tomorrow morning" in rows[0]["explanation"]


def test_a_late_answer_never_undoes_a_flare(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = replay_rows(tmp_path, capsys, {"peak": 3}, {"flare": True}, {"late_morning": 2})
    assert [row["rule"] for row in rows] == ["hold_amber", "flare_start", "hold_amber"]
    assert rows[-1]["next_level"] == 0


def test_a_flare_weeks_average_is_recorded_but_never_becomes_the_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = replay_rows(tmp_path, capsys, {"flare": True}, {"weekly_average": 8},
                       {"checkin": 5}, {"checkin": 5}, {"checkin": 5})
    assert rows[1]["rule"] == "baseline_kept_in_flare"
    assert rows[1]["inputs"]["to_baseline"] == 4 and rows[1]["inputs"]["average"] == 8
    assert rows[-1]["rule"] == "flare_exit"  # settled at 5 = B + 1 with B still 4


def test_while_a_hold_stands_the_dose_never_changes_and_answers_apply_after_clearance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = replay_rows(tmp_path, capsys, GREEN, {"hold": True}, {"override": "harder"},
                       {"peak": 7}, {"clear": True})
    assert [row["rule"] for row in rows] == [
        "hold_not_enough_sessions", "override_refused", "on_hold", "drop_red"]
    assert rows[1]["inputs"]["reason"] == "on_hold"
    assert [row["next_level"] for row in rows[:3]] == [1, 1, 1] and rows[-1]["event"] == "clear"
    assert rows[-1]["next_level"] == 0


def test_levels_beyond_8_are_reached_only_after_an_opt_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    climb = [GREEN] * 30  # ten weeks: to level 8, then eight sessions there
    rows = replay_rows(tmp_path, capsys, *climb, {"opt_in": False}, GREEN, GREEN, GREEN)
    assert max(row["next_level"] for row in rows) == 8
    assert rows[30]["rule"] == "beyond_top_declined"
    assert rows[30]["inputs"]["sessions_at_top"] >= 6
    assert [row["rule"] for row in rows[-3:]] == ["hold_top_level"] * 3
    rows = replay_rows(tmp_path, capsys, *climb, {"opt_in": True}, GREEN, GREEN, GREEN)
    assert rows[30]["rule"] == "beyond_top_opt_in" and rows[30]["next_level"] == 8
    assert rows[-3]["rule"] == "advance" and rows[-3]["next_level"] == 9
    assert rows[-3]["next_jog_seconds"] == 1050

