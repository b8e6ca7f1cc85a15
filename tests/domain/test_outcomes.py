"""When a programme week ends, which weeks take a snapshot, and the choices after week 12."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.decisions import Rule
from bot.domain.outcomes import (
    CloseChoice,
    Item,
    Snapshot,
    close_decision,
    closes_programme,
    days_done,
    maintenance_options,
    snapshot_due,
    summary_week,
    training_dates,
    week_dates,
)
from bot.domain.programme import Ending, Programme, SessionRecord
from bot.domain.week import Weekday

START = date(2027, 1, 6)  # a Wednesday: the first session
MON, WED, FRI, SAT = Weekday.MON, Weekday.WED, Weekday.FRI, Weekday.SAT
NOW = datetime(2027, 1, 6, 8, tzinfo=UTC)


def test_a_summary_on_the_first_day_after_a_week_closes_that_week() -> None:
    assert summary_week(START, date(2027, 1, 13)) == 1
    assert summary_week(START, date(2027, 2, 17)) == 6
    assert summary_week(START, date(2027, 3, 31)) == 12
    assert week_dates(START, 1) == (START, date(2027, 1, 12))
    assert week_dates(START, 12) == (date(2027, 3, 24), date(2027, 3, 30))


def test_snapshots_are_due_at_weeks_0_6_and_12_and_week_12_closes() -> None:
    assert [w for w in range(0, 20) if snapshot_due(w)] == [0, 6, 12]
    assert [w for w in range(0, 20) if closes_programme(w)] == [12]


def test_sessions_done_count_one_a_day_within_the_week() -> None:
    def done(day: date, completed: bool = True) -> SessionRecord:
        return SessionRecord(day, 1, Ending.COMPLETED, None, completed)
    history = (done(date(2027, 1, 6)), done(date(2027, 1, 6)), done(date(2027, 1, 8), False),
               done(date(2027, 1, 10)), done(date(2027, 1, 13)))
    first, last = week_dates(START, 1)
    assert days_done(history, first, last) == 2
    assert training_dates((MON, WED, FRI), first, last) == (
        date(2027, 1, 6), date(2027, 1, 8), date(2027, 1, 11))


def test_a_snapshot_asks_its_questions_in_order_until_answered_or_skipped() -> None:
    snapshot = Snapshot(1, 6, NOW, average_pain=4)
    assert snapshot.next_item is Item.CURRENT_PAIN
    for item in (Item.CURRENT_PAIN, Item.CONFIDENCE, Item.FEAR, Item.LOAD):
        snapshot = snapshot.answered(item, 3)
    assert snapshot.next_item is None
    assert Snapshot(2, 0, NOW, skipped=True).next_item is None
    with pytest.raises(ValueError):
        Snapshot(3, 0, NOW).answered(Item.FEAR, 11)


def test_maintenance_weeks_keep_a_rest_day_between_sessions() -> None:
    assert maintenance_options((MON, WED, FRI)) == (
        (MON, WED), (MON, FRI), (WED, FRI), (MON, WED, FRI))
    # Friday and Saturday are neighbours; Sunday rests between Saturday and Monday.
    assert maintenance_options((MON, FRI, SAT)) == ((MON, FRI), (MON, SAT), (MON, FRI, SAT))


def test_the_close_records_keep_going_or_maintenance_without_changing_the_dose() -> None:
    programme = Programme(level=8, baseline=3, started=START)
    mine = (MON, WED, FRI)
    keep = close_decision(programme, CloseChoice.KEEP_GOING, (), date(2027, 3, 31), mine)
    assert keep.rule is Rule.KEEP_GOING and keep.level == 8
    assert keep.inputs["days_in_programme"] == 84
    plan = close_decision(programme, CloseChoice.MAINTENANCE, (MON, FRI), date(2027, 3, 31),
                          mine)
    assert plan.rule is Rule.MAINTENANCE and plan.level == 8
    assert plan.inputs["days"] == ["mon", "fri"] and plan.inputs["sessions_a_week"] == 2
    with pytest.raises(ValueError):
        close_decision(programme, CloseChoice.MAINTENANCE, (MON, Weekday.TUE), START, mine)
    with pytest.raises(ValueError):
        close_decision(programme, CloseChoice.MAINTENANCE, (MON, SAT), START, mine)
    with pytest.raises(ValueError):
        close_decision(programme, CloseChoice.BEYOND, (), START, mine)
