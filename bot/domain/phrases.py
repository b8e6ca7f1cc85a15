"""Every wording of every plain-words intent, in one place.

A phrase is a sequence of words; each word may list alternatives (``session|run``) and may end
in ``*`` to match any ending (``flare*`` reads "flare", "flared", "flares"). The words must
come in order, at most :data:`bot.domain.intents.MAX_GAP` other words apart. A phrase that
starts with ``^`` must be the whole message (its words first to last, nothing else but
:data:`FILLER`). Longer words may carry a typo (see ``bot.domain.intents``). Apostrophes are
dropped before matching, so "what's" is written ``whats``.
"""

from __future__ import annotations

from enum import Enum


class Intent(Enum):
    """What a plain message asks for."""

    FLARE = "flare"
    PAIN_REPORT = "pain_report"
    REMINDER_TIME = "reminder_time"
    HOLIDAY = "holiday"
    SKIP_TODAY = "skip_today"
    SORE_BACK = "sore_back"
    PLAN = "plan"
    PROGRESS = "progress"
    EXPORT = "export"
    REPORT = "report"
    TODAY = "today"
    THANKS = "thanks"
    HELP = "help"
    GREETING = "greeting"


class Reply(Enum):
    """What a short typed answer to a question means."""

    YES = "yes"
    NO = "no"
    NONE = "none"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    SKIP = "skip"
    PAIN = "pain"  # why a session stops
    OTHER = "other"  # why a session stops
    KEEP_GOING = "keep_going"  # Stop was pressed by mistake
    FINISH = "finish"  # a long-paused session: count what was done
    DISCARD = "discard"  # a long-paused session: throw it away


_SESSION = "session*|sesh|workout*|run|runs|jog|training|exercise*"
_WHAT = "whats|what|wats|wat|whens|when"
_BACK = "back|backs"

PHRASES: dict[Intent, tuple[str, ...]] = {
    Intent.FLARE: (
        "flare*", f"{_BACK} gone|went|seized|spasm*", f"{_BACK} killing me", f"{_BACK} in agony",
        f"threw|thrown|put {_BACK} out", f"{_BACK} locked up",
    ),
    Intent.REMINDER_TIME: (
        "change|move|set|switch reminder*|time", "reminder* to|at|for",
        "remind me at|earlier|later", "reminder* time", "session* time to|at",
    ),
    Intent.HOLIDAY: (
        "holiday*|vacation|away|travelling|traveling|trip until|till|til|for",
        "on holiday|vacation", "going away", "im away", "out of town",
    ),
    Intent.SKIP_TODAY: (
        "skip* today|tonight|todays", "skip* it", "skip* session*|run|workout", "rest day today",
        "not today", "no session|run|workout today", "cant|wont|cannot run|train|go|make today",
    ),
    Intent.SORE_BACK: (
        f"{_BACK} hurts|hurting|sore|aches|aching|achy|stiff|tight|painful|bad|playing",
        f"{_BACK} is|feels sore|stiff|tight|achy|painful|bad|hurting|rough",
        "sore|stiff|achy|painful back", "hurts|sore today", "should i still go|run|train",
        "still go|run|train today", "in pain", "im sore", "feeling sore|stiff",
    ),
    Intent.PLAN: (
        "my plan|level", "what level", "show plan", "which level",
    ),
    Intent.PROGRESS: (
        "my progress", "show|see progress", "progress chart|graph", "how am i doing|getting",
        "how far am i", "how have i done", "am i improving", "am i getting better",
        "^progress",
    ),
    Intent.EXPORT: (
        "export*", "download* my data|record|sessions", "copy of my data|record",
        "my data|record as|in a file|files|csv|json|spreadsheet", "send me my data|record",
    ),
    Intent.REPORT: (
        "report for|to my|the physio*|physiotherapist|doctor|gp|clinician|therapist",
        "physio*|physiotherapist|doctor|gp|clinician|progress report", "pdf report",
        "one page report",
        "something|summary for my physio*|physiotherapist|doctor|gp|clinician",
        "send|make|get|give me a|my report", "^report", "^my report",
    ),
    Intent.TODAY: (
        "today", "tonight", "todays", "next session|run|workout|one",
        f"{_WHAT} on", f"{_WHAT} my|the {_SESSION}", f"{_WHAT} is my|the {_SESSION}",
        f"when is my next {_SESSION}", f"todays {_SESSION}", "schedule",
        f"{_WHAT} do i do", f"{_WHAT} should i do",
    ),
    Intent.THANKS: (
        "^thanks|thx|ta|cheers|thankyou|thanx|ty|tysm|merci",
        "^thank you", "^thank you so|very much", "^many thanks", "^thanks a lot|bunch|heaps",
        "^ok|okay|cool|great|perfect|brilliant|lovely|nice thanks|thank|cheers|thx",
        "^ok|okay|great|perfect thank you", "^much appreciated", "^appreciate it",
    ),
    Intent.HELP: (
        "^help", "^what can you do", "^commands", "^menu", "^how does this work",
        "^help me", "^what do you do",
    ),
    Intent.GREETING: (
        "^hi|hello|hey|hiya|yo|howdy|hullo", "^good morning|afternoon|evening",
        "^hi|hello|hey there",
    ),
}
"""The wordings of each intent; :data:`ORDER` says which wins when several match."""

ORDER: tuple[Intent, ...] = (
    Intent.FLARE, Intent.REMINDER_TIME, Intent.HOLIDAY, Intent.SKIP_TODAY, Intent.SORE_BACK,
    Intent.EXPORT, Intent.REPORT, Intent.PROGRESS, Intent.PLAN, Intent.TODAY, Intent.THANKS,
    Intent.HELP, Intent.GREETING,
)
"""Intents in the order they are tried: a flare first, a plain question about today late."""

FILLER = frozenset({"please", "pls", "plz", "so", "much", "again", "mate", "runback", "bot",
                    "coach", "there", "then", "now", "a", "lot", "you", "oh"})
"""Words a whole-message phrase may carry around it ("thanks so much", "help please")."""

REPLIES: dict[Reply, tuple[str, ...]] = {
    Reply.YES: ("yes", "yeah", "yep", "yup", "y", "sure", "ok", "okay", "yes please", "correct",
            "it is", "i do", "definitely", "absolutely"),
    Reply.NO: ("no", "nope", "nah", "n", "not really", "no thanks", "no thank you", "nothing",
           "i dont", "it isnt", "neither", "not at all", "all good"),
    Reply.NONE: ("none", "none of them", "none of these", "nothing", "no signs", "no", "nope",
             "nah", "all fine", "all good", "fine", "nothing new"),
    Reply.PAUSE: ("pause", "hold on", "wait", "pause it", "pause please", "give me a minute",
              "hang on", "one sec"),
    Reply.RESUME: ("resume", "continue", "go on", "carry on", "keep going", "go", "unpause",
               "back", "im back", "ready", "lets go", "start again"),
    Reply.STOP: ("stop", "end", "finish", "quit", "cancel", "stop it", "stop please", "im done",
             "enough", "end session", "stop session", "i need to stop"),
    Reply.SKIP: ("skip", "skip it", "skip this", "skip that", "skip the question", "pass",
             "next", "rather not say", "id rather not say", "no idea", "dont know",
             "not sure", "skip please", "just start", "lets just go"),
    Reply.PAIN: ("pain", "back pain", "my back", "its my back", "my back hurts", "it hurts",
             "hurts", "sore", "sore back", "my back is sore", "because of pain", "the pain"),
    Reply.OTHER: ("something else", "other", "other reason", "not pain", "no pain",
              "not my back", "tired", "just tired", "no time", "out of time",
              "something came up", "the weather", "raining"),
    Reply.KEEP_GOING: ("oops", "keep going", "carry on", "go on", "continue", "never mind",
                   "nevermind", "by mistake", "mistake", "wrong button", "no keep going"),
    Reply.FINISH: ("finish", "finish it", "finish it here", "finish here", "log it",
               "count it", "done", "im done", "log how it went"),
    Reply.DISCARD: ("discard", "discard it", "throw it away", "bin it", "scrap it",
                "delete it", "forget it", "dont count it"),
}
"""Short typed answers to a yes/no or live-session question, by what they mean."""
