"""The progress chart: a phone-sized PNG for 0, 1, 5 and 36 sessions, bars in zone colours."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.domain.progress import SessionPoint
from bot.domain.zones import Zone
from bot.reports.chart import ZONE_COLOURS, phone_chart, positions, report_chart
from tests.reports.conftest import MakeReport

PHONE = (1080, 1350)
MAX_CHART_BYTES = 150_000
BOT = Path(__file__).resolve().parents[2] / "bot"


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    red, green, blue = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return red, green, blue


def _has_colour(image: Image.Image, colour: str, tolerance: int = 10) -> bool:
    want = _rgb(colour)
    rgb = image.convert("RGB")
    colours = rgb.getcolors(maxcolors=1 << 16) or []
    return any(all(abs(a - b) <= tolerance for a, b in zip(found, want, strict=True))
               for count, found in colours if count >= 200)


@pytest.mark.parametrize("sessions", [0, 1, 5, 36])
async def test_the_chart_is_a_phone_sized_png_in_budget(make_report: MakeReport,
                                                        sessions: int) -> None:
    data = (await make_report(sessions)).chart
    png = phone_chart(data)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == PHONE
    assert len(png) <= MAX_CHART_BYTES
    # The legend names the zones drawn; with nothing drawn yet, every zone it will use.
    zones = {point.zone for point in data.points} or {Zone.GREEN, Zone.AMBER, Zone.RED}
    assert len(data.points) == sessions
    for zone in (Zone.GREEN, Zone.AMBER, Zone.RED):
        assert _has_colour(image, ZONE_COLOURS[zone]) is (zone in zones), zone


async def test_the_weeks_ahead_are_shown_and_bars_stay_in_their_week(
    make_report: MakeReport
) -> None:
    points = list((await make_report(36)).chart.points)
    xs = positions(points)
    assert xs == sorted(xs)
    for x, point in zip(xs, points, strict=True):
        assert point.week - 0.4 < x < point.week + 0.4


def test_a_second_session_on_one_day_has_a_bar_of_its_own() -> None:
    first = SessionPoint(day=date(2027, 1, 4), week=1, level=1,
                         done_fraction=1.0, zone=Zone.GREEN, peak=2)
    second = replace(first, zone=Zone.RED, peak=6)
    later = replace(first, day=first.day + timedelta(days=2))
    xs = positions([first, second, later])
    assert len(set(xs)) == 3


async def test_the_report_version_is_wide(make_report: MakeReport) -> None:
    image = Image.open(io.BytesIO(report_chart((await make_report(5)).chart)))
    width, height = image.size
    assert width > 2 * height


def test_no_rendering_code_uses_pyplot() -> None:
    # pyplot keeps global state and is not safe in worker threads.
    imports = re.compile(r"^\s*(import matplotlib\.pyplot|from matplotlib(\.pyplot)? import "
                         r"(.*\bpyplot\b)?)", re.MULTILINE)
    users = [path for path in BOT.rglob("*.py")
             if any("pyplot" in found.group(0) for found in imports.finditer(path.read_text()))]
    assert users == []
