"""Every word the chart and the PDF report print, in one place (the chat's are in texts/)."""

from __future__ import annotations

from datetime import date
from typing import Final

from bot.domain.background import PainDuration, RunningHistory
from bot.domain.outcomes import Item
from bot.domain.rules import (
    GREEN_PEAK_FLOOR,
    PAIN_MAX,
    PAIN_MIN,
    RED_MORNING_OVER_BASELINE,
    RED_PEAK_ALWAYS_FROM,
    RED_PEAK_FLOOR,
    RED_PEAK_OVER_BASELINE,
    TRIAL_AVERAGE_PAIN_CHANGE_100,
    TRIAL_SCALE_FACTOR,
)
from bot.domain.safety import Readiness, RedFlag, SafetyOutcome
from bot.domain.zones import Zone

ZONE_NAMES: dict[Zone | None, str] = {
    Zone.GREEN: "green: comfortable",
    Zone.AMBER: "amber: noticed it",
    Zone.RED: "red: too much",
    None: "not judged",
}

CHART_TITLE = "Your progress"
CHART_X = "Programme week"
CHART_JOG = "Jogging per session (min)"
CHART_PAIN = "Back pain (0–10)"
CHART_PEAK = "peak pain in a session"
CHART_WEEKLY = "weekly average"
CHART_EMPTY = "No sessions yet.\nYour first one will show here."


def chart_subtitle(week: int, weeks: int, done: int) -> str:
    """The line under the chart's title."""
    if week == 0:
        return "Your programme starts soon"
    sessions = "session" if done == 1 else "sessions"
    return f"Week {week} of {weeks} · {done} {sessions} done"


# The one-page report.
REPORT_TITLE = "runback progress report"
REPORT_FOOTER = (
    f"runback is a coach, not a clinician: it does not diagnose or treat. Pain is rated "
    f"{PAIN_MIN}–{PAIN_MAX} ({PAIN_MIN} no pain, {PAIN_MAX} worst imaginable). Zones: green, "
    f"peak pain ≤ max({GREEN_PEAK_FLOOR}, usual) and the next morning ≤ usual; red, a warning "
    f"sign, peak > max({RED_PEAK_FLOOR}, usual + {RED_PEAK_OVER_BASELINE}) or "
    f"≥ {RED_PEAK_ALWAYS_FROM}, or the next morning ≥ usual + {RED_MORNING_OVER_BASELINE}; "
    "amber otherwise."
)
SECTION_BACKGROUND = "Baseline and screening"
SECTION_SAFETY = "Red flags and flares"
SECTION_SNAPSHOTS = "Outcome snapshots"
SECTION_DECISIONS = "Every dose decision, with its reason"
NONE_REPORTED = "none"
NO_DECISIONS = "No decisions yet."
NO_EVENTS = "No red flags after set-up, no flares."

PAIN_DURATIONS: dict[PainDuration | None, str] = {
    PainDuration.UNDER_3_MONTHS: "under 3 months",
    PainDuration.UP_TO_A_YEAR: "3–12 months",
    PainDuration.OVER_A_YEAR: "more than a year",
    None: "not given",
}
RUNNING_HISTORIES: dict[RunningHistory | None, str] = {
    RunningHistory.NEVER: "never ran",
    RunningHistory.NOT_IN_YEARS: "not for years",
    RunningHistory.OCCASIONALLY: "occasionally",
    RunningHistory.USED_TO_RUN: "used to run regularly",
    None: "not given",
}
RED_FLAGS: dict[RedFlag, str] = {
    RedFlag.BLADDER_BOWEL: "bladder or bowel control",
    RedFlag.SADDLE_NUMBNESS: "saddle numbness",
    RedFlag.LEG_WEAKNESS: "progressive leg weakness or numbness",
    RedFlag.FEVER: "fever or feeling unwell",
    RedFlag.WEIGHT_LOSS: "unexplained weight loss",
    RedFlag.CANCER: "history of cancer",
    RedFlag.FALL: "recent fall or accident",
    RedFlag.NIGHT_PAIN: "constant pain, worse at night",
}
READINESS: dict[Readiness, str] = {
    Readiness.HEART: "heart condition or high blood pressure",
    Readiness.CHEST_PAIN: "chest pain",
    Readiness.DIZZINESS: "dizziness or loss of consciousness",
    Readiness.CHRONIC_CONDITION: "another chronic condition",
    Readiness.MEDICATION: "medication for a chronic condition",
    Readiness.BONE_JOINT: "another bone, joint or soft-tissue problem",
    Readiness.SUPERVISION: "told to exercise only under supervision",
}
HOLD_OUTCOMES: dict[SafetyOutcome, str] = {
    SafetyOutcome.EMERGENCY: "emergency advice given",
    SafetyOutcome.SEE_DOCTOR: "advised to see a doctor",
    SafetyOutcome.CHECK_READINESS: "advised to check with a doctor or physio",
}


def day(value: date) -> str:
    """A day as the report prints it: "4 Jan 2027"."""
    return f"{value.day} {value:%b %Y}"


def short_day(value: date) -> str:
    """A day in a list of decisions: "4 Jan"."""
    return f"{value.day} {value:%b}"


def adherence_line(done: int, scheduled: int, share: float | None, trial: float) -> str:
    """Sessions done of those scheduled, beside the trial's adherence."""
    if share is None:
        return f"Sessions: {done} done; none scheduled yet (trial adherence {trial:.0%})"
    return (f"Sessions: {done} done of {scheduled} scheduled, {share:.0%} "
            f"(ASTEROID trial: {trial:.0%})")


def level_line(start: int, now: int) -> str:
    """Where the user started and where they are."""
    return f"Level: {now} now, started at {start}"


def signed(value: float) -> str:
    """A change with its sign, and a true minus: "+0.5", "−1.5"."""
    return f"{value:+.1f}".replace("-", "−")


def pain_change_line(change: float | None, trial: float) -> str:
    """The change in weekly average pain since the first week, beside the trial's."""
    scale = f"{PAIN_MIN}–{PAIN_MAX}"
    beside = (f"ASTEROID trial: {signed(trial)}, i.e. "
              f"{signed(TRIAL_AVERAGE_PAIN_CHANGE_100)}/100")
    if change is None:
        return f"Weekly average pain: too early to compare ({beside})"
    return f"Weekly average pain since week 1: {signed(change)} on {scale} ({beside})"


def week_line(week: int, weeks: int) -> str:
    """Where the user is in the programme."""
    return "Programme not started yet" if week == 0 else f"Programme week {week} of {weeks}"


def snapshot_line(week: int, average: int | None, current: int | None) -> str:
    """One outcome snapshot, with the 0–100 figures the trial reported."""
    return (f"Week {week}: average pain {_out_of_ten(average)}, "
            f"current pain {_out_of_ten(current)}")


def _out_of_ten(value: int | None) -> str:
    if value is None:
        return "not given"
    return f"{value}/10 ({value * TRIAL_SCALE_FACTOR}/100)"


# The outcome snapshot's three questions on beliefs, as a report line names them.
SNAPSHOT_BELIEFS: Final = {
    Item.CONFIDENCE: "Confident running with back pain",
    Item.FEAR: "Worried running will harm the back",
    Item.LOAD: "Believes the back can handle load",
}


