"""Clinic alerts and digests as chat messages, sent through the paced sender."""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.clinic_alerts import Alert, Queued, Sent
from bot.services.reminders import Delivery
from bot.telegram import clinic_keyboards, texts
from bot.telegram.sender import Outgoing, TelegramOutbox

_AGAIN = frozenset({Delivery.FLOOD, Delivery.UNREACHABLE})


def render(item: Queued) -> Outgoing:
    """The message one queued alert or digest becomes."""
    if isinstance(item, Alert):
        level = item.facts.get("level")
        return Outgoing(item.clinician_id, texts.alert(item.kind, item.client_name, level),
                        clinic_keyboards.open_client(item.client_id, item.client_name))
    return Outgoing(item.clinician_id, texts.digest(item.clients),
                    clinic_keyboards.clients(item.clients))


class ClinicOutbox:
    """Renders and sends clinic messages; one outcome each."""

    def __init__(self, sender: TelegramOutbox) -> None:
        self.sender = sender

    async def send_all(self, due: Sequence[Queued]) -> list[tuple[Sent, int | None]]:
        """Send each; a timed-out send counts as sent (it usually arrived), as for reminders."""
        results = await self.sender.send_all([render(item) for item in due])
        return [(Sent.SENT if r.delivery in (Delivery.SENT, Delivery.UNCERTAIN)
                 else Sent.AGAIN if r.delivery in _AGAIN else Sent.GONE, r.message_id)
                for r in results]
