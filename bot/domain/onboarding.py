"""The onboarding questionnaire as a table: one row per step, each a pure answer → next state.

:func:`next_step` is the whole state machine. The state is what a user row stores; an answer
is what the user typed or tapped (or the time zone a place was looked up as). Each row in
``_ROWS`` reads one step's answer and returns a :class:`Turn`: the new state plus what to
store alongside it and what to tell the user. Storage, clocks and wording stay outside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import time
from enum import Enum

from bot.domain import parsing, screening
from bot.domain.background import PainDuration, RunningHistory
from bot.domain.parsing import AmbiguousHour, PainBetween, PainOffScale, PainScore
from bot.domain.safety import (
    SAFETY_PAIN_THRESHOLD,
    Readiness,
    SafetyOutcome,
    needs_deliberate_clearance,
)
from bot.domain.screening import Answered, Item, Ticked, Unclear
from bot.domain.week import Weekday

REQUIRED_TRAINING_DAYS = 3

# What the onboarding buttons send; typed words mean the same where a parser reads them.
AGREE = "agree"
DECLINE = "decline"
CLEARED = "cleared"
NOT_YET = "not_yet"
DONE = "done"
CONFIRM = "ok"
START_AGAIN = "again"
BACK = "back"


class Step(Enum):
    """Where a user stands in onboarding; a user's step is stored, so a restart resumes it."""

    CONSENT = "consent"
    RED_FLAG = "red_flag"
    SAFETY_STOP = "safety_stop"
    READINESS = "readiness"
    CLEARANCE = "clearance"
    DURATION = "duration"
    USUAL_PAIN = "usual_pain"
    CURRENT_PAIN = "current_pain"
    RUNNING = "running"
    DAYS = "days"
    TIME = "time"
    TIMEZONE = "timezone"
    CONFIRM = "confirm"
    DONE = "done"


class Note(Enum):
    """Something to tell the user before the next question."""

    SHORT_DURATION = "short_duration"
    CONSECUTIVE_DAYS = "consecutive_days"
    HIGH_PAIN = "high_pain"
    DECLINED = "declined"
    CHECK_FIRST = "check_first"
    CLEARANCE_STORED = "clearance_stored"


class Problem(Enum):
    """Why an answer was not taken."""

    NOT_YES_NO = "not_yes_no"
    NOT_A_CHOICE = "not_a_choice"
    NOT_RUNNING = "not_running"
    NOT_A_DURATION = "not_a_duration"
    NOT_PAIN = "not_pain"
    PAIN_OFF_SCALE = "pain_off_scale"
    PAIN_BETWEEN = "pain_between"
    NOT_DAYS = "not_days"
    NEED_THREE_DAYS = "need_three_days"
    THREE_ALREADY = "three_already"
    NOT_TIME = "not_time"
    AMBIGUOUS_HOUR = "ambiguous_hour"
    ZONE_UNKNOWN = "zone_unknown"
    ZONE_CHOICES = "zone_choices"
    LOCATION_UNKNOWN = "location_unknown"
    NEEDS_CLEARANCE = "needs_clearance"
    WHICH_ONES = "which_ones"
    NOTHING_TICKED = "nothing_ticked"
    NOT_ON_LIST = "not_on_list"
    NOT_PICKS = "not_picks"


class Stamp(Enum):
    """A moment to store with the answer that marks it."""

    CONSENTED = "consented"
    CLEARED = "cleared"
    ONBOARDED = "onboarded"


@dataclass(frozen=True)
class State:
    """Everything onboarding has gathered, and the question the user is at.

    ``readiness_yes`` holds the readiness questions whose latest answer is yes. ``picked``
    holds the items ticked so far on the screening list being asked (kept at a red-flag
    stop, so that going back shows the ticks given).
    """

    step: Step
    item: str | None = None  # the red flag a stop is named after
    safety_stop: SafetyOutcome | None = None
    cleared: bool = False
    readiness_yes: frozenset[Readiness] = frozenset()
    picked: frozenset[Item] = frozenset()
    pain_duration: PainDuration | None = None
    baseline_pain: int | None = None
    running_history: RunningHistory | None = None
    days: tuple[Weekday, ...] = ()
    reminder_time: time | None = None
    timezone: str | None = None

    @property
    def position(self) -> str:
        """A stable name for the question, e.g. ``red_flag:fever``: what a button is bound to."""
        return position(self.step, self.item)

    @property
    def complete(self) -> bool:
        """True when every answer the starting plan needs is there."""
        return (self.baseline_pain is not None and self.reminder_time is not None
                and bool(self.timezone) and len(self.days) == REQUIRED_TRAINING_DAYS)

    def at(self, step: Step, item: str | None = None) -> State:
        """The same answers, at another question."""
        return replace(self, step=step, item=item)


@dataclass(frozen=True)
class PlaceFound:
    """The time zone a typed place or a shared location was looked up as (None: not found)."""

    zone: str | None
    ambiguous: bool = False
    shared_location: bool = False


Answer = str | PlaceFound


@dataclass(frozen=True)
class Turn:
    """One answer applied: the new state, what to store with it, and what to tell the user."""

    state: State
    notes: tuple[Note, ...] = ()
    problem: Problem | None = None
    screening: tuple[tuple[str, bool], ...] = ()  # (question, answer) rows to store
    pains: tuple[tuple[str, int], ...] = ()  # (kind, pain) ratings to store
    stamps: frozenset[Stamp] = field(default_factory=frozenset)
    unclear_pain: PainBetween | PainOffScale | None = None
    unclear_hour: AmbiguousHour | None = None
    stale: bool = False

    @property
    def step(self) -> Step:
        """The question the user is at after this answer."""
        return self.state.step


def position(step: Step, item: str | None) -> str:
    """A stable name for one question, e.g. ``safety_stop:fever``: what a button is bound to."""
    return f"{step.value}:{item}" if item else step.value


def next_step(state: State, answer: Answer) -> Turn:
    """Apply one answer to the question ``state`` is at (coaching rules, 'Safety')."""
    if isinstance(answer, PlaceFound):
        if state.step is not Step.TIMEZONE:
            return Turn(state, problem=Problem.NOT_A_CHOICE)
        return _timezone(state, answer)
    text = answer.strip()
    earlier = previous(state)
    if earlier is not None and (text == BACK or parsing.is_back(text)):
        return Turn(earlier, screening=_withdrawn(earlier))
    corrected = parsing.correction(text)
    if earlier is not None and corrected is not None:
        return _corrected(state, earlier, corrected)
    return _ROWS[state.step](state, corrected if corrected is not None else text)


_LISTS: dict[Step, tuple[Item, ...]] = {
    Step.RED_FLAG: screening.RED_FLAGS,
    Step.READINESS: screening.READINESS,
}


def _withdrawn(reopened: State) -> tuple[tuple[str, bool], ...]:
    # A reopened list's answers are each marked withdrawn; other answers are simply asked again.
    items = _LISTS.get(reopened.step, ())
    return tuple((f"withdrawn:{reopened.step.value}:{item.value}", True) for item in items)


def _corrected(state: State, earlier: State, answer: str) -> Turn:
    # "oops I meant no": the last answer taken back and given again. An answer that fits only
    # the question being asked answers it; one that fits neither reopens the last question.
    turn = _ROWS[earlier.step](earlier, answer)
    if turn.problem is not None:
        here = _ROWS[state.step](state, answer)
        if here.problem is None:
            return here
    return replace(turn, screening=(*_withdrawn(earlier), *turn.screening))


_STEPS_BACK = {
    Step.USUAL_PAIN: Step.DURATION,
    Step.CURRENT_PAIN: Step.USUAL_PAIN,
    Step.RUNNING: Step.CURRENT_PAIN,
    Step.DAYS: Step.RUNNING,
    Step.TIME: Step.DAYS,
    Step.TIMEZONE: Step.TIME,
    Step.CONFIRM: Step.TIMEZONE,
}


def previous(state: State) -> State | None:
    """The question whose answer led here, reopened; None when there is no going back.

    A screening list can be taken back only right after it was answered. Reopening it
    withdraws its answers: a red-flag stop is lifted until the list is answered again (its
    ticks shown again), and a readiness "yes" no longer counts. After a clearance there is
    no going back past it. From the pain questions on, each question leads back to the one
    before it, whose answer stands until it is given again.
    """
    if state.step in _STEPS_BACK:
        return state.at(_STEPS_BACK[state.step])
    unticked = replace(state, picked=frozenset())
    match state.step:
        case Step.RED_FLAG:
            return unticked.at(Step.CONSENT)
        case Step.SAFETY_STOP:
            return replace(state.at(Step.RED_FLAG), safety_stop=None)
        case Step.READINESS if not state.cleared:
            return unticked.at(Step.RED_FLAG)
        case Step.CLEARANCE:
            return replace(state.at(Step.READINESS), safety_stop=None,
                           picked=state.readiness_yes)
        case Step.DURATION if state.pain_duration is None and not state.readiness_yes:
            return unticked.at(Step.READINESS)
    return None


def _go(state: State, step: Step, item: str | None = None, *notes: Note) -> Turn:
    return Turn(state.at(step, item), notes=notes)


def _consent(state: State, text: str) -> Turn:
    agreed = True if text == AGREE else False if text == DECLINE else parsing.parse_yes_no(text)
    if agreed is None:
        return Turn(state, problem=Problem.NOT_YES_NO)
    if not agreed:
        return Turn(state, notes=(Note.DECLINED,))
    turn = _go(replace(state, picked=frozenset()), Step.RED_FLAG)
    return replace(turn, stamps=frozenset({Stamp.CONSENTED}))


_UNCLEAR = {
    Unclear.WHICH_ONES: Problem.WHICH_ONES,
    Unclear.NOTHING_TICKED: Problem.NOTHING_TICKED,
    Unclear.NOT_ON_LIST: Problem.NOT_ON_LIST,
    Unclear.NOT_PICKS: Problem.NOT_PICKS,
    Unclear.NOT_A_TICK: Problem.NOT_A_CHOICE,
}


def _unanswered(state: State, said: Ticked | Unclear) -> Turn:
    # A tick is kept with the state until Done; anything unclear is asked about.
    if isinstance(said, Ticked):
        return Turn(replace(state, picked=said.picked))
    return Turn(state, problem=_UNCLEAR[said])


def _answers(step: Step, said: Answered) -> tuple[tuple[str, bool], ...]:
    """One stored answer per item of the list: yes for those picked, no for the rest."""
    return tuple((f"{step.value}:{item.value}", item in said.yes) for item in _LISTS[step])


def _red_flag(state: State, text: str) -> Turn:
    said = screening.read(screening.RED_FLAGS, state.picked, text)
    if not isinstance(said, Answered):
        return _unanswered(state, said)
    asked = _answers(Step.RED_FLAG, said)
    if said.yes:
        flag = screening.stop_at(said.yes)
        stopped = replace(state.at(Step.SAFETY_STOP, flag.value), safety_stop=flag.outcome,
                          picked=said.yes)
        return Turn(stopped, screening=asked)
    return replace(_go(replace(state, picked=frozenset()), Step.READINESS), screening=asked)


def _safety_stop(state: State, text: str) -> Turn:
    deliberate = state.safety_stop is not None and needs_deliberate_clearance(state.safety_stop)
    if text != CLEARED or deliberate:  # after an emergency flag: /cleared, naming who and when
        return Turn(state, problem=Problem.NEEDS_CLEARANCE)
    return cleared_turn(state)


def cleared_turn(state: State) -> Turn:
    """A clinician has cleared the user at a red-flag stop: on to the readiness questions."""
    cleared = replace(state.at(Step.READINESS), safety_stop=None, cleared=True,
                      picked=frozenset())
    return Turn(cleared, notes=(Note.CLEARANCE_STORED,), screening=(("red_flag:cleared", True),),
                stamps=frozenset({Stamp.CLEARED}))


def _readiness(state: State, text: str) -> Turn:
    said = screening.read(screening.READINESS, state.picked, text)
    if not isinstance(said, Answered):
        return _unanswered(state, said)
    asked = _answers(Step.READINESS, said)
    yes = frozenset(question for question in said.yes if isinstance(question, Readiness))
    answered = replace(state, readiness_yes=yes, picked=frozenset())
    if yes:
        check = replace(answered.at(Step.CLEARANCE), safety_stop=SafetyOutcome.CHECK_READINESS)
        return Turn(check, screening=asked)
    return replace(_go(answered, Step.DURATION), screening=asked)


def _clearance(state: State, text: str) -> Turn:
    said = parsing.parse_yes_no(text)
    if text == NOT_YET or said is False:
        return Turn(state, notes=(Note.CHECK_FIRST,))
    if text != CLEARED and said is not True:
        return Turn(state, problem=Problem.NEEDS_CLEARANCE)
    cleared = replace(state.at(Step.DURATION), safety_stop=None, cleared=True)
    return Turn(cleared, notes=(Note.CLEARANCE_STORED,),
                screening=(("readiness:cleared", True),), stamps=frozenset({Stamp.CLEARED}))


def _duration(state: State, text: str) -> Turn:
    duration = parsing.parse_duration(text)
    if duration is None:
        return Turn(state, problem=Problem.NOT_A_DURATION)
    notes = () if duration.persistent else (Note.SHORT_DURATION,)
    return _go(replace(state, pain_duration=duration), Step.USUAL_PAIN, None, *notes)


def _pain(state: State, text: str, kind: str, then: Step) -> Turn:
    reading = parsing.read_pain(text)
    if reading is None:
        return Turn(state, problem=Problem.NOT_PAIN)
    if isinstance(reading, PainOffScale):
        return Turn(state, problem=Problem.PAIN_OFF_SCALE, unclear_pain=reading)
    if isinstance(reading, PainBetween):
        return Turn(state, problem=Problem.PAIN_BETWEEN, unclear_pain=reading)
    assert isinstance(reading, PainScore)
    answered = replace(state, baseline_pain=reading.score) if kind == "usual" else state
    notes = (Note.HIGH_PAIN,) if reading.score >= SAFETY_PAIN_THRESHOLD else ()
    return replace(_go(answered, then, None, *notes), pains=((kind, reading.score),))


def _usual_pain(state: State, text: str) -> Turn:
    return _pain(state, text, "usual", Step.CURRENT_PAIN)


def _current_pain(state: State, text: str) -> Turn:
    return _pain(state, text, "now", Step.RUNNING)


def _running(state: State, text: str) -> Turn:
    history = parsing.parse_running(text)
    if history is None:
        return Turn(state, problem=Problem.NOT_RUNNING)
    return _go(replace(state, running_history=history), Step.DAYS)


def _days(state: State, text: str) -> Turn:
    if text == DONE:
        return _finish_days(state)
    single = Weekday.from_name(text) if " " not in text and "," not in text else None
    if single is not None and text == single.short:
        return _toggle_day(state, single)
    days = parsing.parse_days(text)
    if days is None:
        return Turn(state, problem=Problem.NOT_DAYS)
    if len(days) != REQUIRED_TRAINING_DAYS:
        return Turn(state, problem=Problem.NEED_THREE_DAYS)
    return _finish_days(replace(state, days=days))


def _toggle_day(state: State, day: Weekday) -> Turn:
    if day in state.days:
        return Turn(replace(state, days=tuple(d for d in state.days if d != day)))
    if len(state.days) >= REQUIRED_TRAINING_DAYS:
        return Turn(state, problem=Problem.THREE_ALREADY)
    return Turn(replace(state, days=tuple(sorted((*state.days, day)))))


def _finish_days(state: State) -> Turn:
    if len(state.days) != REQUIRED_TRAINING_DAYS:
        return Turn(state, problem=Problem.NEED_THREE_DAYS)
    notes = (Note.CONSECUTIVE_DAYS,) if parsing.consecutive_pairs(state.days) else ()
    return _go(state, Step.TIME, None, *notes)


def _time(state: State, text: str) -> Turn:
    at = parsing.read_time(text)
    if isinstance(at, AmbiguousHour):
        return Turn(state, problem=Problem.AMBIGUOUS_HOUR, unclear_hour=at)
    if at is None:
        return Turn(state, problem=Problem.NOT_TIME)
    return _go(replace(state, reminder_time=at), Step.TIMEZONE)


def _typed_zone(state: State, text: str) -> Turn:
    return Turn(state, problem=Problem.ZONE_UNKNOWN)  # places are looked up before this


def _timezone(state: State, found: PlaceFound) -> Turn:
    if found.zone is not None:
        return _go(replace(state, timezone=found.zone), Step.CONFIRM)
    if found.ambiguous:
        return Turn(state, problem=Problem.ZONE_CHOICES)
    if found.shared_location:
        return Turn(state, problem=Problem.LOCATION_UNKNOWN)
    return Turn(state, problem=Problem.ZONE_UNKNOWN)


def _confirm(state: State, text: str) -> Turn:
    if text == START_AGAIN:
        return _go(state, Step.DURATION)
    if text != CONFIRM and parsing.parse_yes_no(text) is not True:
        return Turn(state, problem=Problem.NOT_A_CHOICE)
    if not state.complete:  # an answer went missing: ask the missing part again
        return _go(state, Step.DURATION)
    return Turn(state.at(Step.DONE), stamps=frozenset({Stamp.ONBOARDED}))


def _done(state: State, text: str) -> Turn:
    return Turn(state, stale=True)


_ROWS: dict[Step, Callable[[State, str], Turn]] = {
    Step.CONSENT: _consent,
    Step.RED_FLAG: _red_flag,
    Step.SAFETY_STOP: _safety_stop,
    Step.READINESS: _readiness,
    Step.CLEARANCE: _clearance,
    Step.DURATION: _duration,
    Step.USUAL_PAIN: _usual_pain,
    Step.CURRENT_PAIN: _current_pain,
    Step.RUNNING: _running,
    Step.DAYS: _days,
    Step.TIME: _time,
    Step.TIMEZONE: _typed_zone,
    Step.CONFIRM: _confirm,
    Step.DONE: _done,
}
