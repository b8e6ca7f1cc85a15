"""The live session and its check-in."""

from __future__ import annotations

from html import escape

from bot.domain.ladder import SESSION_SECONDS
from bot.domain.live import FLARE_WALK_ENOUGH_SECONDS
from bot.domain.onboarding import Problem
from bot.domain.rules import FLARE_WALK_MAX_MINUTES, FLARE_WALK_MIN_MINUTES
from bot.domain.timeline import Phase, PhaseKind
from bot.domain.zones import Sign
from bot.telegram.texts.formats import duration
from bot.telegram.texts.onboarding import PROBLEMS

# --- The live session and its check-in ---------------------------------------------------------

BEFORE_PAIN = "Before we start: how is your back <b>right now</b>? (0–10, or skip)"
MORNING_AFTER_MISSING = (
    "One thing first: how was your back <b>the morning after your last session</b>? (0–10)"
)
ALREADY_RUNNING = (
    "You have a session going already — its status message above has Pause and Stop."
)
RESTARTED = "I'm back — sorry for the gap. "
ALREADY_IN_CHECKIN = "Your last session is waiting for its check-in first."
PAUSED = "⏸ Paused. The clock has stopped; tap <b>Resume</b> when you're ready."
RESUMED = "▶️ Resumed — picking up where you left off."
STOP_WHY = "Stopping here — what's the reason?"
ALREADY_PAUSED = "It's paused already — say <b>resume</b> or tap <b>Resume</b> to go on."
NOT_PAUSED_LIVE = "Your session isn't paused — it's running. Say <b>pause</b> to stop the clock."
KEEP_GOING = "Great — carry on, the clock never stopped."
NOT_COUNTED = (
    "No problem. This one doesn't count toward your level and your dose stays the same. "
    "See you next session."
)
LONG_PAUSE = (
    "Your session has been paused for a while. Shall we finish it here (and log how it went), "
    "or discard it?"
)
DISCARDED = "Discarded — it won't count either way. Your dose stays the same."
DISCARD_COUNTS = (
    "You'd done most of it (80% or more), so it counts as a completed session. Let's log how "
    "it went — it only takes a moment."
)
PEAK_QUESTION = (
    "How bad was your back pain <b>at its worst</b> during the session? "
    "(0 = no pain, 10 = worst imaginable)"
)
SIGNS_QUESTION = (
    "Did you notice any of these? Tick all that apply, then <b>Done</b>.\n"
    "• sharp or stabbing pain\n• new pain down a leg\n• limping or running differently\n"
    "• new pain in a knee, shin, ankle or foot"
)
MORNING_THANKS = "Thanks — noted {pain}/10 this morning."
ENCOURAGEMENTS = (
    "Halfway. Gradual is the whole point: your back adapts to what you give it, a little at "
    "a time.",
    "Halfway. Keep it comfortable — you should be able to talk in full sentences.",
    "Halfway. Boring works: easy, steady sessions are what build a resilient back.",
)
SIGN_LABELS: dict[Sign, str] = {
    Sign.SHARP: "Sharp or stabbing",
    Sign.LEG: "New pain down a leg",
    Sign.LIMP: "Limping / running differently",
    Sign.JOINT: "New knee, shin, ankle or foot pain",
}


FLARE_WALK_ENOUGH = (
    f"✅ <b>{FLARE_WALK_MIN_MINUTES} minutes</b> — that's a whole flare walk. Carry on while it "
    f"feels comfortable, up to {FLARE_WALK_MAX_MINUTES} minutes, or tap <b>⏹ Stop</b> to finish "
    "here."
)
FLARE_WALK_HOW = (
    "Walk at a pace you can talk at, for as long as it's comfortable. From "
    f"{FLARE_WALK_MIN_MINUTES} minutes on it's a whole walk: tap <b>⏹ Stop</b> when you've had "
    "enough."
)


def walk_done(minutes: float) -> str:
    """A flare walk finished once long enough, before its longest."""
    return f"✅ <b>Walk done</b> — {int(minutes)} minutes. Well done."


def phase_line(kind: PhaseKind, seconds: int, brisk: bool) -> str:
    """What to do in one phase, e.g. 'Jog easy — 1:00'."""
    if kind is PhaseKind.FLARE_WALK:
        if seconds >= FLARE_WALK_MAX_MINUTES * 60:
            return (f"🚶 <b>Brisk walk — {FLARE_WALK_MIN_MINUTES}–{FLARE_WALK_MAX_MINUTES} "
                    "minutes, as is comfortable</b>")
        return f"🚶 <b>Brisk walk — up to {duration(seconds)} more</b>"
    if kind is PhaseKind.JOG:
        return f"🏃 <b>Jog easy — {duration(seconds)}</b>"
    if kind is PhaseKind.WARMUP:
        return f"🚶 <b>Warm-up walk — {duration(seconds)}</b>"
    if kind is PhaseKind.COOLDOWN:
        return f"🚶 <b>Cool-down walk — {duration(seconds)}</b>"
    return f"🚶 <b>{'Brisk walk' if brisk else 'Walk'} — {duration(seconds)}</b>"


def cue(phase: Phase, following: Phase | None, encourage: str | None, remaining: int | None,
        late: bool | None) -> str:
    """The message for one phase change; ``late`` (not None) says where the user is now instead,
    after a restart (True) or when phases went by unseen (False)."""
    brisk = phase.kind is PhaseKind.WALK and phase.intervals == 1
    head = phase_line(phase.kind, remaining if remaining is not None else phase.duration, brisk)
    lines = [f"{RESTARTED if late else ''}You're here now:\n{head}" if late is not None else head]
    if phase.interval is not None and phase.intervals and phase.intervals > 1:
        lines.append(f"Interval {phase.interval} of {phase.intervals}")
    if phase.kind is PhaseKind.JOG:
        lines.append("You should be able to talk.")
    elif phase.kind is PhaseKind.COOLDOWN:
        lines.append("Nearly done — let your breathing settle.")
    elif phase.kind is PhaseKind.WARMUP:
        lines.append("Start easy and loosen up.")
    elif phase.kind is PhaseKind.FLARE_WALK and late is None:
        lines.append(FLARE_WALK_HOW)
    if following is not None:
        nxt = phase_line(following.kind, following.duration,
                         following.kind is PhaseKind.WALK and following.intervals == 1)
        lines.append(f"Next: {plain_tags(nxt)}")
    if encourage:
        lines.append(f"💬 {encourage}")
    return "\n".join(lines)


def plain_tags(text: str) -> str:
    """Drop <b> tags from a phase line used inside a sentence."""
    return text.replace("<b>", "").replace("</b>", "")


def finished(late: bool, flare: bool = False) -> str:
    """The last cue."""
    what = "walk" if flare else "session"
    if late:
        return f"✅ <b>Your {what} is over</b> — it finished while I was away. Well done!"
    return f"✅ <b>{what.title()} done!</b> 30 minutes, well done."


def status(level: int, phase: Phase | None, following: Phase | None, elapsed: int,
           paused: bool, change_in: int | None = None, *, flare: bool = False) -> str:
    """The pinned status message: where the user is, what comes next, time done and to go;
    ``change_in`` seconds before the next change, that change first (the pinned bar shows it).
    A flare walk says how long it has gone, and whether that is a whole walk yet."""
    head = "⏱ <b>Flare walk</b>" if flare else f"⏱ <b>Session · level {level}</b>"
    if phase is None:
        return f"{head}\nNow: Getting ready"
    lines = [head, f"⏸ Paused at {duration(elapsed)}" if paused else f"Now: {_phase_name(phase)}"]
    if change_in is not None:
        lines.insert(0, coming_up(following, change_in))
    if paused:
        lines.append(f"In: {_phase_name(phase)}")
    if following is not None:
        lines.append(f"Next: {_phase_name(following)}")
    if flare:
        lines.append(_walked(elapsed))
        return "\n".join(lines)
    left = max(0, SESSION_SECONDS - elapsed)
    lines.append(f"{duration(elapsed)} done · {duration(left)} to go")
    return "\n".join(lines)


def _walked(elapsed: int) -> str:
    longest = max(0, FLARE_WALK_MAX_MINUTES * 60 - elapsed)
    if elapsed < FLARE_WALK_ENOUGH_SECONDS:
        more = duration(FLARE_WALK_ENOUGH_SECONDS - elapsed)
        return f"{duration(elapsed)} walked · {more} more makes a whole walk"
    return (f"{duration(elapsed)} walked ✅ a whole walk — stop whenever you like "
            f"({duration(longest)} at most to go)")


def coming_up(following: Phase | None, seconds: int) -> str:
    """The warning before a change, e.g. '🔔 Jog in 10 s' ('Done in 10 s' before the end)."""
    if following is None:
        return f"🔔 <b>Done in {seconds} s</b>"
    brisk = following.kind is PhaseKind.WALK and following.intervals == 1
    return f"🔔 <b>{'Brisk walk' if brisk else _COMING[following.kind]} in {seconds} s</b>"


_COMING: dict[PhaseKind, str] = {
    PhaseKind.WARMUP: "Warm-up walk",
    PhaseKind.JOG: "Jog",
    PhaseKind.WALK: "Walk",
    PhaseKind.COOLDOWN: "Cool-down walk",
    PhaseKind.FLARE_WALK: "Brisk walk",
}


def pain_again() -> str:
    """A typed check-in answer that is not a pain score."""
    return PROBLEMS[Problem.NOT_PAIN]


def morning_revised(reason: str) -> str:
    """A morning answer changed the verdict on the last session."""
    return f"That changes things a little:\n\n{escape(reason)}"


def _phase_name(phase: Phase) -> str:
    """A phase in a few plain words, e.g. 'Jog easy — 0:15 · interval 1 of 4'."""
    name = plain_tags(phase_line(phase.kind, phase.duration,
                                 phase.kind is PhaseKind.WALK and phase.intervals == 1))
    if phase.interval is not None and phase.intervals and phase.intervals > 1:
        name += f" · interval {phase.interval} of {phase.intervals}"
    return name


# The live session's button labels.
RESUME_BUTTON = "▶️ Resume"
PAUSE_BUTTON = "⏸ Pause"
STOP_BUTTON = "⏹ Stop"
STOP_PAIN_BUTTON = "Back pain"
STOP_OTHER_BUTTON = "Something else"
STOP_KEEP_GOING_BUTTON = "Oops — keep going"
FINISH_HERE_BUTTON = "Finish it here"
DISCARD_BUTTON = "Discard it"
SKIP_QUESTION_BUTTON = "Skip"
SIGNS_DONE_BUTTON = "Done"


def sign_button(sign: Sign, picked: bool) -> str:
    """A warning sign on the check-in keyboard, ticked once picked."""
    return ("✅ " if picked else "") + SIGN_LABELS[sign]


def encouragement(text: str) -> str:
    """The halfway encouragement, as its own message."""
    return f"💬 {text}"
