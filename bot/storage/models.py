"""The database tables: users, safety answers and holds, check-ins, sessions, decisions and
the audio tracks Telegram holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Time,
    TypeDecorator,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    """One person in a private chat; the id is their Telegram user id (== chat id)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    onboarding_step: Mapped[str] = mapped_column(String(32))
    # The items ticked so far on the screening list being asked ("fever,cancer").
    screening_picks: Mapped[str | None] = mapped_column(String(128), default=None)
    revision: Mapped[int] = mapped_column(Integer, default=0)  # bumped by every restart
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    safety_stop: Mapped[str | None] = mapped_column(String(32), default=None)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    pain_duration: Mapped[str | None] = mapped_column(String(32), default=None)
    baseline_pain: Mapped[int | None] = mapped_column(Integer, default=None)
    running_history: Mapped[str | None] = mapped_column(String(32), default=None)
    training_days: Mapped[str | None] = mapped_column(String(32), default=None)
    reminder_time: Mapped[time | None] = mapped_column(Time, default=None)
    timezone: Mapped[str | None] = mapped_column(String(64), default=None)
    programme_start: Mapped[date | None] = mapped_column(Date, default=None)
    # The user's own morning check-in time; None: the coach's configured time.
    morning_checkin_time: Mapped[time | None] = mapped_column(Time, default=None)
    # How session cues arrive (bot.domain.cue_modes.CueMode): chat, audio or both.
    cue_mode: Mapped[str] = mapped_column(String(8), default="chat", server_default="chat")

    safety_answers: Mapped[list[SafetyAnswer]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )


class SafetyAnswer(Base):
    """One answer to one screening question, kept with the moment it was given."""

    __tablename__ = "safety_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(32))
    answer: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="safety_answers")


class CheckIn(Base):
    """A 0–10 pain rating (and any warning signs) at one moment of the programme."""

    __tablename__ = "check_ins"
    __table_args__ = (Index("ix_check_ins_user_kind_time", "user_id", "kind", "recorded_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), default=None
    )
    kind: Mapped[str] = mapped_column(String(16))
    pain: Mapped[int] = mapped_column(Integer)
    signs: Mapped[list[str]] = mapped_column(JSON, default=list)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TrainingSession(Base):
    """One planned, live, completed, stopped or skipped walk/jog session."""

    __tablename__ = "sessions"
    __table_args__ = (
        Index("ix_sessions_user_day", "user_id", "local_date"),
        Index("ix_sessions_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    level: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    stop_reason: Mapped[str | None] = mapped_column(String(16), default=None)
    done_fraction: Mapped[float | None] = mapped_column(Float, default=None)
    zone: Mapped[str | None] = mapped_column(String(8), default=None)
    scale: Mapped[float] = mapped_column(Float, default=1.0)
    pauses: Mapped[list[list[str | None]]] = mapped_column(JSON, default=list)
    status_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    pause_asked: Mapped[bool] = mapped_column(Boolean, default=False)
    signs: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Set once a restart has asked its check-in question again, so the next one does not.
    checkin_asked_again: Mapped[bool] = mapped_column(Boolean, default=False,
                                                      server_default=false())
    # Started during flare mode: a walk of 10–30 minutes, as is comfortable, not the ladder's.
    flare_walk: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The user's cue mode when the session started: a change in /settings waits for the next.
    cue_mode: Mapped[str] = mapped_column(String(8), default="chat", server_default="chat")


class AudioTrack(Base):
    """A rendered session track Telegram already holds: re-sent by ``file_id``, not uploaded.

    ``key`` names the track's sounds and renderer (``bot.audio.score.Score.key``); the rows
    hold no personal data, so they stay when a user is deleted.
    """

    __tablename__ = "audio_tracks"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    file_id: Mapped[str] = mapped_column(String(256))
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Decision(Base):
    """A change (or deliberate non-change) of level, with the rule and inputs behind it."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_user_time", "user_id", "decided_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), default=None
    )
    from_level: Mapped[int] = mapped_column(Integer)
    to_level: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(48))
    zone: Mapped[str | None] = mapped_column(String(8), default=None)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    advise_clinician: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProgrammeState(Base):
    """A user's coaching state (level, baseline, history) as the engine last left it."""

    __tablename__ = "programmes"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- Reminders and pauses --------------------------------------------------------------------
# Scheduled messages live here, not in memory: the database is the only truth, so a restart
# or a second process rebuilds everything from these rows.


class Reminder(Base):
    """One scheduled message to one user; (user, slot, local date) is its durable identity."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_identity", "user_id", "slot", "local_date", unique=True),
        Index("ix_reminders_status_due", "status", "due_at"),
        Index("ix_reminders_user_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    slot: Mapped[str] = mapped_column(String(16))
    local_date: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    snoozed: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # What the message says, when it was decided as it was first claimed (the end of a pause
    # applies the gap rules once): a message put back in the queue says it again.
    decided: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class Pause(Base):
    """A user's pause: no reminders until ``until`` (the first day back) or /resume."""

    __tablename__ = "pauses"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    paused_at: Mapped[datetime] = mapped_column(UTCDateTime)
    until: Mapped[date | None] = mapped_column(Date, default=None)


class Hold(Base):
    """A red-flag hold on a programme after onboarding, and how it was cleared.

    Open while ``cleared_at`` is unset. After an emergency flag the clearance names who
    cleared the user (``cleared_by``) and on which local day (``cleared_on``);
    ``clearance_asked_at`` marks a clearance under way.
    """

    __tablename__ = "holds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(32))
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    clearance_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    cleared_by: Mapped[str | None] = mapped_column(String(200), default=None)
    cleared_on: Mapped[date | None] = mapped_column(Date, default=None)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class AskedQuestion(Base):
    """The question last asked in the chat itself (not by a reminder), so a typed answer
    answers it: "pain right now", "the morning after", a flare check-in, a confirmation, or
    a setting waiting for a typed time, place or date.

    One row per user: asking another question replaces it. ``ref`` is what the question is
    about (a session id, or the decision count a flare check-in was asked at).
    """

    __tablename__ = "asked_questions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    question: Mapped[str] = mapped_column(String(16))
    ref: Mapped[int | None] = mapped_column(BigInteger, default=None)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HandledUpdate(Base):
    """A Telegram update already handled, so one delivered again after a crash does nothing."""

    __tablename__ = "handled_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


# --- Outcomes ----------------------------------------------------------------------------------
# What the trial measured, kept per programme week so a report can read it back as it was given.


class WeeklyPainRow(Base):
    """The average back pain over one programme week: one answer per user and week."""

    __tablename__ = "weekly_pain"
    __table_args__ = (PrimaryKeyConstraint("user_id", "week"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    week: Mapped[int] = mapped_column(Integer)
    pain: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OutcomeSnapshot(Base):
    """The outcome measures at week 0, 6 or 12: pain (past week, now) and three beliefs, 0–10.

    Answers arrive one at a time, so each may be unset; ``skipped_at`` marks one put aside.
    """

    __tablename__ = "outcome_snapshots"
    __table_args__ = (Index("ix_outcome_snapshots_user_week", "user_id", "week", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    week: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    average_pain: Mapped[int | None] = mapped_column(Integer, default=None)
    current_pain: Mapped[int | None] = mapped_column(Integer, default=None)
    confidence: Mapped[int | None] = mapped_column(Integer, default=None)
    fear: Mapped[int | None] = mapped_column(Integer, default=None)
    load: Mapped[int | None] = mapped_column(Integer, default=None)
    skipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class ProgrammeCloseRow(Base):
    """The choice made at the end of the 12 weeks; the maintenance days for that choice."""

    __tablename__ = "programme_closes"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    choice: Mapped[str] = mapped_column(String(16))
    days: Mapped[str | None] = mapped_column(String(32), default=None)
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- Remote support by a clinician the user chose ---------------------------------------------
# A clinician is anyone who registered with /clinic; they need not follow the programme
# themselves, so their id (a Telegram user id) is not tied to a row of ``users``. A client is
# linked to a clinician only by pressing "Share" on that clinician's invite, and a link names
# a client who may not have finished setting up yet: it is not tied to ``users`` either, and
# erasing either side erases the link.


class Clinician(Base):
    """Someone who follows clients who chose them; ``asking`` is the typed question waiting
    for their answer (their name, profession, time zone or the reason for a change)."""

    __tablename__ = "clinicians"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str | None] = mapped_column(String(64), default=None)
    profession: Mapped[str | None] = mapped_column(String(64), default=None)
    timezone: Mapped[str | None] = mapped_column(String(64), default=None)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    asking: Mapped[str | None] = mapped_column(String(24), default=None)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The change ``/adjust`` waits to hear the reason for: client, action and level.
    adjusting: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    next_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None,
                                                            index=True)


class ClinicInvite(Base):
    """One invite link: only the hash of its code is kept; it works once, until it expires
    or is revoked."""

    __tablename__ = "clinic_invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clinician_id: Mapped[int] = mapped_column(
        ForeignKey("clinicians.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    used_by: Mapped[int | None] = mapped_column(BigInteger, default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class ClinicLink(Base):
    """A client shares their programme with a clinician: the only thing that lets the
    clinician see it."""

    __tablename__ = "clinic_links"
    __table_args__ = (
        Index("ix_clinic_links_pair", "clinician_id", "client_id", unique=True),
        Index("ix_clinic_links_client", "client_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("clinicians.id", ondelete="CASCADE"))
    client_id: Mapped[int] = mapped_column(BigInteger)
    client_name: Mapped[str] = mapped_column(String(128), default="")
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClinicMessage(Base):
    """An alert or a weekly digest for a clinician, queued in the transaction that caused it
    and sent by the clinic queue: at least once, confirmed with its message id."""

    __tablename__ = "clinic_messages"
    __table_args__ = (Index("ix_clinic_messages_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clinician_id: Mapped[int] = mapped_column(
        ForeignKey("clinicians.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int | None] = mapped_column(BigInteger, default=None, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)


def user_tables() -> list[Table]:
    """Every table about one user, parents first: ``users`` and each table with a ``user_id``.

    Export and erasure walk this list, so a new table about a user is covered by both.
    """
    return [table for table in Base.metadata.sorted_tables
            if table.name == User.__tablename__ or "user_id" in table.columns]
