"""The weekly summary, the outcome snapshots of weeks 0, 6 and 12 and the week-12 close, end to
end: at the right local times (London, New York, a daylight-saving week), typed and tapped
answers, doubled and stale presses, and a restart between the summary and the answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.emulator.models import SentMessage
from bot.storage import outcomes, programmes, repo
from bot.storage.models import OutcomeSnapshot, Reminder, WeeklyPainRow
from bot.telegram import texts
from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person, RunningBot
from tests.e2e.test_reminders import reminded, tick
from tests.e2e.test_safe_dosing import THURSDAY_0800, WEDNESDAY_0730, session_now

BEGIN = "📋 5 quick questions before you start"


def said(replies: list[SentMessage]) -> str:
    return "\n".join(m.text or "" for m in replies)


async def weekly_due(bot: RunningBot) -> datetime:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        row = await session.scalar(select(Reminder).where(Reminder.slot == "weekly",
                                                          Reminder.status == "pending"))
        assert row is not None
        return row.due_at


async def first_session_day(bot: RunningBot, user_id: int) -> date:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        user = await repo.get_user(session, user_id)
        assert user is not None and user.programme_start is not None
        return user.programme_start


async def jump_to_week_end(bot: RunningBot, clock: FakeClock, week: int, user_id: int
                           ) -> datetime:
    """Move to the last day of week ``week``; the reminders planned from there."""
    start = await first_session_day(bot, user_id)
    clock.set(datetime.combine(start + timedelta(days=7 * week - 1), datetime.min.time(),
                               tzinfo=UTC) + timedelta(hours=12))
    await tick(bot, clock)  # the first session reminder is long past: missed, the next planned
    return await weekly_due(bot)


async def test_the_weekly_summary_comes_the_morning_after_the_week_and_takes_one_answer(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    clock.set(WEDNESDAY_0730)
    await session_now(ada, bot, clock, "3")
    await reminded(ada, bot, clock, THURSDAY_0800)
    await ada.say("3")  # the morning check-in
    await reminded(ada, bot, clock, WEDNESDAY_0730 + timedelta(days=2))  # plans the weekly
    due = await weekly_due(bot)
    assert due == datetime(2027, 1, 13, 8, 0, tzinfo=UTC)  # 08:00 in London's winter
    clock.set(due - timedelta(minutes=1))
    assert (await tick(bot, clock)).sent == 0
    await reminded(ada, bot, clock, due)
    summary = ada.last.text or ""
    assert "Week 1 done!" in summary and "Sessions: 1 of 3 done" in summary
    assert "Next week: Wed 13 Jan, Fri 15 Jan, Mon 18 Jan at 07:30 — level 1" in summary
    assert "sessions at a level" in summary  # the week's decision, in plain words
    assert "past 7 days" in summary
    message = ada.last
    again = message.button("6")
    assert again is not None
    replies = await ada.tap("4")
    assert "noted 4/10 on average this week" in said(replies)
    await ada.user.press_data(message.message_id, again["callback_data"])  # a doubled press
    await bot.settle()
    assert ada.last_alert == texts.WEEKLY_KEPT
    assert bot.db is not None
    async with bot.db.transaction() as session:
        assert [(w.week, w.pain) for w in await outcomes.weekly_pains(session, ada.user.id)] \
            == [(1, 4)]
        assert await outcomes.snapshots(session, ada.user.id) == []  # week 1 takes none


async def test_the_week_6_snapshot_follows_its_summary_in_new_york_across_a_restart(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada, zone="America/New_York")
    due = await jump_to_week_end(bot, clock, 6, ada.user.id)
    start = await first_session_day(bot, ada.user.id)
    assert start.weekday() == 0  # the first Monday: Wednesday 07:30 there had passed
    # 08:00 in New York (UTC-5) on the morning after week 6
    assert due == datetime.combine(start + timedelta(days=42), datetime.min.time(),
                                   tzinfo=UTC) + timedelta(hours=13)
    await summary_arrives(ada, bot, clock, due)
    assert "Week 6 done!" in (ada.last.text or "")
    await bot.restart()  # between the summary and its answer
    replies = await ada.say("about 5")
    assert "noted 5/10" in said(replies) and "6-week check" in said(replies)
    assert "2/5" in (replies[-1].text or "") and "right now" in (replies[-1].text or "")
    await ada.say("what's today's session?")  # an aside: the question still waits
    replies = await ada.say("3")
    assert "3/5" in (replies[-1].text or "") and "confident" in (replies[-1].text or "")
    question = ada.last
    stale = question.button("1")
    assert stale is not None
    await ada.tap("7")
    await ada.user.press_data(question.message_id, stale["callback_data"])  # answered already
    await bot.settle()
    assert ada.last_alert == "Already noted — I've kept your first answer."
    await ada.say("2")
    replies = await ada.say("8/10")
    done = said(replies)
    assert "Average pain, past week: 5/10 (50/100)" in done
    assert "Pain right now: 3/10 (30/100)" in done and "Back can handle load: 8/10" in done
    assert bot.db is not None
    async with bot.db.transaction() as session:
        [snapshot] = await outcomes.snapshots(session, ada.user.id)
    assert (snapshot.week, snapshot.average_pain, snapshot.current_pain, snapshot.confidence,
            snapshot.fear, snapshot.load) == (6, 5, 3, 7, 2, 8)
    replies = await ada.say("4")  # nothing waits now: a bare number asks nothing
    assert "noted" not in said(replies)


async def test_the_week_0_snapshot_is_offered_once_the_plan_is_set_and_delete_erases_it(
    ada: Person, bot: RunningBot, clock: FakeClock
) -> None:
    await onboard(ada)
    all_set = ada.last
    replies = await ada.tap(BEGIN, all_set)
    assert "Five quick questions" in said(replies) and "1/5" in (replies[-1].text or "")
    await ada.tap("4")
    await ada.tap("3")
    await ada.say("about 6")
    await ada.tap("2")
    replies = await ada.tap("7")
    assert "Confidence running with back pain: 6/10" in said(replies)
    replies = await ada.tap(BEGIN, all_set)  # the offer again, once finished
    assert "finished" in said(replies)
    assert bot.db is not None
    async with bot.db.transaction() as session:
        [snapshot] = await outcomes.snapshots(session, ada.user.id)
    assert (snapshot.week, snapshot.average_pain, snapshot.load) == (0, 4, 7)
    await ada.say("/delete")
    await ada.tap("Yes, erase everything")
    async with bot.db.transaction() as session:
        for table in (OutcomeSnapshot, WeeklyPainRow):
            count = await session.scalar(select(func.count()).select_from(table))
            assert count == 0, table


async def summary_arrives(person: Person, bot: RunningBot, clock: FakeClock, due: datetime
                          ) -> None:
    """The session reminder of that morning first, then the summary alone at its moment."""
    clock.set(due - timedelta(minutes=1))
    await tick(bot, clock)
    await reminded(person, bot, clock, due)


async def at_level(bot: RunningBot, user_id: int, level: int) -> None:
    assert bot.db is not None
    async with bot.db.transaction() as session:
        programme = await programmes.load(session, user_id)
        assert programme is not None
        await programmes.save(session, user_id, replace(programme, level=level),
                              datetime(2027, 3, 1, tzinfo=UTC))


@pytest.mark.parametrize(("level", "label", "rule"), [
    (8, "▶️ Keep going as I am", "beyond_top_declined"),
    (5, "▶️ Keep going as I am", "keep_going"),
    (8, "🚀 Levels beyond level 8", "beyond_top_opt_in"),
    (8, "🔁 Maintenance: Mon + Fri", "maintenance"),
])
async def test_week_12_closes_the_programme_with_its_choices_across_a_clock_change(
    ada: Person, bot: RunningBot, clock: FakeClock, level: int, label: str, rule: str
) -> None:
    await onboard(ada)
    await at_level(bot, ada.user.id, level)
    due = await jump_to_week_end(bot, clock, 12, ada.user.id)
    assert due == datetime(2027, 3, 31, 7, 0, tzinfo=UTC)  # 08:00 London summer time (BST)
    await summary_arrives(ada, bot, clock, due)
    assert "Week 12 done!" in (ada.last.text or "")
    await ada.tap("3")
    replies = await ada.tap("Not now")  # the rest of the snapshot put aside: the close follows
    close = replies[-1]
    assert "12 weeks done" in (close.text or "") and f"→ {level} now" in (close.text or "")
    assert ("🚀 Levels beyond level 8" in close.buttons) is (level == 8)
    assert "🔁 Maintenance: Mon + Wed + Fri" in close.buttons
    again = close.button("▶️ Keep going as I am")
    assert again is not None
    replies = await ada.tap(label)
    assert replies
    assert (await bot.rules())[-1] == rule
    await ada.user.press_data(close.message_id, again["callback_data"])  # a second choice
    await bot.settle()
    assert ada.last_alert == "You've already chosen how to carry on — that choice stands."
    assert (await bot.rules())[-1] == rule
    assert bot.db is not None
    async with bot.db.transaction() as session:
        user = await repo.get_user(session, ada.user.id)
        assert user is not None
        chosen = await outcomes.programme_close(session, ada.user.id)
        assert chosen is not None
        pending = await session.scalar(select(Reminder).where(Reminder.slot == "session",
                                                              Reminder.status == "pending"))
        assert pending is not None
    if rule == "maintenance":
        assert user.training_days == "mon,fri" and pending.local_date.weekday() in (0, 4)
        # The maintenance plan takes two or three days from now on, whichever way they change.
        await ada.say("/schedule days tue")
        assert "two or three" in (ada.last.text or "")
        await ada.say("/schedule days tue thu")
        assert "Tuesday, Thursday" in (ada.last.text or "")
        async with bot.db.transaction() as session:
            user = await repo.get_user(session, ada.user.id)
            assert user is not None and user.training_days == "tue,thu"
    else:
        assert user.training_days == "mon,wed,fri"
        await ada.say("/schedule days tue thu")
        assert "exactly three training days" in (ada.last.text or "")
