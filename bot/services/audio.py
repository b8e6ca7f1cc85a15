"""Use cases of the session audio tracks: which track a session needs, rendered only once.

A track is rendered the first time anyone asks for it and kept on disk under its key (a hash
of its sounds, the renderer's version and the voice of its words, if any); once Telegram holds
it, its file_id is kept in the database and the track is re-sent by that id, so a thousand
reminders cost no encoding at all.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.audio import speech, track
from bot.audio.score import Score, flare_score, session_score
from bot.domain.ladder import FLOOR_LEVEL, clock
from bot.services.sessions import NoSession
from bot.services.today import today
from bot.storage import audio_tracks, programmes
from bot.storage import sessions as store
from bot.storage.db import Database

PERFORMER = "runback"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Track:
    """A rendered session track, ready to send: by ``file_id`` when Telegram has it."""

    key: str
    title: str  # "runback — Level 3 — 30:00"
    seconds: int
    path: Path
    file_id: str | None
    flare: bool = False  # the flare walk
    spoken: bool = False  # words after the cues, besides the tones
    performer: str = PERFORMER

    @property
    def filename(self) -> str:
        """The name the file is uploaded under."""
        return f"runback-{self.key[:8]}.{track.EXTENSION}"


def title_of(score: Score) -> str:
    """The track's title in the music player: "runback — Level 3 — 30:00"."""
    return f"{PERFORMER} — {score.name} — {clock(score.seconds)}"


async def next_score(db: Database, user_id: int, now: datetime) -> Score:
    """The score of the user's next session: the flare walk while flare mode stands.

    Raises what /today raises (not set up, on hold, paused)."""
    view = await today(db, user_id, now)
    return flare_score() if view.flare else session_score(view.level)


async def score_of_session(db: Database, user_id: int, session_id: int) -> Score:
    """The score of one of the user's sessions (NoSession for anyone else's)."""
    async with db.transaction() as session:
        row = await store.get_session(session, session_id)
        if row is None or row.user_id != user_id:
            raise NoSession
        programme = await programmes.load(session, user_id)
        flare = programme is not None and programme.flare is not None
        return flare_score() if flare and row.level == FLOOR_LEVEL else session_score(row.level)


class TrackCache:
    """Rendered tracks on disk under ``folder``; one render at a time per track.

    With ``speak``, the words are spoken where the server has a speech engine; a server that
    gains or loses one keys its tracks anew, so no file is re-sent with the wrong sound.
    """

    def __init__(self, db: Database, folder: Path, *, speak: bool = True) -> None:
        self._db = db
        self._folder = folder
        self._voice = speech.voice() if speak else None
        self._locks: dict[str, asyncio.Lock] = {}

    async def ready(self, score: Score) -> Track:
        """The score's track, rendered now if it never was (in a thread: the loop goes on)."""
        try:
            return await self._ready(score, self._voice)
        except speech.SpeechFailed as error:
            log.warning("speech failed, session tracks have tones only from now on: %s", error)
            self._voice = None
            return await self._ready(score, None)

    async def _ready(self, score: Score, voice: speech.Voice | None) -> Track:
        key = score.key(track.VERSION, voice.name if voice else None)
        path = self._folder / f"{key}.{track.EXTENSION}"
        title = title_of(score)
        async with self._locks.setdefault(key, asyncio.Lock()):
            if not path.exists():
                await asyncio.to_thread(_render, score, path, title, voice)
        async with self._db.transaction() as session:
            file_id = await audio_tracks.file_id(session, key)
        return Track(key, title, score.seconds, path, file_id, score.flare, voice is not None)

    async def sent(self, key: str, file_id: str, now: datetime) -> None:
        """Telegram holds the track now: re-send it by ``file_id`` from here on."""
        async with self._db.transaction() as session:
            await audio_tracks.remember(session, key, file_id, now)

    async def forgotten(self, key: str) -> None:
        """Telegram refused the kept file_id: upload the file again next time."""
        async with self._db.transaction() as session:
            await audio_tracks.forget(session, key)


def _render(score: Score, path: Path, title: str, voice: speech.Voice | None) -> None:
    """Render beside ``path`` and move it in place, so no one ever reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.{os.getpid()}.partial.{track.EXTENSION}")
    try:
        track.render(score, partial, title, PERFORMER, voice)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
