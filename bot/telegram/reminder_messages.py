"""Turn a claimed reminder into the message that carries it."""

from __future__ import annotations

from bot.domain.reminders import Slot
from bot.reports.reasons import explain, explain_if_any
from bot.services.reminders import Due
from bot.telegram import keyboards, texts
from bot.telegram.sender import Outgoing


def render(due: Due) -> Outgoing:
    """The text and buttons of one reminder."""
    if due.slot is Slot.SESSION:
        again = due.snoozed > 0
        text = (texts.flare_session_reminder(again) if due.flare
                else texts.session_reminder(due.level, again=again))
        return Outgoing(due.user_id, text, keyboards.session_reminder(due.reminder_id))
    if due.slot is Slot.FLARE_CHECKIN:
        return Outgoing(due.user_id, texts.FLARE_MESSAGE,
                        keyboards.flare_message_pain(due.reminder_id))
    if due.slot is Slot.MORNING_CHECKIN:
        # Morning check-ins are always planned for a session; without one no button could work.
        markup = keyboards.morning_pain(due.session_id) if due.session_id else None
        return Outgoing(due.user_id, texts.MORNING_CHECKIN_QUESTION, markup)
    if due.slot is Slot.WEEKLY_CHECKIN:
        summary = due.summary
        text = (texts.weekly_checkin_question(due.week) if summary is None
                else texts.weekly_summary(summary, [explain(d) for d in summary.decisions]))
        return Outgoing(due.user_id, text, keyboards.weekly_pain(due.reminder_id))
    resumed = due.resumed
    why = explain_if_any(resumed.decision) if resumed else None
    return Outgoing(due.user_id, texts.resumed(why, resumed.next_at if resumed else None,
                                               automatic=True))
