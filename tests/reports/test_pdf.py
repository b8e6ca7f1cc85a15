"""The one-page report: always exactly one A4 page, naming the level and every decision."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import pypdfium2 as pdfium
from pypdf import PdfReader

from bot.domain.decisions import Decision, Rule
from bot.domain.progress import OutcomeFigures
from bot.domain.safety import RedFlag, SafetyOutcome
from bot.reports import wording
from bot.reports.chart import ZONE_COLOURS
from bot.reports.pdf import entries, report_pdf
from bot.reports.reasons import explain
from bot.reports.record import DecisionRecord, HoldRecord
from tests.reports.conftest import MakeReport
from tests.reports.helpers import pdf_text

MAX_PDF_BYTES = 300_000
A4_POINTS = (595, 842)


def _read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, pdf_text(reader)


async def test_twelve_weeks_fit_one_a4_page_with_every_decision(make_report: MakeReport) -> None:
    data = await make_report(36)
    pdf = report_pdf(data)
    reader, text = _read(pdf)
    assert len(reader.pages) == 1 and len(pdf) <= MAX_PDF_BYTES
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    assert text.startswith("runback progress report — Ada Programme week 12 of 12")
    assert f"Level: {data.summary.level} now, started at 1" in text
    assert data.summary.pain_change is not None
    assert (f"Weekly average pain since week 1: {wording.signed(data.summary.pain_change)} on "
            "0–10 (ASTEROID trial: −1.5, i.e. −15.3/100)") in text
    assert "Usual back pain at set-up: 3/10; pain for more than a year" in text
    assert "Exercise readiness (PAR-Q+), yes to: none" in text
    assert wording.NO_EVENTS in text
    assert len(data.decisions) > 36
    for record in data.decisions:
        assert explain(record.decision) in text
    assert "earlier decisions" not in text
    assert wording.SECTION_SNAPSHOTS not in text


def _decision(day: date, level: int, rule: Rule, **inputs: int | str | None) -> DecisionRecord:
    return DecisionRecord(day, level, Decision(level, rule, dict(inputs)))


async def test_a_long_history_of_different_decisions_still_fits_one_page(
    make_report: MakeReport
) -> None:
    data = await make_report(5)
    start = date(2027, 1, 4)
    many = [_decision(start + timedelta(days=n), n % 8,
                      Rule.DROP_RED if n % 2 else Rule.ADVANCE, completed_at_level=n,
                      session_level=n % 8 + 1)
            for n in range(160)]
    reader, text = _read(report_pdf(replace(data, decisions=many)))
    assert len(reader.pages) == 1
    left_out = int(text.split(" earlier decisions are in /export.")[0].split()[-1])
    assert 0 < left_out < 160
    assert explain(many[-1].decision) in text  # the newest are kept
    assert explain(many[0].decision) not in text


def test_identical_reasons_in_a_row_are_one_line_with_their_span_and_count() -> None:
    day = date(2027, 1, 11)
    hold = Decision(2, Rule.HOLD_NOT_ENOUGH_SESSIONS, {})
    records = [DecisionRecord(day, 2, hold), DecisionRecord(day + timedelta(days=2), 2, hold),
               DecisionRecord(day + timedelta(days=4), 2, Decision(3, Rule.ADVANCE,
                                                                   {"completed_at_level": 3})),
               DecisionRecord(day + timedelta(days=7), 3, Decision(3, Rule.HOLD_AMBER, {}))]
    lines = [entry.label() for entry in entries(records)]
    assert lines == [
        f"11 Jan–13 Jan (×2) · 2→2 · {explain(hold)}",
        f"15 Jan · 2→3 · {explain(records[2].decision)}",
        f"18 Jan · 3→3 · {explain(records[3].decision)}",
    ]


async def test_holds_clearances_flares_and_snapshots_are_shown(make_report: MakeReport) -> None:
    data = await make_report(5)
    held = HoldRecord(date(2027, 1, 8), SafetyOutcome.EMERGENCY, RedFlag.SADDLE_NUMBNESS,
                      cleared_on=date(2027, 1, 10), cleared_by="Dr Patel, A&E")
    standing = HoldRecord(date(2027, 1, 12), SafetyOutcome.SEE_DOCTOR, RedFlag.FEVER, None, None)
    flare = _decision(date(2027, 1, 13), 0, Rule.FLARE_START)
    screening = replace(data.screening, red_flags=((RedFlag.CANCER, date(2027, 1, 3)),),
                        cleared_on=date(2027, 1, 3))
    snapshots = (OutcomeFigures(0, 5, 4), OutcomeFigures(6, 3, 2, (("Confidence", "7/10"),)))
    shown = replace(data, holds=(held, standing), screening=screening,
                    decisions=(*data.decisions, flare), snapshots=snapshots)
    reader, text = _read(report_pdf(shown))
    assert len(reader.pages) == 1
    assert "Red flags at set-up (3 Jan 2027): history of cancer (3 Jan 2027)" in text
    assert "Clinician's clearance confirmed at set-up: 3 Jan 2027" in text
    assert ("8 Jan 2027: saddle numbness — emergency advice given; cleared by Dr Patel, A&E "
            "on 10 Jan 2027") in text
    assert "12 Jan 2027: fever or feeling unwell — advised to see a doctor; on hold" in text
    assert "13 Jan 2027: flare reported, flare mode began" in text
    assert wording.SECTION_SNAPSHOTS in text
    assert "Week 0: average pain 5/10 (50/100), current pain 4/10 (40/100)" in text
    assert "Confidence: 7/10" in text


async def test_a_report_with_no_name_is_headed_by_the_title_alone(
    make_report: MakeReport
) -> None:
    data = await make_report(1)
    _, text = _read(report_pdf(replace(data, name=None)))
    assert text.startswith(f"{wording.REPORT_TITLE} Programme week 1 of 12")


async def test_the_page_shows_the_chart_in_its_zone_colours(make_report: MakeReport) -> None:
    data = await make_report(36)
    page = pdfium.PdfDocument(report_pdf(data))[0]
    image = page.render(scale=1).to_pil().convert("RGB")
    width, height = image.size
    assert abs(width / height - A4_POINTS[0] / A4_POINTS[1]) < 0.01
    colours = {colour for count, colour in image.getcolors(maxcolors=1 << 18) or []
               if count >= 50}
    for zone in {point.zone for point in data.chart.points}:
        want = tuple(int(ZONE_COLOURS[zone][i:i + 2], 16) for i in (1, 3, 5))
        assert any(all(abs(a - b) <= 12 for a, b in zip(found, want, strict=True))
                   for found in colours), zone
