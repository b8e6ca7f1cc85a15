"""UTC offsets such as "UTC+2" to the real zones that keep that clock now."""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from bot.domain.schedule import offset_at, offset_change
from bot.places.answers import MAX_CHOICES, NOTHING, ZoneAnswer, ZoneChoice
from bot.places.atlas import City, load_atlas

_MIN_OFFSET, _MAX_OFFSET = timedelta(hours=-12), timedelta(hours=14)

_OFFSET = re.compile(
    r"^(?:utc|gmt)?\s*(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})(?:(?::|\.|h)?(?P<minutes>\d{2}))?$"
)


# --- offsets --------------------------------------------------------------------------------


def parse_offset(text: str) -> timedelta | None:
    """The UTC offset typed as "UTC+2", "-05:30" or the like, or None when it is not one."""
    match = _OFFSET.match(text.casefold())
    if match is None:
        return None
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if minutes >= 60:
        return None
    sign = -1 if match["sign"] in "-−" else 1
    return sign * timedelta(hours=hours, minutes=minutes)


def zones_at_offset(offset: timedelta, now: datetime) -> ZoneAnswer:
    """Real zones on ``offset`` at ``now``; one zone when they all keep the same clock."""
    if not _MIN_OFFSET <= offset <= _MAX_OFFSET:
        return NOTHING
    if not offset:
        return ZoneAnswer("UTC")
    atlas = load_atlas()
    matching = sorted(
        (city for zone, city in atlas.biggest_in_zone.items() if _offset_now(zone, now) == offset),
        key=lambda city: -city.population,
    )
    if not matching:
        return _fixed_zone(offset)
    # Zones that share today's offset and every change for a year are the same to a runner.
    groups: dict[tuple[object, ...], list[City]] = {}
    for city in matching:
        groups.setdefault(_clock_story(city.zone, now), []).append(city)
    if len(groups) == 1:
        return ZoneAnswer(matching[0].zone)
    choices = [
        ZoneChoice(cities[0].zone, _offset_label(cities, offset)) for cities in groups.values()
    ]
    return ZoneAnswer(None, tuple(choices[:MAX_CHOICES]))


def _offset_label(cities: list[City], offset: timedelta) -> str:
    names = ", ".join(dict.fromkeys(city.name for city in cities[:3]))
    return f"{names} — {cities[0].zone} ({_format_offset(offset)})"


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _fixed_zone(offset: timedelta) -> ZoneAnswer:
    """A whole-hour offset no city keeps still has a fixed zone (POSIX signs are reversed)."""
    minutes = int(offset.total_seconds()) // 60
    if minutes % 60:
        return NOTHING
    hours = minutes // 60
    zone = f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"
    return ZoneAnswer(zone)


def _offset_now(zone: str, now: datetime) -> timedelta | None:
    return now.astimezone(zone_rules(zone)).utcoffset()


@cache
def zone_rules(zone: str) -> ZoneInfo:
    """The rules of a zone, loaded once."""
    return ZoneInfo(zone)


def _clock_story(zone: str, now: datetime) -> tuple[object, ...]:
    """The offset at ``now`` and every (instant, new offset) change in the year after it."""
    return _clock_story_from(zone, math.floor(now.timestamp()) // 3600 * 3600)


@lru_cache(maxsize=2048)
def _clock_story_from(zone: str, start: int) -> tuple[object, ...]:
    tz = zone_rules(zone)
    day = 86_400
    before = offset_at(start, tz)
    changes: list[object] = [before]
    for step in range(1, 367):
        low, high = start + (step - 1) * day, start + step * day
        after = offset_at(high, tz)
        if after != before:
            changes.append((offset_change(low, high, tz), after))
        before = after
    return tuple(changes)
