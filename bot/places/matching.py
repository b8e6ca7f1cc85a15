"""Place names to zones: a city, a country or a state, and when to offer a choice."""

from __future__ import annotations

from collections.abc import Iterable

from bot.places.answers import MAX_CHOICES, NOTHING, ZoneAnswer, ZoneChoice
from bot.places.atlas import Atlas, City, Region, fold, load_atlas

# A match this many times bigger than the next one in another zone is taken as meant.
_DOMINANCE = 10


def answer_from_zones(zones: tuple[str, ...]) -> ZoneAnswer:
    """One zone as the answer, or a choice between several, each labelled with its biggest city."""
    if len(zones) == 1:
        return ZoneAnswer(zones[0])
    atlas = load_atlas()
    return ZoneAnswer(None, tuple(ZoneChoice(zone, _zone_label(atlas, zone)) for zone in zones))


def _zone_label(atlas: Atlas, zone: str) -> str:
    city = atlas.biggest_in_zone.get(zone)
    return f"{city.label} — {zone}" if city else zone


def resolve_place(text: str) -> ZoneAnswer:
    """The zone of a typed city, country or US state, or a choice when it could be several."""
    atlas = load_atlas()
    key = fold(text)
    if not key:
        return NOTHING
    named = _region_candidates(atlas, atlas.regions.get(key, []))
    named += _city_candidates(atlas, atlas.named(key))
    aliased = _city_candidates(atlas, atlas.named(key, aliases=True))
    if not named and not aliased:
        named = _qualified_candidates(atlas, text)
    return _decide(named, aliased)


def _qualified_candidates(atlas: Atlas, text: str) -> list[_Candidate]:
    """Matches for "Portland, Oregon", "Springfield MA" or "London UK"."""
    if "," in text:
        head, _, tail = text.rpartition(",")
        splits = [(head, tail)]
    else:
        words = text.split()
        splits = [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))]
    for head, tail in splits:
        regions = atlas.qualifiers.get(fold(tail), [])
        key = fold(head)
        picked = [
            number
            for number in (*atlas.named(key), *atlas.named(key, aliases=True))
            if any(_city_in(atlas.cities[number], region) for region in regions)
        ]
        if picked:
            return _city_candidates(atlas, picked)
    return []


def _city_in(city: City, region: Region) -> bool:
    return city.country == region.country and region.state in ("", city.state)


# A possible answer and how much weight (people living there) stands behind it.
_Candidate = tuple[int, ZoneChoice]


def _city_candidates(atlas: Atlas, numbers: Iterable[int]) -> list[_Candidate]:
    cities = (atlas.cities[number] for number in numbers)
    return [
        (city.population, ZoneChoice(city.zone, f"{city.label} — {city.zone}")) for city in cities
    ]


def _region_candidates(atlas: Atlas, regions: Iterable[Region]) -> list[_Candidate]:
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
