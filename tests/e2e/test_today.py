"""'What's today's session?' answered in the user's own time zone, also around midnight."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import FakeClock
from tests.e2e.flows import onboard
from tests.e2e.harness import Person


async def test_auckland_monday_starts_while_utc_is_still_sunday(
    ada: Person, clock: FakeClock
) -> None:
    clock.set(datetime(2027, 1, 2, 12, 0, tzinfo=UTC))  # Saturday; Sunday 01:00 in Auckland
    await onboard(ada, zone="Pacific/Auckland")
    clock.set(datetime(2027, 1, 3, 11, 30, tzinfo=UTC))  # Sunday UTC, Monday 00:30 NZDT
    replies = await ada.say("/today")
    text = replies[0].text or ""
    assert "Today's session" in text
    assert "Monday 4 January, 07:30 (Pacific/Auckland)" in text


async def test_honolulu_evening_is_still_the_same_day(ada: Person, clock: FakeClock) -> None:
    clock.set(datetime(2027, 1, 2, 12, 0, tzinfo=UTC))
    await onboard(ada, zone="Pacific/Honolulu")
    clock.set(datetime(2027, 1, 5, 9, 30, tzinfo=UTC))  # Tuesday UTC, Monday 23:30 in Honolulu
    replies = await ada.say("what's on today")
    text = replies[0].text or ""
    assert "Today's session" in text and "Monday 4 January, 07:30" in text
    assert "After that: Wednesday 6 January at 07:30" in text
    clock.set(datetime(2027, 1, 5, 10, 30, tzinfo=UTC))  # 00:30 Tuesday in Honolulu
    replies = await ada.say("what's on today")
    assert "Rest day" in (replies[0].text or "")
    assert "Next session: Wednesday at 07:30 (Pacific/Honolulu)" in (replies[0].text or "")


async def test_today_before_setting_up_points_to_start(ada: Person) -> None:
    replies = await ada.say("/today")
    assert "send /start" in (replies[0].text or "")
