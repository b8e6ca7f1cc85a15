"""The terminal demo: ``#N`` presses a button, a bare number is what the user typed."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from bot.demo import DEMO_FIRST_NAME, DEMO_USER_ID, HELLO, run_demo


async def _drive(workdir: Path, lines: list[str]) -> str:
    out = io.StringIO()
    await run_demo(60.0, io.StringIO("\n".join(lines) + "\n"), out, workdir)
    return out.getvalue()


def _stored_pains(workdir: Path) -> tuple[int | None, list[tuple[str, int]]]:
    with sqlite3.connect(workdir / "demo.db") as db:
        (baseline,) = db.execute("SELECT baseline_pain FROM users WHERE id = ?",
                                 (DEMO_USER_ID,)).fetchone()
        ratings = db.execute("SELECT kind, pain FROM check_ins WHERE user_id = ? ORDER BY id",
                             (DEMO_USER_ID,)).fetchall()
    return baseline, [(kind, pain) for kind, pain in ratings]


async def test_a_typed_number_at_a_pain_question_is_the_users_answer(tmp_path: Path) -> None:
    screening = ["#1", "#1"]  # None of these, at both lists
    lines = ["/start", "#1", *screening, "#3", "11", "4", "#3", "/quit"]
    transcript = await _drive(tmp_path, lines)
    assert "[#1] I agree, let's go" in transcript
    assert "type #1 to press" in HELLO and "type #1 to press" in transcript
    assert "✓ you pressed: 3" not in transcript  # "4" was not taken as the fourth button
    baseline, ratings = _stored_pains(tmp_path)
    assert baseline == 4
    assert ratings == [("usual", 4), ("now", 2)]  # "11" was asked about, never stored as 10
    assert "✓ you pressed: 2" in transcript  # "#3" pressed the third button, which is 2


async def test_a_button_number_that_is_not_on_the_message_presses_nothing(
    tmp_path: Path,
) -> None:
    transcript = await _drive(tmp_path, ["/start", "#9", "/quit"])
    assert "there is no button #9" in transcript
    assert not (tmp_path / "demo.db").exists() or _no_user(tmp_path)


def _no_user(workdir: Path) -> bool:
    with sqlite3.connect(workdir / "demo.db") as db:
        return db.execute("SELECT count(*) FROM users").fetchone() == (0,)


async def test_the_demo_user_has_a_real_first_name(tmp_path: Path) -> None:
    transcript = await _drive(tmp_path, ["/start", "/quit"])
    assert DEMO_FIRST_NAME != "You"
    assert DEMO_FIRST_NAME in transcript


async def test_a_chart_or_a_file_made_beside_the_chat_is_shown_before_the_next_prompt(
        tmp_path: Path) -> None:
    lines = ["/start", "#1", "#1", "#1", "#1", "3", "3", "#1", "mon wed fri", "7:30", "London",
             "#1", "/progress", "/export", "/quit"]
    transcript = await _drive(tmp_path, lines)
    assert "You're all set" in transcript
    after = transcript.split("You're all set", 1)[1]
    # /progress before any session: its figures in text (the day the demo runs on decides
    # whether the first session is today or later, so only what holds on any day is checked)
    assert "(the trial's average: 70%)" in after
    assert "📎 [document: runback-record-" in after and ".json]" in after
    assert after.count("📎 [document: ") == 3  # the record and its two CSV files
