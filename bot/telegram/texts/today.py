"""/today and the shape of a session: what it looks like, when it is."""

from __future__ import annotations

from datetime import datetime
from html import escape

from bot.domain.ladder import level as ladder_level
from bot.domain.timeline import Phase, PhaseKind
from bot.reports.reasons import dose
from bot.telegram.texts.formats import clock, day_and_date, duration


def session_breakdown(level: int, phases: tuple[Phase, ...]) -> str:
    """The walk/jog breakdown of a level: warm-up, intervals, cool-down, total jog time."""
    shape = ladder_level(level)
    lines = []
    block = [p for p in phases if p.kind in (PhaseKind.JOG, PhaseKind.WALK)]
    for phase in phases:
        if phase.kind is PhaseKind.WARMUP:
            lines.append(f"🚶 {duration(phase.duration)} warm-up walk")
        elif phase.kind is PhaseKind.COOLDOWN:
            lines.append(f"🚶 {duration(phase.duration)} cool-down walk")
    if shape.jog_seconds == 0:
        lines.insert(1, f"🚶 {duration(sum(p.duration for p in block))} brisk walk")
    elif shape.walk_seconds == 0:
        lines.insert(1, f"🏃 {duration(shape.jog_seconds)} of continuous easy running")
    else:
        lines.insert(
            1,
            f"🔁 {shape.repeats} × ({duration(shape.jog_seconds)} easy jog 🏃 + "
            f"{duration(shape.walk_seconds)} walk 🚶)",
        )
    total = sum(p.duration for p in phases)
    jog = shape.total_jog_seconds
    lines.append(f"⏱ {duration(total)} in all, {duration(jog)} of it jogging" if jog
                 else f"⏱ {duration(total)} in all, all of it walking")
    return f"<b>Level {level}</b>\n" + "\n".join(lines)


def today_session(level: int, phases: tuple[Phase, ...], at: datetime, zone: str) -> str:
    """Today is a training day."""
    return (
        f"📅 <b>Today's session</b> — {day_and_date(at)}, {clock(at)} ({escape(zone)})\n\n"
        f"{session_breakdown(level, phases)}\n\n"
        + ("Keep the jogs easy" if ladder_level(level).jog_seconds else "Walk briskly")
        + ": you should be able to talk in full sentences."
    )


def first_session(level: int, phases: tuple[Phase, ...], at: datetime, zone: str) -> str:
    """Before the programme starts: when the first session is and what it looks like."""
    return (
        f"🗓 Your first session is <b>{day_and_date(at)} at {clock(at)}</b> ({escape(zone)}). "
        "Until then, rest or go for easy walks.\n\n"
        f"It looks like this:\n{session_breakdown(level, phases)}"
    )


def rest_day(next_at: datetime, zone: str, level: int) -> str:
    """Today is a rest day."""
    return (
        "😌 <b>Rest day</b> today. Rest is part of the plan: it's when your back adapts.\n\n"
        f"Next session: <b>{next_at.strftime('%A')}</b> at <b>{clock(next_at)}</b> "
        f"({escape(zone)}) — {dose(level)}."
    )


def next_after_today(next_at: datetime) -> str:
    """The line after today's session: when the one after is."""
    return f"After that: {day_and_date(next_at)} at {clock(next_at)}."


START_BUTTON = "▶️ Start"


SECOND_SESSION_NOTE = (
    "Another one today is fine, but only one session a day counts towards moving up."
)


def day_over(done: bool, next_at: datetime, zone: str) -> str:
    """Today's session is done or skipped, and when the next one is."""
    head = "Done today ✅" if done else "Skipped today ⏭"
    return f"{head} — next session {next_at.strftime('%A')} {clock(next_at)} ({escape(zone)})."


def today_over(done: bool, next_at: datetime, zone: str) -> str:
    """/today once today's session is done or skipped: the next one, and a second is allowed."""
    return f"{day_over(done, next_at, zone)}\n\n{SECOND_SESSION_NOTE}"
