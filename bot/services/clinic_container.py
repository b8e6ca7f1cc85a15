"""The clinic's use cases bound to the database and clock, and the files a client page offers.

``ClientFiles`` is the port for the progress chart and the one-page report: the same
renderer as the user's own /progress and /report, reached only after the link is checked.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.clock import Clock
from bot.domain.clinic import Action
from bot.services import clinic, clinic_signup
from bot.services.clinic_clients import ClientLine, ClientPage
from bot.services.questions import Question
from bot.storage.db import Database


class ClientFiles(Protocol):
    """The progress chart (PNG) and the one-page report (PDF) of one user."""

    async def chart(self, user_id: int) -> bytes:
        """The progress chart."""
        ...

    async def report(self, user_id: int, *, name: str | None = None) -> bytes:
        """The one-page report, headed by ``name``."""
        ...


class Clinic:
    """Remote support: registering, invites, linking, client pages and changes."""

    def __init__(self, db: Database, clock: Clock, files: ClientFiles) -> None:
        self._db, self._clock, self._files = db, clock, files

    def _now(self) -> datetime:
        return self._clock.now()

    async def register(self, user_id: int) -> clinic_signup.Registration:
        """/clinic: where registering stands, asking what is still missing."""
        return await clinic_signup.register(self._db, user_id, self._now())

    async def answer_registration(self, user_id: int, question: Question, text: str,
                                  zone: str | None = None) -> clinic_signup.Registration | None:
        """A typed answer to a registering question; None to ask again."""
        return await clinic_signup.answer_registration(self._db, user_id, question, text, zone,
                                                self._now())

    async def new_invite(self, clinician_id: int) -> clinic_signup.NewInvite:
        """A new invite code."""
        return await clinic_signup.new_invite(self._db, clinician_id, self._now())

    async def invites(self, clinician_id: int) -> list[clinic_signup.InviteView]:
        """The clinician's open invites."""
        return await clinic_signup.invites(self._db, clinician_id, self._now())

    async def revoke_invite(self, clinician_id: int, invite_id: int) -> bool:
        """Revoke one of the clinician's open invites."""
        return await clinic_signup.revoke_invite(self._db, clinician_id, invite_id, self._now())

    async def open_invite(self, user_id: int, code: str) -> clinic_signup.Offer:
        """Who an invite comes from (``InviteRefused`` when it links nobody)."""
        return await clinic_signup.open_invite(self._db, user_id, code, self._now())

    async def accept_invite(self, user_id: int, first_name: str, code: str) -> clinic_signup.Offer:
        """"Share with <name>": link the user to the clinician."""
        return await clinic_signup.accept_invite(self._db, user_id, first_name, code, self._now())

    async def sharing(self, user_id: int) -> list[clinic.SharedWith]:
        """Whom the user shares with."""
        return await clinic.sharing(self._db, user_id)

    async def unlink(self, user_id: int, clinician_id: int) -> clinic.Unlinked | None:
        """Stop sharing with one clinician."""
        return await clinic.unlink(self._db, user_id, clinician_id)

    async def clients(self, clinician_id: int) -> list[ClientLine]:
        """The clinician's clients."""
        return await clinic.clients(self._db, clinician_id, self._now())

    async def page(self, clinician_id: int, client_id: int) -> ClientPage:
        """A linked client's page."""
        return await clinic.page(self._db, clinician_id, client_id, self._now())

    async def find_client(self, clinician_id: int, named: str) -> int:
        """The clinician's own client named by id or first name."""
        return await clinic.find_client(self._db, clinician_id, named)

    async def chart(self, clinician_id: int, client_id: int) -> tuple[str, bytes]:
        """A linked client's name and progress chart, checked against the link first."""
        name = await clinic.check_access(self._db, clinician_id, client_id)
        return name, await self._files.chart(client_id)

    async def report(self, clinician_id: int, client_id: int) -> tuple[str, bytes]:
        """A linked client's name and one-page report, checked against the link first."""
        name = await clinic.check_access(self._db, clinician_id, client_id)
        return name, await self._files.report(client_id, name=name)

    async def start_adjust(self, clinician_id: int, client_id: int, action: Action,
                           level: int | None = None) -> clinic.AdjustAsked:
        """/adjust: check the change, then ask its reason."""
        return await clinic.start_adjust(self._db, clinician_id, client_id, action, level,
                                         self._now())

    async def finish_adjust(self, clinician_id: int,
                            text: str) -> clinic.Adjusted | clinic.NotMade | None:
        """The reason for the change waiting: make it."""
        return await clinic.finish_adjust(self._db, clinician_id, text, self._now())
