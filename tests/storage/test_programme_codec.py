from datetime import UTC, date, datetime

from bot.domain import progression
from bot.domain.programme import ClinicianSet, Ending, SessionReport
from bot.domain.zones import Sign
from bot.storage import programme_codec


def test_a_lived_programme_survives_the_round_trip() -> None:
    programme, _ = progression.start_programme(4, date(2027, 1, 4))
    reports = [
        SessionReport(date(2027, 1, 6), peak=2, morning=3),
        SessionReport(date(2027, 1, 8), peak=7, signs=frozenset({Sign.LIMP})),
        SessionReport(date(2027, 1, 11), Ending.STOPPED_OTHER, done_fraction=0.4),
    ]
    for report in reports:
        programme, _ = progression.after_session(programme, report)
    programme, _ = progression.start_flare(programme, date(2027, 1, 12))
    programme, _ = progression.flare_checkin(
        programme, 4, datetime(2027, 1, 13, 8, 0, tzinfo=UTC)
    )
    assert programme_codec.load(programme_codec.dump(programme)) == programme


def test_an_unknown_format_is_refused() -> None:
    programme, _ = progression.start_programme(4, date(2027, 1, 4))
    data = programme_codec.dump(programme) | {"format": 99}
    try:
        programme_codec.load(data)
    except ValueError as error:
        assert "format" in str(error)
    else:
        raise AssertionError("a future format must not be read as this one")


def test_a_programme_stored_before_format_2_still_reads() -> None:
    programme, _ = progression.start_programme(8, date(2027, 1, 4))
    data = programme_codec.dump(programme) | {"format": 1}
    for key in ("floor_start", "first_session", "lowered_at", "deferred"):
        del data[key]
    loaded = programme_codec.load(data)
    assert loaded.floor_start and loaded.level == 0 and loaded.deferred == ()
    programme, _ = progression.after_session(programme, SessionReport(date(2027, 1, 6), peak=2))
    data = programme_codec.dump(programme) | {"format": 1}
    for record in data["history"]:
        for key in ("peak", "morning", "signs", "baseline", "counts", "ref"):
            del record[key]
    assert programme_codec.load(data).history[0].counts


def test_a_clinicians_level_kept_during_a_hold_reads_back_as_it_was() -> None:
    event = ClinicianSet(4, "Dr Sam (physiotherapist)", "tolerating well", date(2027, 1, 4))
    assert programme_codec.load_event(programme_codec.dump_event(event)) == event
