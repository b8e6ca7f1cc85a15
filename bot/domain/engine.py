"""The coaching engine's one entry point: an event applied to the programme as it stands.

Every decision is an event applied, in order, to the programme's *current* state by ``apply``;
nothing ever goes back to an earlier state. A late answer is a new event, never a replay: a
morning answer that arrives after other decisions (a flare, an override, a gap drop, a pause,
another RED, the weekly check-in) re-judges its own session and applies the new zone on top of
everything decided since, so it can lower the dose but never undo what came after it — and two
answers arriving together are both applied, in whichever order they come. While a red-flag hold
stands the dose never changes: requests are refused with their reason, answers are kept in
``Programme.deferred`` and applied, in order, by the first event after clearance.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.domain import progression
from bot.domain.clinic import set_by_clinician
from bot.domain.decisions import Decision, InputValue, Refusal, Rule
from bot.domain.flare import flare_checkin, start_flare
from bot.domain.opt_in import answer_beyond_top
from bot.domain.programme import (
    BeyondTopAnswered,
    ClinicianSet,
    Event,
    FlareCheckIn,
    FlareReported,
    MorningAnswer,
    OverrideAsked,
    Paused,
    Programme,
    Resumed,
    Returned,
    SessionDone,
    SessionRecord,
    WeeklyAverage,
    check_pain,
    next_level,
)
from bot.domain.zones import Zone, judge


@dataclass(frozen=True)
class Applied:
    """The programme after an event: the decisions of events kept during a hold and applied
    first (``settled``), and the event's own answer (``decision``, None when it decided
    nothing)."""

    programme: Programme
    settled: tuple[Decision, ...] = ()
    decision: Decision | None = None

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """Every decision, in the order they were taken."""
        own = () if self.decision is None else (self.decision,)
        return (*self.settled, *own)


def apply(programme: Programme, event: Event, *, held: bool = False) -> Applied:
    """Apply one event to the programme as it stands; the new programme and its decisions.

    ``held`` says a red-flag hold stands: then "easier"/"harder" are refused, gap rules wait,
    and sessions and answers are kept to be applied after clearance (an ON_HOLD answer, which
    is not a decision to store). Without a hold, events kept earlier are applied first.
    """
    settled = settle(programme, held=held)
    step = _while_held if held else _one
    updated, decision = step(settled.programme, event)
    return Applied(updated, settled.settled, decision)


def settle(programme: Programme, *, held: bool = False) -> Applied:
    """Apply the events kept during a hold, in order, once the hold is lifted."""
    if held or not programme.deferred:
        return Applied(programme)
    pending, programme = programme.deferred, replace(programme, deferred=())
    decisions: list[Decision] = []
    for event in pending:
        programme, decision = _kept(programme, event)
        if decision is not None:
            decisions.append(decision)
    return Applied(programme, tuple(decisions))


def _kept(programme: Programme, event: Event) -> tuple[Programme, Decision | None]:
    """An event kept during a hold, applied after it: a session done before a later pause
    still counts, and a flare check-in whose flare has ended decides nothing."""
    if isinstance(event, SessionDone) and programme.paused_since is not None:
        updated, decision = _one(replace(programme, paused_since=None), event)
        return replace(updated, paused_since=programme.paused_since), decision
    if isinstance(event, FlareCheckIn) and programme.flare is None:
        return programme, None
    return _one(programme, event)


def _while_held(programme: Programme, event: Event) -> tuple[Programme, Decision | None]:
    inputs: dict[str, InputValue] = {"held": True}
    if isinstance(event, OverrideAsked):
        inputs |= {"day": event.day.isoformat(), "choice": event.choice,
                   "from_level": programme.level}
        return programme, progression.refused(programme, inputs, Refusal.ON_HOLD)
    if isinstance(event, Returned):
        return programme, None
    if isinstance(event, ClinicianSet):  # the dose never changes while a red flag stands
        return programme, Decision(next_level(programme), Rule.ON_HOLD, inputs)
    if isinstance(event, Resumed):  # the gap rules wait for the first session day after
        return replace(programme, paused_since=None), None
    if isinstance(event, Paused):
        return _one(programme, event)
    kept = replace(programme, deferred=(*programme.deferred, event))
    return kept, Decision(next_level(programme), Rule.ON_HOLD, inputs)


def _one(programme: Programme, event: Event) -> tuple[Programme, Decision | None]:
    if isinstance(event, SessionDone):
        # A session begun before a /pause is still recorded; the pause itself stands.
        unpaused = replace(programme, paused_since=None)
        updated, decision = progression.after_session(unpaused, event.report, event.ref)
        return replace(updated, paused_since=programme.paused_since), decision
    if isinstance(event, MorningAnswer):
        return late_morning(programme, event)
    if isinstance(event, Returned):
        return progression.on_return(programme, event.day)
    if isinstance(event, OverrideAsked):
        return progression.override(programme, progression.Override(event.choice), event.day)
    if isinstance(event, WeeklyAverage):
        return progression.weekly_average(programme, event.average, event.day)
    if isinstance(event, FlareReported):
        return start_flare(programme, event.day)
    if isinstance(event, FlareCheckIn):
        return flare_checkin(programme, event.pain, event.at)
    if isinstance(event, Paused):
        return progression.pause(programme, event.day)
    if isinstance(event, BeyondTopAnswered):
        return answer_beyond_top(programme, event.opted_in, event.day)
    if isinstance(event, ClinicianSet):
        return set_by_clinician(programme, event)
    return progression.resume(programme, event.day)


def _find(programme: Programme, answer: MorningAnswer) -> int | None:
    for index in range(len(programme.history) - 1, -1, -1):
        record = programme.history[index]
        if answer.ref is not None and record.ref == answer.ref:
            return index
        if answer.ref is None and record.day == answer.session_day:
            return index
    return None


def late_morning(programme: Programme, answer: MorningAnswer) -> tuple[Programme, Decision | None]:
    """A next-morning answer re-judges its own session, on the programme as it stands now.

    The session keeps its answer; when its zone changes, a RED lowers the dose from the level
    that session was done at (never above where the programme is now) and a GREEN may count
    towards an advance by the usual rules. A flare walk, or a zone that stands, decides nothing
    (None).
    """
    check_pain("morning", answer.pain)
    index = _find(programme, answer)
    if index is None:
        return programme, None
    record = programme.history[index]
    history = list(programme.history)
    if not record.judged or record.peak is None or record.morning is not None:
        if record.morning is None:
            history[index] = replace(record, morning=answer.pain)
        return replace(programme, history=tuple(history)), None
    baseline = record.baseline if record.baseline is not None else programme.baseline
    zone = judge(baseline, record.peak, answer.pain, record.signs)
    revised = replace(record, morning=answer.pain, zone=zone)
    history[index] = revised
    updated = replace(programme, history=tuple(history))
    if zone is record.zone:
        return updated, None
    inputs = _revised_inputs(revised, baseline, record.zone, answer)
    if zone is Zone.RED:
        return progression.after_red(updated, index, revised.day, inputs)
    if zone is Zone.GREEN and revised.counts and updated.flare is None:
        return progression.after_green(updated, answer.day, inputs)
    return updated, Decision(next_level(updated), Rule.HOLD_AMBER, inputs, zone)


def _revised_inputs(record: SessionRecord, baseline: int, was: Zone | None,
                    answer: MorningAnswer) -> dict[str, InputValue]:
    inputs = progression.session_inputs(record, None) | progression.judged_inputs(
        record, baseline
    )
    return inputs | {
        "revised_from": None if was is None else was.value,
        "answered": answer.day.isoformat(),
    }
