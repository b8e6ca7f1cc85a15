"""Remote support: registering as a clinician, invites, sharing, client pages, alerts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.domain.clinic import (
    Action,
    AlertKind,
    Flag,
    InviteProblem,
    LevelProblem,
    PainTrend,
    Shared,
)
from bot.domain.decisions import Decision
from bot.domain.ladder import FLOOR_LEVEL, TOP_LEVEL
from bot.services.clinic import SharedWith
from bot.services.clinic_clients import ClientLine, ClientPage
from bot.services.clinic_signup import InviteView, Offer

CLINIC_ASK_NAME = ("🩺 Registering as a clinician. Your clients will see your name and "
                   "profession before they choose to share.\n\nWhat name should they see? "
                   "(e.g. <i>Dr Sam Patel</i>)")
CLINIC_ASK_PROFESSION = "And your profession? (e.g. <i>physiotherapist</i>)"
CLINIC_ASK_ZONE = ("Which city or time zone are you in? Your weekly digest arrives on "
                   "Monday morning, your time.")
CLINIC_ANSWER_AGAIN = "Please type a short answer (up to 64 characters)."
CLINIC_ZONE_AGAIN = "I couldn't place that. Type a city (e.g. <i>Sydney</i>) or a zone name."
NOT_A_CLINICIAN = "That is for clinicians. Register first with /clinic."
NOT_YOUR_CLIENT = "That person isn't sharing with you, so I can't show or change anything."
TOO_MANY_INVITES = "You have many open invites already: revoke one before making another."
NEW_INVITE_BUTTON = "➕ New invite link"
REVOKE_BUTTON = "Revoke"
INVITE_REVOKED = "Revoked: that link no longer works."
INVITE_NOT_REVOKED = "That invite is already used, revoked or expired."
INVITES_NONE = "You have no open invites."

SHARED_LABELS: dict[Shared, str] = {
    Shared.LEVEL: "your level and plan",
    Shared.SESSIONS: "the sessions you do or skip, and how each went for your back",
    Shared.PAIN: "your 0–10 pain check-ins",
    Shared.DECISIONS: "every change of dose, with its reason",
    Shared.FLAGS: "red flags you report, holds, and flares",
    Shared.FILES: "a progress chart and a one-page report made from the above",
}
INVITE_PROBLEMS: dict[InviteProblem, str] = {
    InviteProblem.UNKNOWN: "That invite link isn't valid. Ask your clinician for a new one.",
    InviteProblem.EXPIRED: "That invite link has expired. Ask your clinician for a new one.",
    InviteProblem.REVOKED: "That invite link was withdrawn. Ask your clinician for a new one.",
    InviteProblem.USED: "That invite link has been used already. Each link works once.",
    InviteProblem.OWN: "That is your own invite link: send it to a client.",
    InviteProblem.SHARED: "You already share with them: /sharing shows who sees your progress.",
}
FLAG_LABELS: dict[Flag, str] = {
    Flag.RED_FLAG: "🚩 red-flag hold",
    Flag.FLARE: "🔥 flare",
    Flag.PAUSED: "⏸ paused",
    Flag.NOT_SET_UP: "still setting up",
}
TREND_LABELS: dict[PainTrend, str] = {
    PainTrend.BETTER: "pain easing",
    PainTrend.SAME: "pain steady",
    PainTrend.WORSE: "pain rising",
    PainTrend.UNKNOWN: "pain trend not known yet",
}
ALERT_TEXTS: dict[AlertKind, str] = {
    AlertKind.RED_SESSION: "had a RED session: the next one drops to level {level}.",
    AlertKind.TWO_REDS: "had two RED sessions in a row: the plan drops to level {level}.",
    AlertKind.RED_FLAG: "reported a red flag: their programme is on hold.",
    AlertKind.FLARE: "reported a back flare: they are on gentle walks until it settles.",
}
LEVEL_PROBLEMS: dict[LevelProblem, str] = {
    LevelProblem.OFF_LADDER: (f"Levels run from {FLOOR_LEVEL} to {TOP_LEVEL} (higher only for "
                              "a client who chose the levels beyond the top)."),
    LevelProblem.IN_FLARE: ("A flare is settling: sessions stay gentle walks until it does, "
                            "then resume two levels down. Set the level after that."),
    LevelProblem.FIRST_WEEK: ("They started on brisk walks because of high usual pain, and "
                              "nothing moves them up before that first week is over."),
}
ACTION_WORDS: dict[Action, str] = {
    Action.LEVEL: "set the level",
    Action.HOLD: "put the programme on hold",
    Action.CLEAR: "clear them to carry on after the hold",
}
SHARING_NONE = "You aren't sharing your progress with anyone."
UNLINK_NOTHING = "You aren't sharing with anyone, so there is nothing to stop."
UNLINK_PICK = "Stop sharing with whom? They lose access at once."
STALE_SHARE = "You no longer share with them."
CLIENTS_NONE = "No clients share with you yet. Send an invite link from /clinic."
CHART_BUTTON = "📈 Chart"
REPORT_BUTTON = "📄 Report"
ADJUST_BUTTON = "✏️ Adjust"
HOLD_BUTTON = "⏸ Hold the plan"
CLEAR_BUTTON = "✅ Clear after hold"
ADJUST_PICK = "Whose plan? Pick a client (or type /adjust <i>name</i> <i>level</i>)."
ADJUST_NOT_NOW = ("That can't be changed now: their set-up isn't finished, or a red-flag "
                  "hold stands (clear it first).")
NOTHING_TO_CLEAR = "Their programme isn't on hold, so there is nothing to clear."
ADJUST_USAGE = ("Type <i>/adjust name level</i> (e.g. <i>/adjust Ada 3</i>), "
                "<i>/adjust Ada hold</i> or <i>/adjust Ada clear</i>, or pick from /clients.")
REASON_AGAIN = "Please give a short reason (up to 300 characters); your client will read it."
SEVERAL_CLIENTS = ("More than one of your clients goes by that name: pick the one you mean "
                   "from /adjust.")


def zone_choices(zones: Sequence[str]) -> str:
    """A typed place that could be several zones."""
    return "Which one? Type it as written: " + ", ".join(escape(zone) for zone in zones)


def clinic_ready(name: str, profession: str, zone: str) -> str:
    """Registering is complete."""
    return (f"✅ You're registered as <b>{escape(name)}</b>, {escape(profession)} "
            f"({escape(zone)}).\n\nMake an invite link and send it to a client: they see who "
            "you are and what they would share, and only they can choose to share.")


def invite_url(bot_username: str, code: str) -> str:
    """The link that opens the bot with an invite code."""
    return f"https://t.me/{bot_username}?start={code}"


def client_report_file(name: str, day: date) -> str:
    """The name a client's one-page report is sent under: their name and the day."""
    safe = "".join(c if c.isalnum() else "-" for c in name).strip("-") or "client"
    return f"runback-report-{safe}-{day.isoformat()}.pdf"


def _local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def invite_link(bot_username: str, code: str, expires_at: datetime, zone: str) -> str:
    """A new invite link, shown once."""
    url = invite_url(bot_username, code)
    until = _local(expires_at, zone)
    return (f"🔗 Your invite link (works once, until {until:%d %b %Y, %H:%M}):\n{url}\n\n"
            "Send it to one client. I keep no copy of the code itself.")


def invites_list(open_invites: Sequence[InviteView]) -> str:
    """The clinician's open invites."""
    if not open_invites:
        return INVITES_NONE
    lines = [f"• made {_local(row.created_at, row.zone):%d %b %H:%M}, works until "
             f"{_local(row.expires_at, row.zone):%d %b %H:%M}" for row in open_invites]
    return "Open invites:\n" + "\n".join(lines)


def revoke_label(row: InviteView) -> str:
    """The button revoking one invite."""
    return f"{REVOKE_BUTTON} ({_local(row.created_at, row.zone):%d %b %H:%M})"


def invite_offer(offer: Offer) -> str:
    """Who asks to follow the person who opened an invite, and exactly what is shared."""
    shared = "\n".join(f"• {label}" for label in SHARED_LABELS.values())
    return (f"🩺 <b>{escape(offer.name)}</b> ({escape(offer.profession)}) would like to "
            f"follow your programme.\n\nIf you share, they will see:\n{shared}\n\nThey can "
            "also set your level or pause your plan, and you'll always be told who did it "
            "and why. Nothing else: not your chats with me. You can stop any time with "
            "/unlink.")


def share_label(name: str) -> str:
    """The one button that links."""
    return f"Share with {name}"


def linked(name: str) -> str:
    """Told to the client once linked."""
    return (f"✅ You now share your progress with {escape(name)}. /sharing shows who sees "
            "it; /unlink stops it at once.")


def client_linked(client: str) -> str:
    """Told to the clinician when a client links."""
    return f"🤝 {escape(client)} now shares their progress with you. See /clients."


def sharing_list(shared: Sequence[SharedWith]) -> str:
    """Whom the user shares with."""
    if not shared:
        return SHARING_NONE
    lines = [f"• {escape(row.name)} ({escape(row.profession)}), since {row.since:%d %b %Y}"
             for row in shared]
    return "You share your progress with:\n" + "\n".join(lines) + "\n\n/unlink stops it."


def stop_label(name: str) -> str:
    """The button ending one link."""
    return f"Stop sharing with {name}"


def unlinked(name: str) -> str:
    """Told to the client after /unlink."""
    return f"Done: {escape(name)} no longer sees your progress."


def client_unlinked(client: str) -> str:
    """Told to the clinician who lost a client."""
    return f"{escape(client)} has stopped sharing with you; their page is closed."


def client_erased() -> str:
    """Told to a clinician whose client deleted their account."""
    return "A client of yours deleted their runback account; everything they shared is gone."


def clinician_erased() -> str:
    """Told to a client whose clinician deleted their account."""
    return "A clinician you shared with has left runback; they no longer see anything."


def _line(line: ClientLine) -> str:
    flags = ", ".join(FLAG_LABELS[flag] for flag in sorted(line.flags, key=lambda f: f.value))
    if line.level is None:
        return f"<b>{escape(line.name)}</b>: {flags}"
    parts = [f"level {line.level}", f"{line.done}/{line.asked} sessions this week",
             TREND_LABELS[line.trend]]
    return f"<b>{escape(line.name)}</b>: " + ", ".join(parts + ([flags] if flags else []))


def clients_list(lines: Sequence[ClientLine]) -> str:
    """Every client at a glance."""
    if not lines:
        return CLIENTS_NONE
    return "Your clients:\n" + "\n".join(f"• {_line(line)}" for line in lines)


def open_label(name: str) -> str:
    """The button opening a client's page."""
    return f"Open {name}"


def client_page(page: ClientPage, explain: Callable[[Decision], str]) -> str:
    """A client's page in words."""
    parts = [_line(page.line)]
    if page.decisions:
        parts.append("<b>Latest decisions</b>\n" + "\n".join(
            f"• {past.decided_at:%d %b}: {escape(explain(past.decision))}"
            for past in page.decisions))
    if page.holds:
        parts.append("<b>Holds</b>\n" + "\n".join(
            f"• {row.held_at:%d %b} ({escape(row.reason)})"
            + ("" if row.cleared_at is None else f", cleared {row.cleared_at:%d %b}"
               + ("" if row.cleared_by is None else f" by {escape(row.cleared_by)}"))
            for row in page.holds))
    if page.flares:
        parts.append("<b>Flares</b>: " + ", ".join(f"{day:%d %b}" for day in page.flares))
    return "\n\n".join(parts)


def adjust_menu(name: str) -> str:
    """The change menu for one client."""
    return f"Change {escape(name)}'s plan: pick a level, hold it, or clear them after a hold."


def level_label(level: int) -> str:
    """A level button."""
    return f"Level {level}"


def ask_reason(name: str, action: Action, level: int | None) -> str:
    """The change is possible: its reason is asked for."""
    what = f"set level {level}" if action is Action.LEVEL else ACTION_WORDS[action]
    return (f"You'll {what} for {escape(name)}. Why? Type the reason: {escape(name)} will "
            "read it with your name.")


def adjusted(name: str, action: Action, explanation: str) -> str:
    """Told to the clinician once the change is made."""
    return f"Done for {escape(name)} ({ACTION_WORDS[action]}). They read:\n{escape(explanation)}"


def adjusted_for_client(who: str, action: Action, reason: str, explanation: str) -> str:
    """Told to the client: who changed their plan, and why."""
    if action is Action.LEVEL:
        return f"🩺 {escape(explanation)}"
    if action is Action.HOLD:
        return (f"🩺 {escape(who)} has put your programme on hold: \u201c{escape(reason)}\u201d. "
                "No reminders until you send /resume.")
    return (f"🩺 {escape(who)} has cleared you to carry on: \u201c{escape(reason)}\u201d. "
            "/today shows your next session.")


def alert(kind: AlertKind, name: str, level: int | None) -> str:
    """An alert about one client."""
    return f"⚠️ <b>{escape(name)}</b> " + ALERT_TEXTS[kind].format(level=level)


def digest(lines: Sequence[ClientLine]) -> str:
    """The weekly digest of every client."""
    return "🗓 <b>Your weekly digest</b>\n" + "\n".join(f"• {_line(line)}" for line in lines)
