"""The use cases with their database, clock and settings bound: what the chat layer calls.

Each feature is one small class over the service module that holds its rules; the
composition root (``bot/app.py``) builds one ``Services`` and every handler reaches it as
``context.services``. Nothing here decides anything: it only supplies the database, "now"
and the coach's settings, so a handler passes what the user said and nothing else.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from bot.clock import Clock
from bot.config import Settings
from bot.domain.cue_modes import CueMode
from bot.domain.live import LiveClock
from bot.domain.outcomes import CloseChoice, Item
from bot.domain.pausing import PauseProblem, PauseRequest
from bot.domain.safety import RedFlag, SafetyOutcome
from bot.domain.week import Weekday
from bot.domain.zones import Sign
from bot.reports.chart import phone_chart
from bot.reports.pdf import report_pdf
from bot.services import (
    account,
    audio,
    checkins,
    coaching,
    export,
    flare_messages,
    health,
    onboarding,
    outcomes,
    progress,
    questions,
    reminder_actions,
    restarts,
    safety,
    schedule,
    session_checkin,
    sessions,
    time_away,
    updates,
)
from bot.services import settings as preferences
from bot.services.clinic_container import Clinic
from bot.services.rendering import Renderer, ThreadRenderer
from bot.services.schedule_change import Unchanged, change_schedule
from bot.services.today import TodayView, today
from bot.storage.db import Database


class _Bound:
    """What every feature needs from outside: the database, the clock and the settings."""

    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self._db, self._clock, self._settings = db, clock, settings

    def _now(self) -> datetime:
        return self._clock.now()

    @property
    def _morning_at(self) -> time:
        return self._settings.coach.morning_checkin_time


class Account(_Bound):
    """Starting over, deleting everything, and a user who blocked the bot."""

    async def version(self, user_id: int) -> str | None:
        """A stamp of the account as it is, for the confirm buttons."""
        return await account.version(self._db, user_id)

    async def reset(self, user_id: int, stamp: str) -> onboarding.Prompt | None:
        """Start over from the first question; None when the stamp is stale."""
        return await account.reset(self._db, user_id, stamp, self._now())

    async def delete(self, user_id: int, stamp: str) -> account.Erased | None:
        """Delete everything about the user; None when the stamp is stale."""
        return await account.delete(self._db, user_id, stamp)

    async def blocked(self, user_id: int) -> None:
        """The user blocked the bot: stop writing to them."""
        await account.blocked(self._db, user_id, self._now())


class Onboarding(_Bound):
    """The first conversation: questions, answers and where the user is in it."""

    async def start(self, user_id: int) -> onboarding.Prompt:
        """/start: the first question, or where the user left off."""
        return await onboarding.start(self._db, user_id, self._now())

    async def current(self, user_id: int) -> onboarding.Prompt | None:
        """The question the user is on; None for someone never seen."""
        return await onboarding.current(self._db, user_id, self._now())

    async def answer(self, user_id: int, at: str | None, value: str | onboarding.Location,
                     *, consent_shown: bool = False) -> onboarding.Reply:
        """An answer to the question ``at`` (None: whatever is being asked now).

        ``consent_shown``: it was pressed on the message showing the consent text.
        """
        return await onboarding.answer(self._db, user_id, at, value, self._now(),
                                       consent_shown=consent_shown)


class Coaching(_Bound):
    """Today, the plan, and the user's own say in the dose: easier, harder, flares."""

    async def today(self, user_id: int) -> TodayView:
        """What today holds (a gap rule is applied first, if one is due)."""
        return await today(self._db, user_id, self._now())

    async def plan(self, user_id: int) -> coaching.PlanView:
        """The level, what moves it up and the recent decisions."""
        return await coaching.plan(self._db, user_id, self._now())

    async def version(self, user_id: int) -> str:
        """A stamp of the programme as it is, for buttons that act on it."""
        return await coaching.version(self._db, user_id)

    async def make_easier(self, user_id: int) -> coaching.Outcome:
        """/easier."""
        return await coaching.make_easier(self._db, user_id, self._now())

    async def make_harder(self, user_id: int) -> coaching.Outcome:
        """/harder."""
        return await coaching.make_harder(self._db, user_id, self._now())

    async def start_flare(self, user_id: int) -> coaching.Outcome:
        """Flare mode begins, with its daily message from tomorrow morning."""
        outcome = await coaching.start_flare(self._db, user_id, self._now())
        await flare_messages.flare_started(self._db, user_id, self._now(), self._morning_at)
        return outcome

    async def flare_checkin(self, user_id: int, pain: int) -> coaching.Outcome:
        """A pain score during a flare."""
        return await coaching.flare_checkin(self._db, user_id, pain, self._now())

    async def answer_beyond_top(self, user_id: int, opted_in: bool) -> coaching.Outcome | None:
        """Yes or no to the levels beyond level 8; None when no offer stands."""
        return await coaching.answer_beyond_top(self._db, user_id, self._now(), opted_in)


class Safety(_Bound):
    """Red flags: the screening questions, symptoms in messages, and lifting a hold."""

    async def answer_screen(self, user_id: int, emergency: bool, said_yes: bool,
                            flag: RedFlag | None = None) -> SafetyOutcome | None:
        """An answer to a flare screening question (``flag``: which red flag a yes named);
        the hold it starts, if any."""
        return await safety.answer_screen(self._db, user_id, emergency, said_yes, self._now(),
                                          flag)

    async def confirm_symptom(self, user_id: int, flag: RedFlag,
                              new_and_now: bool) -> safety.Held | None:
        """The answer to "is this new, and happening now?": only a yes holds the programme."""
        return await safety.confirm_symptom(self._db, user_id, flag, new_and_now, self._now())

    async def hold(self, user_id: int) -> SafetyOutcome | None:
        """The red flag that holds the user's programme, if one stands."""
        return await safety.hold(self._db, user_id)

    async def cancer_history_known(self, user_id: int) -> bool:
        """True once the user has answered the history-of-cancer question."""
        return await safety.cancer_history_known(self._db, user_id)

    async def clear_hold(self, user_id: int) -> safety.Lift:
        """The one-tap clearance; refused for an emergency, which needs /cleared."""
        return await safety.clear_hold(self._db, user_id, self._now())

    async def begin_clearance(self, user_id: int) -> SafetyOutcome | None:
        """/cleared: the hold that stands; for an emergency, ask who cleared the user."""
        return await safety.begin_clearance(self._db, user_id, self._now())

    async def waiting_for_clinician(self, user_id: int) -> bool:
        """True while /cleared waits for the name of who cleared the user."""
        return await safety.waiting_for_clinician(self._db, user_id)

    async def name_clinician(self, user_id: int, text: str) -> tuple[date, ...] | None:
        """Store who cleared the user; the days the clearance may be dated, or None."""
        return await safety.name_clinician(self._db, user_id, text, self._now())

    async def cleared_on(self, user_id: int, day: date) -> str | None:
        """The day a named clinician cleared the user: the hold lifts; who cleared them."""
        return await safety.cleared_on(self._db, user_id, day, self._now())


class Sessions(_Bound):
    """Training sessions: starting, pausing, stopping, and what a live session needs."""

    async def start(self, user_id: int, pain_now: int | None = None) -> sessions.LiveView:
        """Start a session now, at the coach's time scale."""
        scale = self._settings.coach.time_scale
        return await sessions.start(self._db, user_id, self._clock, scale, pain_now)

    async def load_live(self, session_id: int) -> sessions.LiveView | None:
        """A running session as it is stored; None once it has ended."""
        return await sessions.load_live(self._db, session_id)

    async def live_sessions(self) -> list[sessions.LiveView]:
        """Every running session, after a restart."""
        return await sessions.live_sessions(self._db)

    async def paused_live(self, user_id: int) -> int | None:
        """The user's running session that stands paused, if any."""
        return await sessions.paused_live(self._db, user_id)

    async def announce_change(self, session_id: int | None) -> None:
        """Tell the scheduler's process that a live session changed (None: a user's, ids
        unknown)."""
        await sessions.announce_change(self._db, session_id)

    async def set_status_messages(self, message_ids: dict[int, int]) -> None:
        """Store each session's status message id."""
        await sessions.set_status_messages(self._db, message_ids)

    async def finish_live(self, session_id: int) -> bool:
        """The last phase is over; False when the session was stopped a moment ago."""
        return await sessions.finish_live(self._db, session_id, self._now())

    async def pause(self, user_id: int, session_id: int) -> LiveClock:
        """Pause a running session."""
        return await sessions.pause(self._db, user_id, session_id, self._now())

    async def resume(self, user_id: int, session_id: int) -> LiveClock:
        """Resume a paused session."""
        return await sessions.resume(self._db, user_id, session_id, self._now())

    async def mark_pause_asked(self, session_id: int) -> bool:
        """True once, when a long pause is due to be asked about."""
        return await sessions.mark_pause_asked(self._db, session_id, self._now())

    async def pause_deadline(self, session_id: int) -> datetime | None:
        """When a paused session's long-pause question is due."""
        return await sessions.pause_deadline(self._db, session_id)

    async def last_without_morning(self, user_id: int) -> int | None:
        """The last session still missing its next-morning answer."""
        return await sessions.last_without_morning(self._db, user_id, self._now())

    async def check_running(self, user_id: int, session_id: int) -> None:
        """Raise ``NoSession`` unless the session is the user's and running."""
        await sessions.check_running(self._db, user_id, session_id)

    async def stop(self, user_id: int, session_id: int, reason: str, *,
                   to_checkin: bool = False) -> sessions.Stopped:
        """Stop a session for ``reason``."""
        return await sessions.stop(self._db, user_id, session_id, reason, self._now(),
                                   to_checkin=to_checkin)

    async def finished(self, user_id: int, session_id: int) -> sessions.Stopped | None:
        """"Finished" under an audio session: to the check-in, or None when too early."""
        return await sessions.finished(self._db, user_id, session_id, self._now())

    async def finish_walk(self, user_id: int, session_id: int) -> float | None:
        """End a flare walk that is long enough; the minutes walked, or None to stop it as
        any session."""
        return await sessions.finish_walk(self._db, user_id, session_id, self._now())

    async def discard(self, user_id: int, session_id: int) -> sessions.Stopped:
        """Throw a long-paused session away (one at least 80% done goes to its check-in)."""
        return await sessions.discard(self._db, user_id, session_id, self._now())


class Checkins(_Bound):
    """The answers after a session: peak pain, warning signs, next morning, weekly."""

    async def record_peak(self, user_id: int, session_id: int, pain: int, *,
                          update_id: int | None = None) -> session_checkin.Answered:
        """The peak pain during a session (the first answer wins); ``update_id``, the update
        carrying it, is marked handled in the same transaction."""
        return await session_checkin.record_peak(self._db, user_id, session_id, pain,
                                                 self._now(), update_id=update_id)

    async def toggle_sign(self, user_id: int, session_id: int, sign: Sign) -> list[Sign]:
        """Tick or untick a warning sign; the signs now picked."""
        return await session_checkin.toggle_sign(self._db, user_id, session_id, sign)

    async def finish(self, user_id: int, session_id: int, *,
                     no_signs: bool = False) -> coaching.Outcome:
        """The check-in is complete: the session is judged."""
        return await session_checkin.finish(self._db, user_id, session_id, self._now(),
                                            self._morning_at, no_signs=no_signs)

    async def record_morning_pain(self, user_id: int, session_id: int,
                                  pain: int) -> checkins.Recorded:
        """The next-morning pain after a session."""
        return await checkins.record_morning_pain(self._db, user_id, session_id, pain,
                                                  self._now())

    async def record_weekly_pain(self, user_id: int, reminder_id: int,
                                 pain: int) -> checkins.Recorded:
        """The weekly average pain."""
        return await checkins.record_weekly_pain(self._db, user_id, reminder_id, pain,
                                                 self._now())

    async def answer_flare_message(self, user_id: int, reminder_id: int,
                                   pain: int) -> flare_messages.FlareAnswer:
        """The 0–10 answer to one daily flare message."""
        return await flare_messages.answer_flare_message(self._db, user_id, reminder_id, pain,
                                                         self._now())

    async def open_flare_message(self, user_id: int) -> int | None:
        """The recent daily flare message still waiting for an answer, if any."""
        return await flare_messages.open_flare_message(self._db, user_id, self._now())


class Schedule(_Bound):
    """Training days, time and zone; pausing and resuming the programme."""

    async def current(self, user_id: int) -> schedule.ScheduleView:
        """The schedule as it is."""
        return await schedule.current(self._db, user_id, self._now(), self._morning_at)

    async def change(self, user_id: int, wanted: str) -> schedule.ScheduleView | Unchanged:
        """/schedule with what the user typed after it: new days, time or zone."""
        return await change_schedule(self._db, user_id, wanted, self._now(), self._morning_at)

    async def change_time(self, user_id: int, at: time) -> schedule.ScheduleView:
        """A new reminder time; the next reminders follow at once."""
        return await schedule.change_time(self._db, user_id, at, self._now(), self._morning_at)

    async def pause(self, user_id: int, wanted: str) -> PauseRequest | PauseProblem:
        """/pause with what the user typed after it."""
        return await schedule.pause(self._db, user_id, wanted, self._now())

    async def check_not_paused(self, user_id: int) -> None:
        """Raise ``schedule.Paused`` while the user's programme is paused."""
        await schedule.check_not_paused(self._db, user_id)

    async def resume(self, user_id: int) -> schedule.Resumed:
        """/resume."""
        return await schedule.resume(self._db, user_id, self._now(), self._morning_at)


class UserSettings(_Bound):
    """/settings: each part of the schedule, set by a tap or a typed answer."""

    async def view(self, user_id: int) -> schedule.ScheduleView:
        """The settings as they are."""
        return await schedule.current(self._db, user_id, self._now(), self._morning_at)

    async def change_days(self, user_id: int,
                          days: tuple[Weekday, ...]) -> schedule.ScheduleView:
        """New training days (``preferences.WrongDayCount`` unless the plan takes that many)."""
        return await preferences.change_days(self._db, user_id, days, self._now(),
                                          self._morning_at)

    async def change_time(self, user_id: int, at: time) -> schedule.ScheduleView:
        """A new session reminder time."""
        return await schedule.change_time(self._db, user_id, at, self._now(), self._morning_at)

    async def change_morning_time(self, user_id: int, at: time) -> schedule.ScheduleView:
        """The user's own morning check-in time."""
        return await schedule.change_morning_time(self._db, user_id, at, self._now(),
                                                  self._morning_at)

    async def change_zone(self, user_id: int, zone: str) -> schedule.ScheduleView:
        """A new time zone (one of those offered)."""
        return await schedule.change_zone(self._db, user_id, zone, self._now(),
                                          self._morning_at)

    async def change_cue_mode(self, user_id: int, mode: CueMode) -> schedule.ScheduleView:
        """How the next sessions' cues arrive: in the chat, as an audio track, or both."""
        return await schedule.change_cue_mode(self._db, user_id, mode, self._now(),
                                              self._morning_at)

    async def find_zone(self, text: str) -> preferences.ZoneFound:
        """The zone a typed place means, or the zones to pick from."""
        return await preferences.find_zone(text, self._now())

    def read_time(self, text: str) -> time | None:
        """A typed time of day, or None."""
        return preferences.read_time(text)


class Reminders(_Bound):
    """The buttons on a session reminder."""

    async def start_now(self, user_id: int, reminder_id: int,
                        message_id: int | None) -> reminder_actions.Press:
        """"Start now"."""
        return await reminder_actions.start_session_now(self._db, user_id, reminder_id,
                                                        message_id, self._now())

    async def put_off(self, user_id: int, reminder_id: int, message_id: int | None,
                      minutes: int) -> reminder_actions.Press:
        """"Later": ask again in ``minutes``."""
        return await reminder_actions.put_off(self._db, user_id, reminder_id, message_id,
                                              minutes, self._now())

    async def skip_today(self, user_id: int, reminder_id: int,
                         message_id: int | None) -> reminder_actions.Press:
        """"Skip today"."""
        return await reminder_actions.skip_today(self._db, user_id, reminder_id, message_id,
                                                 self._now())

    async def skip_today_said(self, user_id: int) -> reminder_actions.Press | None:
        """"Skip today" in words: today's session reminder, sent or not; None if none."""
        return await reminder_actions.skip_today_said(self._db, user_id, self._now())

    async def move_to_tomorrow(self, user_id: int, reminder_id: int,
                               message_id: int | None) -> reminder_actions.Press:
        """"Move to tomorrow"."""
        return await reminder_actions.move_to_tomorrow(self._db, user_id, reminder_id,
                                                       message_id, self._now())


class Questions(_Bound):
    """Which question a typed answer answers: a 0–10 score or a short yes, no or command."""

    async def asked(self, user_id: int, question: questions.Question,
                    ref: int | None = None) -> None:
        """A question was just asked in the chat."""
        await questions.asked(self._db, user_id, question, self._now(), ref)

    async def closed(self, user_id: int, question: questions.Question | None = None) -> None:
        """The question asked in the chat (if given, only that one) no longer waits."""
        await questions.closed(self._db, user_id, question)

    async def take_setting(self, user_id: int) -> questions.Waiting | None:
        """The setting this message answers, if one waits for a typed value."""
        return await questions.take_setting(self._db, user_id, self._now())

    async def drop_setting(self, user_id: int) -> None:
        """No setting waits for a typed value any more."""
        await questions.drop_setting(self._db, user_id)

    async def waiting(self, user_id: int) -> tuple[questions.Waiting, ...]:
        """What waits for the user's answer: a running session's controls, then the latest
        question asked."""
        return await questions.waiting(self._db, user_id, self._now())


class TimeAway(_Bound):
    """Time away said in plain words."""

    async def pause(self, user_id: int, text: str) -> PauseRequest | PauseProblem:
        """"I'm on holiday until the 20th": reminders pause until that day."""
        return await time_away.pause_for_time_away(self._db, user_id, text, self._now())


class Updates(_Bound):
    """Each Telegram update handled once, and what a restart asks again."""

    async def was_handled(self, update_id: int) -> bool:
        """Whether the update was handled already (Telegram delivered it again)."""
        return await updates.was_handled(self._db, update_id)

    async def mark_handled(self, update_id: int) -> None:
        """The update has been handled."""
        await updates.mark_handled(self._db, update_id, self._now())

    async def forget_old(self) -> int:
        """Forget handled updates too old to be delivered again."""
        return await updates.forget_old(self._db, self._now())

    async def checkins_to_ask_again(self) -> list[restarts.WaitingCheckIn]:
        """After a restart: the recent check-ins still unanswered, each returned once ever."""
        return await restarts.checkins_to_ask_again(self._db, self._now())


class Outcomes(_Bound):
    """The outcome snapshots of weeks 0, 6 and 12 and the choice at the end of the programme."""

    async def begin_baseline(self, user_id: int) -> outcomes.SnapshotStep:
        """The week-0 snapshot, begun (or where it stands)."""
        return await outcomes.begin_baseline(self._db, user_id, self._now())

    async def answer(self, user_id: int, snapshot_id: int, item: Item | None,
                     value: int) -> outcomes.SnapshotStep:
        """One answer to a snapshot (``item`` None: the question it waits on)."""
        return await outcomes.answer(self._db, user_id, snapshot_id, item, value, self._now())

    async def skip(self, user_id: int, snapshot_id: int) -> outcomes.SnapshotStep:
        """The rest of a snapshot put aside."""
        return await outcomes.skip(self._db, user_id, snapshot_id, self._now())

    async def close(self, user_id: int, choice: CloseChoice,
                    days: tuple[Weekday, ...] = ()) -> outcomes.Closed:
        """The choice at the end of the programme."""
        return await outcomes.close(self._db, user_id, choice, days, self._now(),
                                    self._morning_at)


class AudioTracks(_Bound):
    """Each session as one audio track, rendered once and re-sent by Telegram's file_id."""

    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        super().__init__(db, clock, settings)
        self._cache = audio.TrackCache(db, Path(settings.audio.cache_dir),
                                       speak=settings.audio.speech == "auto")

    async def for_next_session(self, user_id: int) -> audio.Track:
        """The track of the user's next session (the flare walk during a flare)."""
        return await self._cache.ready(await audio.next_score(self._db, user_id, self._now()))

    async def for_session(self, user_id: int, session_id: int) -> audio.Track:
        """The track of one of the user's sessions (``NoSession`` for anyone else's)."""
        return await self._cache.ready(
            await audio.score_of_session(self._db, user_id, session_id))

    async def sent(self, key: str, file_id: str) -> None:
        """Telegram took the track and named it ``file_id``."""
        await self._cache.sent(key, file_id, self._now())

    async def forgotten(self, key: str) -> None:
        """Telegram no longer knows the track's file_id."""
        await self._cache.forgotten(key)


class Health(_Bound):
    """Whether the bot can do its work, for the operator's health check."""

    async def database_reachable(self) -> bool:
        """True when the database answers a query now."""
        return await health.database_reachable(self._db)


class Progress(_Bound):
    """/progress, /report and /export: the user's trend, a page for a clinician, the record.

    ``chart`` and ``report`` render whichever user's data they are given and check no access
    themselves, so a clinician's view of a client calls them as they are.
    """

    def __init__(self, db: Database, clock: Clock, settings: Settings,
                 renderer: Renderer) -> None:
        super().__init__(db, clock, settings)
        self._renderer = renderer

    async def summary(self, user_id: int) -> progress.Progress:
        """The figures under the chart (``NoProgramme`` before set-up is done)."""
        return await progress.progress(self._db, user_id, self._now())

    async def view(self, user_id: int) -> tuple[progress.Progress, bytes | None]:
        """/progress: the figures, and the chart once there is a session to show."""
        figures, data = await progress.progress_and_chart(self._db, user_id, self._now())
        if figures.sessions == 0:
            return figures, None
        return figures, await self._renderer.run(phone_chart, data)

    async def chart(self, user_id: int) -> bytes:
        """The progress chart as a phone-sized PNG."""
        data = await progress.chart_data(self._db, user_id, self._now())
        return await self._renderer.run(phone_chart, data)

    async def report(self, user_id: int, *, name: str | None = None) -> bytes:
        """The one-page PDF report for a clinician, headed by ``name`` when given."""
        data = await progress.report_data(self._db, user_id, self._now(), name=name)
        return await self._renderer.run(report_pdf, data)

    async def export(self, user_id: int) -> export.ExportFiles:
        """The whole record as a JSON document and CSV files."""
        return await export.export(self._db, user_id, self._now())


class Services:
    """Every use case the chat layer calls, grouped by feature, bound once at start-up."""

    def __init__(self, db: Database, clock: Clock, settings: Settings,
                 renderer: Renderer | None = None) -> None:
        self.clock = clock
        self.account = Account(db, clock, settings)
        self.onboarding = Onboarding(db, clock, settings)
        self.coaching = Coaching(db, clock, settings)
        self.safety = Safety(db, clock, settings)
        self.sessions = Sessions(db, clock, settings)
        self.checkins = Checkins(db, clock, settings)
        self.schedule = Schedule(db, clock, settings)
        self.settings = UserSettings(db, clock, settings)
        self.reminders = Reminders(db, clock, settings)
        self.questions = Questions(db, clock, settings)
        self.updates = Updates(db, clock, settings)
        self.time_away = TimeAway(db, clock, settings)
        self.outcomes = Outcomes(db, clock, settings)
        self.audio = AudioTracks(db, clock, settings)
        self.health = Health(db, clock, settings)
        self.progress = Progress(db, clock, settings, renderer or ThreadRenderer())
        self.clinic = Clinic(db, clock, self.progress)

    def now(self) -> datetime:
        """The current moment, from the bound clock."""
        return self.clock.now()
