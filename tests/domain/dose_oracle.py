"""What the dose may never do, checked from a record kept apart from the engine.

Both state machines (over the pure engine and over the bound use cases) hand ``DoseOracle`` the
programme before and after every step. It keeps its own account of what happened — whether the
user started with high usual pain, the day of the first session, whether a red-flag hold stands,
the days the level rose, the last lowering — and checks the coaching rules' invariants from it
(coaching rules, 'Session shape' and 'Progression'), so a rule broken in ``bot/domain`` cannot
also break the check that guards it. The numbers are the contract's, written here again on
purpose.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.domain.decisions import Rule
from bot.domain.programme import Ending, Programme, SessionRecord, next_level
from bot.domain.zones import Sign, Zone, judge

HIGH_BASELINE = 7  # "a usual-pain baseline ≥ 7/10 starts at level 0 for the first week"
FIRST_WEEK_DAYS = 7
LEVEL_UP_EVERY_DAYS = 7  # "Never more than one level per 7 days"
ADVANCE_SESSIONS = 3  # "≥ 3 sessions were completed at this level"
ADVANCE_GREENS = 2  # "the last 2 completed sessions were GREEN"
GAP_STAGES = {Rule.GAP_7.value: 7, Rule.GAP_14.value: 14, Rule.GAP_28.value: 28}
RISES = frozenset({Rule.ADVANCE.value, Rule.OVERRIDE_HARDER.value})


@dataclass
class DoseOracle:
    """One user's dose as the rules allow it; ``observe`` after every step."""

    baseline: int
    first_session: date | None = None
    held: bool = False
    rises: list[date] = field(default_factory=list)
    lowered_at: int = 0  # length of the history at the last lowering (level down or a flare)
    level_set_at: int = 0  # length of the history when the level last changed

    @property
    def floor_start(self) -> bool:
        """Whether the user started at level 0 for a first week."""
        return self.baseline >= HIGH_BASELINE

    def session_done(self, day: date) -> None:
        """A session was done (not skipped or missed): the first one starts the first week."""
        if self.first_session is None:
            self.first_session = day

    def in_first_week(self, day: date) -> bool:
        """Whether a high-baseline start is still in the week from its first session."""
        first = self.first_session
        return self.floor_start and (first is None or day < first + timedelta(FIRST_WEEK_DAYS))

    def observe(self, before: Programme, after: Programme, rules: Collection[str],
                day: date) -> None:
        """Check one step: ``rules`` are the values of the decisions it stored."""
        if self.held:
            assert after.level == before.level, "the level changed during a hold"
            assert next_level(after) == next_level(before), "the dose changed during a hold"
            assert set(rules) <= {Rule.PAUSE.value}, f"decisions during a hold: {rules}"
        if self.in_first_week(day):
            assert after.level == 0, "above level 0 in a high-baseline first week"
        if after.level > before.level:
            self._rise(before, after, rules, day)
        if after.level != before.level:
            self.level_set_at = len(after.history)
        if after.level < before.level or (after.flare is not None and before.flare is None):
            self.lowered_at = len(after.history)

    def _rise(self, before: Programme, after: Programme, rules: Collection[str],
              day: date) -> None:
        assert after.level == before.level + 1, f"a jump {before.level} → {after.level}"
        assert self.rises == [] or day >= self.rises[-1] + timedelta(LEVEL_UP_EVERY_DAYS), \
            f"two level-ups within 7 days: {self.rises[-1]} and {day}"
        self.rises.append(day)
        if Rule.OVERRIDE_HARDER.value in rules:
            done = [(i, r) for i, r in enumerate(after.history)
                    if r.counts and r.completed and not r.in_flare]
            assert done, "harder with no completed session"
            index, last = done[-1]
            assert last.zone is Zone.GREEN, f"harder after a {last.zone} session"
            assert index >= self.lowered_at, "harder with no GREEN since the dose was lowered"
            return
        assert Rule.ADVANCE.value in rules, f"the level rose by {sorted(rules)}"
        start = max(self.lowered_at, self.level_set_at)
        at_level = [r for r in after.history[start:] if r.counts and not r.in_flare]
        completed = sum(1 for r in at_level if r.completed)
        assert completed >= ADVANCE_SESSIONS, f"advance after {completed} sessions at the level"
        judged = [r for r in at_level if r.zone is not None][-ADVANCE_GREENS:]
        assert len(judged) == ADVANCE_GREENS and all(_full_green(r) for r in judged), \
            f"advance without two GREEN sessions done to the end: {judged}"


def _full_green(record: SessionRecord) -> bool:
    return record.zone is Zone.GREEN and record.ending is Ending.COMPLETED


def reproduce(rule: str, zone: str | None, inputs: Mapping[str, object]) -> None:
    """A stored decision's inputs give its outcome again: its zone, its gap, its baseline."""
    if "peak" in inputs and zone is not None:
        signs = inputs["signs"]
        assert isinstance(signs, list)
        judged = judge(_int(inputs["baseline"]), _int(inputs["peak"]),
                       _maybe_int(inputs["morning"]), frozenset(Sign(str(s)) for s in signs))
        assert judged is Zone(zone), f"{rule} on {dict(inputs)} is {judged.value}, not {zone}"
    if rule in GAP_STAGES:
        gap = (date.fromisoformat(str(inputs["day"]))
               - date.fromisoformat(str(inputs["last_completed"]))).days
        assert gap == inputs["gap_days"] and gap > GAP_STAGES[rule], f"{rule} on a {gap}-day gap"
    if rule == Rule.BASELINE_KEPT_IN_FLARE.value:
        assert inputs["to_baseline"] == inputs["from_baseline"]
    if rule == Rule.ADVANCE.value:
        assert _int(inputs["completed_at_level"]) >= ADVANCE_SESSIONS
        assert inputs["morning"] is not None, "an advance on an unknown morning"


def _int(value: object) -> int:
    assert isinstance(value, int) and not isinstance(value, bool), value
    return value


def _maybe_int(value: object) -> int | None:
    return None if value is None else _int(value)
