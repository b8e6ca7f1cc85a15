"""``runback simulate SCENARIO.json [--json]``: replay a scenario through the coaching engine.

One row per scenario entry (plus a row whenever a gap rule fires on return), showing the level
done, its jogging time, the zone and the decision with its rule — so a clinician can check the
progression rules on a made-up history before a user lives through them. Every event goes
through ``bot.domain.engine.apply``, in order, as in the chat: sessions (also a second one on
the same day), late morning answers, weekly averages, overrides, flares and their check-ins,
pauses, a red-flag hold and its clearance, and the answer to the offer of the levels beyond
level 8 (``opt_in``: true or false).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from bot.config import CoachSettings
from bot.domain import engine, ladder
from bot.domain.programme import (
    BeyondTopAnswered,
    Event,
    FlareCheckIn,
    FlareReported,
    MorningAnswer,
    OverrideAsked,
    Paused,
    Resumed,
    Returned,
    SessionDone,
    WeeklyAverage,
)
from bot.domain.progression import (
    Decision,
    Ending,
    NotInFlare,
    Override,
    Programme,
    SessionReport,
    next_level,
    start_programme,
)
from bot.domain.rules import COMPLETED_FRACTION, PAIN_MAX, PAIN_MIN
from bot.domain.zones import Sign
from bot.reports.reasons import explain

EXIT_OK = 0
EXIT_BAD_SCENARIO = 2
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Flare check-ins fall daily, at the default morning check-in time.
CHECKIN_TIME = CoachSettings().morning_checkin_time
SESSION_FIELDS = frozenset({"peak", "morning", "signs", "stopped", "done_fraction", "same_day"})
EVENT_FIELDS = ("skip", "gap_days", "override", "weekly_average", "flare", "checkin",
                "late_morning", "pause_days", "hold", "clear", "opt_in")
STOPPED = {"pain": Ending.STOPPED_PAIN, "other": Ending.STOPPED_OTHER}


class ScenarioError(Exception):
    """The scenario file is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class Scenario:
    """A parsed scenario: usual pain, first day, training weekdays and the entries in order."""

    baseline: int
    start: date
    weekdays: frozenset[int]
    entries: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class Row:
    """One line of the replay."""

    entry: int
    day: date
    event: str
    level: int
    decision: Decision

    def as_json(self, n: int) -> dict[str, Any]:
        """The row as a JSON object; ``n`` numbers the rows from 1."""
        return {
            "n": n,
            "entry": self.entry,
            "date": self.day.isoformat(),
            "event": self.event,
            "level": self.level,
            "jog_seconds": ladder.level(self.level).total_jog_seconds,
            "zone": self.decision.zone.value if self.decision.zone else None,
            "next_level": self.decision.level,
            "next_jog_seconds": ladder.level(self.decision.level).total_jog_seconds,
            "rule": self.decision.rule.value,
            "advise_clinician": self.decision.advise_clinician,
            "inputs": dict(self.decision.inputs),
            "explanation": explain(self.decision),
        }


def run(argv: list[str]) -> int:
    """Run the ``simulate`` subcommand with the arguments after its name; the exit code."""
    parser = argparse.ArgumentParser(
        prog="runback simulate", description="Replay a scenario through the coaching rules."
    )
    parser.add_argument("scenario", type=Path, help="scenario JSON file")
    parser.add_argument("--json", action="store_true", help="one JSON object per row")
    parser.add_argument("--explain", action="store_true", help="say why under each row")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse reports usage errors itself, then exits
        return stop.code if isinstance(stop.code, int) else EXIT_BAD_SCENARIO
    try:
        scenario = load(args.scenario)
        rows = replay(scenario)
    except ScenarioError as error:
        print(f"runback simulate: {args.scenario}: {error}", file=sys.stderr)
        return EXIT_BAD_SCENARIO
    if args.json:
        for n, row in enumerate(rows, start=1):
            print(json.dumps(row.as_json(n), ensure_ascii=False))
    else:
        print_table(scenario, rows, sys.stdout, with_reasons=args.explain)
    return EXIT_OK


def load(path: Path) -> Scenario:
    """Read and check a scenario file; ScenarioError says what is wrong and where."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(f"cannot read the file ({error.strerror})") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioError(
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    return parse(data)


def parse(data: object) -> Scenario:
    """Check the scenario's top-level fields and every entry."""
    if not isinstance(data, dict):
        raise ScenarioError("the scenario must be a JSON object")
    unknown = sorted(set(data) - {"baseline", "start", "days", "sessions"})
    if unknown:
        raise ScenarioError(f"{unknown[0]}: unknown field")
    for name in ("baseline", "start", "days", "sessions"):
        if name not in data:
            raise ScenarioError(f"{name}: missing")
    baseline = _pain(data["baseline"], "baseline")
    start = _date(data["start"], "start")
    weekdays = _weekdays(data["days"])
    entries = data["sessions"]
    if not isinstance(entries, list):
        raise ScenarioError("sessions: must be a list")
    for index, entry in enumerate(entries):
        _check_entry(entry, f"sessions[{index}]")
    return Scenario(baseline, start, weekdays, tuple(entries))


def _pain(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not PAIN_MIN <= value <= PAIN_MAX:
        raise ScenarioError(
            f"{where}: pain must be a whole number from {PAIN_MIN} to {PAIN_MAX}, got {value!r}"
        )
    return value


def _date(value: object, where: str) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ScenarioError(f"{where}: must be a date like 2027-01-04, got {value!r}")


def _weekdays(value: object) -> frozenset[int]:
    if not isinstance(value, list) or not value:
        raise ScenarioError('days: must be a non-empty list of weekdays like ["mon", "wed"]')
    days: set[int] = set()
    for index, name in enumerate(value):
        if not isinstance(name, str) or name.lower() not in WEEKDAYS:
            raise ScenarioError(f"days[{index}]: unknown day {name!r} (use {', '.join(WEEKDAYS)})")
        days.add(WEEKDAYS.index(name.lower()))
    return frozenset(days)


def _check_entry(entry: object, where: str) -> None:
    if not isinstance(entry, dict):
        raise ScenarioError(f"{where}: must be a JSON object")
    kinds = [name for name in EVENT_FIELDS if name in entry]
    if len(kinds) > 1:
        raise ScenarioError(f"{where}.{kinds[1]}: cannot be combined with {kinds[0]}")
    if not kinds:
        _check_session(entry, where)
        return
    kind = kinds[0]
    extra = sorted(set(entry) - {kind})
    if extra:
        raise ScenarioError(f"{where}.{extra[0]}: not allowed with {kind}")
    _EVENT_CHECKS[kind](entry[kind], f"{where}.{kind}")


def _true(value: object, where: str) -> None:
    if value is not True:
        raise ScenarioError(f"{where}: must be true, got {value!r}")


def _gap_days(value: object, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ScenarioError(f"{where}: must be a whole number of days, 1 or more, got {value!r}")


def _yes_no(value: object, where: str) -> None:
    if not isinstance(value, bool):
        raise ScenarioError(f"{where}: must be true or false, got {value!r}")


def _override(value: object, where: str) -> None:
    if value not in [choice.value for choice in Override]:
        raise ScenarioError(f'{where}: must be "easier" or "harder", got {value!r}')


_EVENT_CHECKS: dict[str, Callable[[object, str], object]] = {
    "skip": _true,
    "gap_days": _gap_days,
    "override": _override,
    "weekly_average": _pain,
    "flare": _true,
    "checkin": _pain,
    "late_morning": _pain,
    "pause_days": _gap_days,
    "hold": _true,
    "clear": _true,
    "opt_in": _yes_no,
}


def _check_session(entry: Mapping[str, object], where: str) -> None:
    unknown = sorted(set(entry) - SESSION_FIELDS)
    if unknown:
        raise ScenarioError(f"{where}.{unknown[0]}: unknown field")
    if "same_day" in entry and entry["same_day"] is not True:
        raise ScenarioError(f"{where}.same_day: must be true, got {entry['same_day']!r}")
    stopped = entry.get("stopped")
    if stopped is not None and stopped not in STOPPED:
        raise ScenarioError(f'{where}.stopped: must be "pain" or "other", got {stopped!r}')
    fraction = entry.get("done_fraction", 1.0)
    if "done_fraction" in entry and stopped is None:
        raise ScenarioError(f"{where}.done_fraction: only for a session that was stopped")
    if isinstance(fraction, bool) or not isinstance(fraction, int | float):
        raise ScenarioError(f"{where}.done_fraction: must be a number from 0 to 1")
    if not 0 <= fraction <= 1:
        raise ScenarioError(f"{where}.done_fraction: must be from 0 to 1, got {fraction!r}")
    not_counted = stopped == "other" and fraction < COMPLETED_FRACTION
    if "peak" in entry or not not_counted:
        if "peak" not in entry:
            raise ScenarioError(f"{where}.peak: missing (peak pain during the session)")
        _pain(entry["peak"], f"{where}.peak")
    if entry.get("morning") is not None:
        _pain(entry["morning"], f"{where}.morning")
    signs = entry.get("signs", [])
    if not isinstance(signs, list):
        raise ScenarioError(f'{where}.signs: must be a list like ["limp"]')
    known = [sign.value for sign in Sign]
    for index, sign in enumerate(signs):
        if sign not in known:
            raise ScenarioError(
                f"{where}.signs[{index}]: unknown sign {sign!r} (use {', '.join(known)})"
            )


class _Replay:
    """Walks the calendar: sessions fall on the scenario's weekdays, in order."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.programme: Programme = start_programme(scenario.baseline, scenario.start)[0]
        self.today = scenario.start  # day of the latest dated event
        self.earliest = scenario.start  # first day the next session may fall on
        self.held = False
        self.rows: list[Row] = []

    def next_training_day(self) -> date:
        day = self.earliest
        while day.weekday() not in self.scenario.weekdays:
            day += timedelta(days=1)
        self.today, self.earliest = day, day + timedelta(days=1)
        return day

    def add(self, entry: int, event: str, level: int, decision: Decision) -> None:
        self.rows.append(Row(entry, self.today, event, level, decision))

    def apply(self, entry: int, name: str, event: Event) -> None:
        """Apply one event; a row for each decision it brings (also those kept on hold)."""
        before = next_level(self.programme)
        try:
            applied = engine.apply(self.programme, event, held=self.held)
        except NotInFlare as error:
            raise ScenarioError(f"sessions[{entry}].{name}: {error}") from error
        self.programme = applied.programme
        for decision in applied.settled:
            self.add(entry, "clear", before, decision)
            before = decision.level
        if applied.decision is not None:
            self.add(entry, name, before, applied.decision)

    def session(self, entry: int, fields: Mapping[str, Any]) -> None:
        day = self.today if fields.get("same_day") and self.rows else self.next_training_day()
        self.apply(entry, "return", Returned(day))
        report = _report(day, fields)
        self.apply(entry, _session_event(fields), SessionDone(report, len(self.rows)))

    def event(self, entry: int, fields: Mapping[str, Any]) -> None:
        name = next(name for name in EVENT_FIELDS if name in fields)
        value = fields[name]
        if name == "gap_days":
            self.earliest += timedelta(days=value)
        elif name == "checkin":
            self.next_day()
            at = datetime.combine(self.today, CHECKIN_TIME, UTC)
            self.apply(entry, name, FlareCheckIn(value, at))
        elif name == "late_morning":
            self.late_morning(entry, value)
        elif name == "pause_days":
            self.apply(entry, "pause", Paused(self.today))
            self.today += timedelta(days=value)
            self.earliest = max(self.earliest, self.today)
            self.apply(entry, "resume", Resumed(self.today))
        elif name in ("hold", "clear"):
            self.held = name == "hold"
            if not self.held:
                settled = engine.settle(self.programme)
                level = next_level(self.programme)
                self.programme = settled.programme
                for decision in settled.settled:
                    self.add(entry, "clear", level, decision)
                    level = decision.level
        else:
            self.apply(entry, name, _plain_event(name, value, self.today))

    def next_day(self) -> None:
        self.today += timedelta(days=1)
        self.earliest = max(self.earliest, self.today)

    def late_morning(self, entry: int, pain: int) -> None:
        """The next-morning answer to the latest session, given a day later than it."""
        sessions = [r for r in self.programme.history if r.ref is not None]
        if not sessions:
            raise ScenarioError(f"sessions[{entry}].late_morning: no session to answer about")
        self.next_day()
        last = sessions[-1]
        self.apply(entry, "late_morning", MorningAnswer(last.day, pain, self.today, last.ref))


def _plain_event(name: str, value: Any, today: date) -> Event:
    if name == "override":
        return OverrideAsked(Override(value).value, today)
    if name == "weekly_average":
        return WeeklyAverage(value, today)
    if name == "opt_in":
        return BeyondTopAnswered(bool(value), today)
    return FlareReported(today)


def _session_event(fields: Mapping[str, Any]) -> str:
    if fields.get("same_day"):
        return "same_day"
    if fields.get("skip"):
        return "skip"
    return f"stopped_{fields['stopped']}" if "stopped" in fields else "session"


def _report(day: date, fields: Mapping[str, Any]) -> SessionReport:
    if fields.get("skip"):
        return SessionReport(day, Ending.SKIPPED)
    stopped = fields.get("stopped")
    return SessionReport(
        day,
        STOPPED[stopped] if stopped else Ending.COMPLETED,
        fields.get("peak"),
        fields.get("morning"),
        frozenset(Sign(sign) for sign in fields.get("signs", [])),
        float(fields.get("done_fraction", 1.0)),
    )


def replay(scenario: Scenario) -> list[Row]:
    """Feed every entry to the engine in order; the rows of the table."""
    walk = _Replay(scenario)
    for index, fields in enumerate(scenario.entries):
        if "skip" in fields or not any(name in fields for name in EVENT_FIELDS):
            walk.session(index, fields)
        else:
            walk.event(index, fields)
    return walk.rows


HEADER = ("#", "date", "event", "level", "jog", "zone", "next", "rule")


def print_table(scenario: Scenario, rows: list[Row], out: TextIO, with_reasons: bool) -> None:
    """The replay as an aligned text table, optionally with the reason under each row."""
    days = ", ".join(WEEKDAYS[day] for day in sorted(scenario.weekdays))
    start = ladder.starting_level(scenario.baseline)
    print(
        f"usual pain {scenario.baseline}/{PAIN_MAX}; level {start} from "
        f"{scenario.start.isoformat()}; sessions on {days}",
        file=out,
    )
    lines = [HEADER] + [
        (
            str(n),
            row.day.isoformat(),
            row.event,
            str(row.level),
            ladder.clock(ladder.level(row.level).total_jog_seconds),
            row.decision.zone.value if row.decision.zone else "-",
            str(row.decision.level),
            row.decision.rule.value
            + (" (see a clinician)" if row.decision.advise_clinician else ""),
        )
        for n, row in enumerate(rows, start=1)
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    for index, line in enumerate(lines):
        cells = [
            cell.rjust(w) if i in (0, 3, 4, 6) else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells).rstrip(), file=out)
        if with_reasons and index:
            print(f"    {explain(rows[index - 1].decision)}", file=out)
