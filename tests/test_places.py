from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

import pytest

from bot.places import ZoneAnswer, ZoneChoice, resolve_zone, warm_up, zone_for_location

SUMMER = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
WINTER = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
ZONES = available_timezones()


@pytest.fixture(scope="module", autouse=True)
def _atlas() -> None:
    warm_up()


def zones_of(answer: ZoneAnswer) -> list[str]:
    return [choice.zone for choice in answer.choices]


def offset_hours(zone: str, now: datetime) -> float:
    offset = now.astimezone(ZoneInfo(zone)).utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600


# --- zone names and UTC ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  EUROPE/BERLIN ", "Europe/Berlin"),
        ("america/new york", "America/New_York"),
        ("America/New_York", "America/New_York"),
        ("america/port au prince", "America/Port-au-Prince"),
        ("Asia/Kathmandu", "Asia/Kathmandu"),
        ("Etc/GMT+5", "Etc/GMT+5"),
        ("utc", "UTC"),
        ("UTC", "UTC"),
        ("GMT", "UTC"),
        ("Z", "UTC"),
    ],
)
def test_zone_names(text: str, zone: str) -> None:
    assert resolve_zone(text, SUMMER) == ZoneAnswer(zone)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("EST", "America/New_York"),  # not tzdata's fixed-offset "EST"
        ("pst", "America/Los_Angeles"),
        ("CET", "Europe/Paris"),
        ("JST", "Asia/Tokyo"),
    ],
)
def test_common_abbreviations(text: str, zone: str) -> None:
    assert resolve_zone(text, SUMMER).zone == zone


def test_ambiguous_abbreviation_offers_choices() -> None:
    answer = resolve_zone("IST", SUMMER)
    assert answer.zone is None
    assert zones_of(answer) == ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]


# --- cities ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("London", "Europe/London"),  # London, Ontario is far smaller
        ("london", "Europe/London"),
        ("new york", "America/New_York"),
        ("New York City", "America/New_York"),
        ("NYC", "America/New_York"),
        ("la", "America/Los_Angeles"),
        ("SF", "America/Los_Angeles"),
        ("Tokyo", "Asia/Tokyo"),
        ("Paris", "Europe/Paris"),
        ("Zürich", "Europe/Zurich"),
        ("zurich", "Europe/Zurich"),
        ("São Paulo", "America/Sao_Paulo"),
        ("sao paulo", "America/Sao_Paulo"),
        ("Munich", "Europe/Berlin"),
        ("München", "Europe/Berlin"),
        ("Munchen", "Europe/Berlin"),
        ("Köln", "Europe/Berlin"),
        ("Kiev", "Europe/Kyiv"),
        ("Bombay", "Asia/Kolkata"),
        ("Saint-Étienne", "Europe/Paris"),
        ("Tromsø", "Europe/Oslo"),
        ("Kathmandu", "Asia/Kathmandu"),
        ("Auckland", "Pacific/Auckland"),
        ("Honolulu", "Pacific/Honolulu"),
        ("london.", "Europe/London"),
    ],
)
def test_cities(text: str, zone: str) -> None:
    assert resolve_zone(text, SUMMER) == ZoneAnswer(zone)


def test_same_name_in_several_zones_offers_choices() -> None:
    answer = resolve_zone("Springfield", SUMMER)
    assert answer.zone is None
    assert zones_of(answer)[:2] == ["America/Chicago", "America/New_York"]
    assert "America/Los_Angeles" in zones_of(answer)
    assert answer.choices[0] == ZoneChoice(
        "America/Chicago", "Springfield, MO, US — America/Chicago"
    )


def test_portland_offers_both_coasts() -> None:
    answer = resolve_zone("Portland", SUMMER)
    assert answer.zone is None
    assert answer.choices[0].label == "Portland, OR, US — America/Los_Angeles"
    assert answer.choices[1].label == "Portland, ME, US — America/New_York"


def test_choices_are_distinct_zones_and_capped() -> None:
    for text in ("Springfield", "Victoria", "Washington", "San Jose", "Kingston", "USA"):
        answer = resolve_zone(text, SUMMER)
        zones = zones_of(answer)
        assert 2 <= len(zones) <= 6, text
        assert len(set(zones)) == len(zones), text


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Portland, Oregon", "America/Los_Angeles"),
        ("Portland ME", "America/New_York"),
        ("Springfield, MA", "America/New_York"),
        ("London, Canada", "America/Toronto"),
        ("London UK", "Europe/London"),
        ("Paris, Texas", "America/Chicago"),
        ("Cambridge, MA", "America/New_York"),
    ],
)
def test_city_with_country_or_state(text: str, zone: str) -> None:
    assert resolve_zone(text, SUMMER) == ZoneAnswer(zone)


# --- countries and US states ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Germany", "Europe/Berlin"),
        ("japan", "Asia/Tokyo"),
        ("UK", "Europe/London"),
        ("Spain", "Europe/Madrid"),  # the Canaries are a small share
        ("India", "Asia/Kolkata"),
        ("Nepal", "Asia/Kathmandu"),
        ("Texas", "America/Chicago"),
        ("California", "America/Los_Angeles"),
    ],
)
def test_regions_with_one_main_zone(text: str, zone: str) -> None:
    assert resolve_zone(text, SUMMER) == ZoneAnswer(zone)


def test_countries_with_many_zones_offer_choices() -> None:
    usa = zones_of(resolve_zone("USA", SUMMER))
    assert usa[:3] == ["America/New_York", "America/Chicago", "America/Los_Angeles"]
    assert "Australia/Sydney" in zones_of(resolve_zone("Australia", SUMMER))


def test_country_and_state_of_the_same_name() -> None:
    zones = zones_of(resolve_zone("Georgia", SUMMER))
    assert "America/New_York" in zones
    assert "Asia/Tbilisi" in zones


# --- offsets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("UTC+5:45", "Asia/Kathmandu"),
        ("+05:45", "Asia/Kathmandu"),
        ("+05:30", "Asia/Kolkata"),  # Sri Lanka keeps the very same clock
        ("GMT+5.30", "Asia/Kolkata"),
        ("UTC+0530", "Asia/Kolkata"),
        ("UTC+0", "UTC"),
        ("UTC-12", "Etc/GMT+12"),  # no city keeps it, so the fixed zone
    ],
)
def test_offsets_with_one_answer(text: str, zone: str) -> None:
    assert resolve_zone(text, SUMMER) == ZoneAnswer(zone)


@pytest.mark.parametrize("now", [SUMMER, WINTER])
@pytest.mark.parametrize("text", ["UTC+2", "utc +2", "GMT+02:00", "+2"])
def test_ambiguous_offset_offers_zones_on_it_now(text: str, now: datetime) -> None:
    answer = resolve_zone(text, now)
    assert answer.zone is None
    assert 2 <= len(answer.choices) <= 6
    for choice in answer.choices:
        assert offset_hours(choice.zone, now) == 2
        assert choice.label.endswith("(UTC+2)")


def test_offset_choices_follow_the_season() -> None:
    assert "Europe/Berlin" in zones_of(resolve_zone("UTC+2", SUMMER))
    assert "Europe/Berlin" not in zones_of(resolve_zone("UTC+2", WINTER))
    assert "America/New_York" in zones_of(resolve_zone("GMT-5", WINTER))
    assert "America/New_York" not in zones_of(resolve_zone("GMT-5", SUMMER))


@pytest.mark.parametrize("hours", range(-12, 15))
def test_every_offset_lands_on_zones_with_that_offset(hours: int) -> None:
    answer = resolve_zone(f"UTC{hours:+d}", WINTER)
    zones = [answer.zone] if answer.zone else zones_of(answer)
    assert zones
    for zone in zones:
        assert zone in ZONES
        assert offset_hours(zone, WINTER) == hours


@pytest.mark.parametrize("text", ["UTC+15", "UTC-13", "+14:30", "UTC+5:75", "UTC+99"])
def test_offsets_out_of_range(text: str) -> None:
    assert resolve_zone(text, SUMMER) == ZoneAnswer(None, ())


# --- nothing --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "asdfgh", "???", "the moon", "Москва"])
def test_nothing_matched(text: str) -> None:
    answer = resolve_zone(text, SUMMER)
    assert answer == ZoneAnswer(None, ())
    assert not answer.found


def test_needs_aware_now() -> None:
    with pytest.raises(ValueError):
        resolve_zone("London", datetime(2024, 7, 1, 12, 0))


def test_every_answer_is_a_real_zone() -> None:
    for text in ("London", "Springfield", "USA", "Georgia", "UTC+2", "IST", "Victoria"):
        answer = resolve_zone(text, SUMMER)
        for zone in [answer.zone, *zones_of(answer)]:
            assert zone is None or zone in ZONES


# --- shared locations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude", "zone"),
    [
        (51.5072, -0.1276, "Europe/London"),
        (40.7128, -74.0060, "America/New_York"),
        (-36.8485, 174.7633, "Pacific/Auckland"),
        (27.7172, 85.3240, "Asia/Kathmandu"),
        (21.3069, -157.8583, "Pacific/Honolulu"),
        (50.80, -0.14, "Europe/London"),  # just off Brighton, in territorial waters
    ],
)
def test_zone_for_location(latitude: float, longitude: float, zone: str) -> None:
    assert zone_for_location(latitude, longitude) == zone


def test_open_ocean_has_no_zone() -> None:
    # timezonefinder would name a nautical zone (Etc/GMT+10) here; out at sea we ask instead.
    assert zone_for_location(0.0, -150.0) is None


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(91.0, 0.0), (0.0, 181.0), (float("nan"), 0.0), (0.0, float("inf"))]
)
def test_impossible_location_has_no_zone(latitude: float, longitude: float) -> None:
    assert zone_for_location(latitude, longitude) is None
