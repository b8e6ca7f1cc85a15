"""Turn a claimed reminder into the message that carries it."""

from __future__ import annotations

from bot.domain.reminders import Slot
from bot.services.reminders import Due
from bot.telegram import keyboards, texts
from bot.telegram.sender import Outgoing


def render(due: Due) -> Outgoing:
    """The text and buttons of one reminder."""
    if due.slot is Slot.SESSION:
        return Outgoing(due.user_id, texts.session_reminder(due.level, again=due.snoozed > 0),
                        keyboards.session_reminder(due.reminder_id))
    if due.slot is Slot.MORNING_CHECKIN:
        return Outgoing(due.user_id, texts.MORNING_CHECKIN_QUESTION,
                        keyboards.checkin_pain(keyboards.MORNING_PAIN, due.session_id or 0))
    if due.slot is Slot.WEEKLY_CHECKIN:
        return Outgoing(due.user_id, texts.weekly_checkin_question(due.week),
                        keyboards.checkin_pain(keyboards.WEEKLY_PAIN, due.reminder_id))
    resumed = due.resumed
    return Outgoing(due.user_id, texts.resumed(resumed.reason if resumed else None,
                                               resumed.next_at if resumed else None,
                                               automatic=True))
