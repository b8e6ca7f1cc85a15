"""The weekly summary, the outcome snapshots of weeks 0, 6 and 12, and the end of the programme."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.domain.outcomes import CloseChoice, Item, ProgrammeSummary, Snapshot, adherence
from bot.domain.rules import (
    PAIN_MAX,
    PROGRAMME_WEEKS,
    TRIAL_ADHERENCE,
    TRIAL_AVERAGE_PAIN_CHANGE_100,
    TRIAL_SCALE_FACTOR,
)
from bot.domain.week import Weekday
from bot.services.outcomes import WeekSummary

# --- The weekly summary ------------------------------------------------------------------------


def weekly_summary(summary: WeekSummary, reasons: Sequence[str]) -> str:
    """The summary at the end of a programme week, with its average-pain question."""
    lines = [f"📊 <b>Week {summary.week} done!</b>",
             f"Sessions: <b>{summary.done} of {summary.scheduled}</b> done."]
    if reasons:
        lines += ["", "<b>What changed, and why</b>", *(f"• {escape(r)}" for r in reasons)]
    else:
        lines += ["", "Nothing changed in your plan this week."]
    if summary.closing:
        lines += ["", f"That's the {PROGRAMME_WEEKS} weeks of the programme — well done."]
    elif summary.next_sessions:
        days = ", ".join(day.strftime("%a %-d %b") for day in summary.next_sessions)
        what = "flare walks or rest" if summary.flare else f"level {summary.level}"
        lines += ["", f"<b>Next week</b>: {days} at {summary.at.strftime('%H:%M')} — {what}."]
    lines += ["", "Over the <b>past 7 days</b>, how bad has your back pain been on average?",
              f"0 = no pain, {PAIN_MAX} = worst imaginable."]
    return "\n".join(lines)


# --- Snapshots ---------------------------------------------------------------------------------

BASELINE_BUTTON = "📋 5 quick questions before you start"
SNAPSHOT_SKIP_BUTTON = "Not now"
SNAPSHOT_KEPT = "Already noted — I've kept your first answer."
SNAPSHOT_STALE = "These questions are finished — nothing changed."
SNAPSHOT_SKIPPED = "No problem — we'll leave the rest of these questions."
ITEM_QUESTIONS: dict[Item, str] = {
    Item.AVERAGE_PAIN: (
        "Over the <b>past 7 days</b>, how bad has your back pain been on average?\n"
        f"0 = no pain, {PAIN_MAX} = worst imaginable."
    ),
    Item.CURRENT_PAIN: (
        f"How bad is your back pain <b>right now</b>?\n0 = no pain, {PAIN_MAX} = worst imaginable."
    ),
    Item.CONFIDENCE: (
        "How <b>confident</b> are you that you can go for a walk/jog even when your back "
        f"aches?\n0 = not at all, {PAIN_MAX} = completely."
    ),
    Item.FEAR: (
        "How <b>worried</b> are you that running will harm your back?\n"
        f"0 = not at all, {PAIN_MAX} = extremely."
    ),
    Item.LOAD: (
        "How much do you agree: <i>my back is strong and can handle load</i>?\n"
        f"0 = not at all, {PAIN_MAX} = completely."
    ),
}
ITEM_NAMES: dict[Item, str] = {
    Item.AVERAGE_PAIN: "Average pain, past week",
    Item.CURRENT_PAIN: "Pain right now",
    Item.CONFIDENCE: "Confidence running with back pain",
    Item.FEAR: "Worry that running harms the back",
    Item.LOAD: "Back can handle load",
}
PAIN_ITEMS = frozenset({Item.AVERAGE_PAIN, Item.CURRENT_PAIN})


def snapshot_intro(week: int) -> str:
    """Before the first question of a snapshot."""
    if week == 0:
        return ("Five quick questions, so that later we can both see how far you've come. "
                "Tap a number or type it.")
    return (f"📋 <b>Your {week}-week check</b>: a few more questions, the same ones as at the "
            "start, so you can see what has changed.")


def snapshot_question(item: Item, position: int) -> str:
    """One question of a snapshot, numbered."""
    return f"<b>{position}/{len(Item)}</b> · {ITEM_QUESTIONS[item]}"


def _scaled(value: int | None, item: Item) -> str:
    if value is None:
        return "—"
    if item in PAIN_ITEMS:  # beside the trial's 0–100 figures
        return f"{value}/{PAIN_MAX} ({value * TRIAL_SCALE_FACTOR}/{PAIN_MAX * TRIAL_SCALE_FACTOR})"
    return f"{value}/{PAIN_MAX}"


def snapshot_done(snapshot: Snapshot) -> str:
    """After the last answer of a snapshot: what was noted."""
    lines = ["Thank you — noted:"]
    lines += [f"• {ITEM_NAMES[item]}: {_scaled(snapshot.answer(item), item)}" for item in Item]
    return "\n".join(lines)


# --- The end of the programme ------------------------------------------------------------------

CLOSE_LABELS: dict[CloseChoice, str] = {
    CloseChoice.KEEP_GOING: "▶️ Keep going as I am",
    CloseChoice.BEYOND: "🚀 Levels beyond level 8",
    CloseChoice.MAINTENANCE: "🔁 Maintenance",
}
MAINTENANCE_SET = "Your reminders follow these days from now on (/settings shows them)."
CLOSE_KEPT = "You've already chosen how to carry on — that choice stands."
CLOSE_STALE = "That choice isn't open any more — see /plan for where you are."
CLOSE_QUESTION = (
    "<b>How would you like to carry on?</b>\n"
    "• <b>Keep going</b> with the same rules at your level (level 8 is the programme's top).\n"
    "• <b>Levels beyond 8</b>: longer continuous running toward 20 minutes, by the same rules.\n"
    "• <b>Maintenance</b>: 2 or 3 sessions a week on days you pick, to keep what you've gained."
)


def maintenance_label(days: Sequence[Weekday]) -> str:
    """A maintenance button: its days."""
    return f"{CLOSE_LABELS[CloseChoice.MAINTENANCE]}: {' + '.join(d.short.title() for d in days)}"


def _change(first: int | None, last: int | None, *, pain: bool = True) -> str:
    if first is None or last is None:
        return "—"
    diff = last - first
    scaled = f"; {diff * TRIAL_SCALE_FACTOR:+d}/{PAIN_MAX * TRIAL_SCALE_FACTOR}" if pain else ""
    return f"{first} → {last} ({diff:+d}{scaled})"


def programme_summary(summary: ProgrammeSummary) -> str:
    """Start against now, at the end of the 12 weeks."""
    first, last = summary.first_weekly, summary.last_weekly
    share = adherence(summary.done, summary.scheduled)
    done = f"{summary.done} of {summary.scheduled}"
    if share is not None:
        done += (f" ({round(share * 100)}%; the trial's participants managed "
                 f"{round(TRIAL_ADHERENCE * 100)}%)")
    lines = [
        f"🏁 <b>{PROGRAMME_WEEKS} weeks done — your programme in short</b>",
        f"Level: {summary.start_level} at the start → <b>{summary.level}</b> now.",
        f"Sessions done: {done}.",
        "Average weekly pain: " + _change(first.pain if first else None,
                                          last.pain if last else None)
        + f" (the trial's runners: {TRIAL_AVERAGE_PAIN_CHANGE_100:+}/100 against a waiting list).",
    ]
    if summary.baseline is not None and summary.final is not None:
        lines += ["", f"<b>Week 0 → week {summary.final.week}</b>"]
        start, end = summary.baseline, summary.final
        lines += [f"• {ITEM_NAMES[item]}: "
                  + _change(start.answer(item), end.answer(item), pain=item in PAIN_ITEMS)
                  for item in Item]
    return "\n".join(lines) + "\n\n" + CLOSE_QUESTION
