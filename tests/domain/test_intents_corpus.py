"""A corpus of plain messages, typos included, each with the intent it must be read as."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.domain.intents import Intent, Reply, classify, holiday_until, means, reminder_time

It = Intent
CORPUS: tuple[tuple[str, Intent | None], ...] = (
    # today's session, typos included
    ("whats my workout", It.TODAY), ("what's todays sesion", It.TODAY),
    ("what's today's session?", It.TODAY), ("whats my sesion", It.TODAY),
    ("what is my workuot", It.TODAY), ("wats my run", It.TODAY), ("todays sesh?", It.TODAY),
    ("what should i do", It.TODAY), ("what do I do today", It.TODAY), ("next run?", It.TODAY),
    ("when is my next session", It.TODAY), ("what's on", It.TODAY), ("Today", It.TODAY),
    ("whats the plan today", It.TODAY), ("what's my training", It.TODAY),
    ("what is the exercise", It.TODAY), ("whens my next workout", It.TODAY),
    ("tonight?", It.TODAY), ("my schedule", It.TODAY), ("what's todays trainig", It.TODAY),
    # the plan
    ("show me my plan", It.PLAN), ("what level am I", It.PLAN), ("which level am i on", It.PLAN),
    # progress, the record and the report
    ("my progress", It.PROGRESS), ("how am i doing", It.PROGRESS), ("my progres", It.PROGRESS),
    ("how am I getting on?", It.PROGRESS), ("show me my progress", It.PROGRESS),
    ("am I getting better", It.PROGRESS), ("progress", It.PROGRESS),
    ("export my data", It.EXPORT), ("can I export my data?", It.EXPORT),
    ("download my record", It.EXPORT), ("expert my data", It.EXPORT),
    ("my data as a spreadsheet", It.EXPORT), ("send me my data please", It.EXPORT),
    ("report for my physio", It.REPORT), ("a report for my physiotherapist please", It.REPORT),
    ("can you make me a report", It.REPORT), ("pdf report", It.REPORT),
    ("something for my GP", It.REPORT), ("progress report", It.REPORT), ("report", It.REPORT),
    ("I want to report a flare", It.FLARE),
    # a sore back, without a score
    ("my back hurts", It.SORE_BACK), ("my back is really sore today, should I still go?",
                                     It.SORE_BACK),
    ("back's a bit stiff", It.SORE_BACK), ("my back is achy", It.SORE_BACK),
    ("sore back this morning", It.SORE_BACK), ("should I still run?", It.SORE_BACK),
    ("my back feels tight", It.SORE_BACK), ("im sore", It.SORE_BACK),
    ("back is hurting a lot", It.SORE_BACK), ("my back is killing me", It.FLARE),
    ("I'm in pain", It.SORE_BACK), ("feeling stiff today", It.SORE_BACK),
    ("back hurts, should i stil go", It.SORE_BACK), ("my back is playing up", It.SORE_BACK),
    # a flare
    ("my back flared up", It.FLARE), ("I think I have a flare", It.FLARE),
    ("flare-up today", It.FLARE), ("my back went", It.FLARE), ("threw my back out", It.FLARE),
    ("back has seized", It.FLARE), ("my back's gone", It.FLARE), ("back spasms", It.FLARE),
    # thanks
    ("thanks!", It.THANKS), ("thank you", It.THANKS), ("thank you so much", It.THANKS),
    ("thx", It.THANKS), ("cheers", It.THANKS), ("ok thanks", It.THANKS),
    ("great, thanks!", It.THANKS),
    ("many thanks", It.THANKS), ("tysm", It.THANKS), ("thanks a lot", It.THANKS),
    ("much appreciated", It.THANKS), ("perfect thank you", It.THANKS),
    # the reminder time
    ("can I change my reminder time to 7:30?", It.REMINDER_TIME),
    ("change reminder to 6pm", It.REMINDER_TIME), ("set my reminder for 18:00", It.REMINDER_TIME),
    ("move my remider to 7.30am", It.REMINDER_TIME), ("remind me at 8am", It.REMINDER_TIME),
    ("reminders at 19:00 please", It.REMINDER_TIME), ("change the time to 7pm", It.REMINDER_TIME),
    # skipping today
    ("skip today", It.SKIP_TODAY), ("skip todays session", It.SKIP_TODAY),
    ("can I skip it", It.SKIP_TODAY), ("not today", It.SKIP_TODAY),
    ("I can't run today", It.SKIP_TODAY), ("skipping today", It.SKIP_TODAY),
    ("no workout today", It.SKIP_TODAY), ("skip tonight", It.SKIP_TODAY),
    # time away
    ("I'm on holiday until the 20th", It.HOLIDAY), ("on holiday until 25/12", It.HOLIDAY),
    ("away until next monday", It.HOLIDAY), ("on vacation till friday", It.HOLIDAY),
    ("going away for a week", It.HOLIDAY), ("holidays til the 3rd", It.HOLIDAY),
    ("travelling until 2 june", It.HOLIDAY), ("on holliday until the 20th", It.HOLIDAY),
    # help and greetings
    ("help", It.HELP), ("Help!", It.HELP), ("?", It.HELP), ("what can you do", It.HELP),
    ("help please", It.HELP), ("how does this work?", It.HELP),
    ("hi", It.GREETING), ("Hello!", It.GREETING), ("good morning", It.GREETING),
    ("hey there", It.GREETING), ("hiya", It.GREETING),
    # pain scores stated
    ("my pain is 9 today", It.PAIN_REPORT), ("back 3/10 today", It.PAIN_REPORT),
    ("it hurts, about 4", It.PAIN_REPORT),
    # not understood
    ("banana", None), ("asdf", None), ("I like turtles", None), ("", None),
    ("the weather is nice", None), ("thanksgiving dinner was big", None),
    ("hire a car", None), ("planet earth", None),
)


def test_the_corpus_is_large() -> None:
    assert len(CORPUS) >= 80


@pytest.mark.parametrize(("text", "intent"), CORPUS)
def test_every_phrase_reads_as_its_intent(text: str, intent: Intent | None) -> None:
    assert classify(text) is intent


@pytest.mark.parametrize(
    ("text", "at"),
    [("can I change my reminder time to 7:30?", time(7, 30)), ("change reminder to 6pm",
                                                                time(18, 0)),
     ("set my reminder for 18:00", time(18, 0)), ("move my remider to 7.30am", time(7, 30)),
     ("change my reminder", None), ("reminder to 7", None)],
)
def test_the_time_asked_for(text: str, at: time | None) -> None:
    assert reminder_time(text) == at


TODAY = date(2026, 3, 10)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "until"),
    [("I'm on holiday until the 20th", date(2026, 3, 20)),
     ("until the 5th", date(2026, 4, 5)),  # the 5th of March is past
     ("on holiday until 25/12", date(2026, 12, 25)),
     ("away until 1/3", date(2027, 3, 1)),
     ("away until next monday", date(2026, 3, 16)),
     ("till friday", date(2026, 3, 13)),
     ("until tuesday", date(2026, 3, 17)),
     ("travelling until 2 june", date(2026, 6, 2)),
     ("until 31st", date(2026, 3, 31)),
     ("on holiday", None), ("until whenever", None)],
)
def test_the_date_away_until(text: str, until: date | None) -> None:
    assert holiday_until(text, TODAY) == until


@pytest.mark.parametrize(
    ("text", "reply"),
    [("no", Reply.NO), ("Nope!", Reply.NO), ("yes", Reply.YES), ("yeah", Reply.YES),
     ("none", Reply.NONE), ("None of these", Reply.NONE), ("no", Reply.NONE),
     ("pause", Reply.PAUSE), ("hang on", Reply.PAUSE), ("resume", Reply.RESUME),
     ("carry on", Reply.RESUME), ("stop", Reply.STOP), ("I'm done", Reply.STOP),
     ("skip", Reply.SKIP), ("Skip it", Reply.SKIP), ("I'd rather not say", Reply.SKIP),
     ("don't know", Reply.SKIP), ("back pain", Reply.PAIN), ("Something else", Reply.OTHER),
     ("oops", Reply.KEEP_GOING), ("finish it here", Reply.FINISH),
     ("throw it away", Reply.DISCARD)],
)
def test_short_replies(text: str, reply: Reply) -> None:
    assert means(text, reply)


@pytest.mark.parametrize(("text", "reply"),
                         [("yes", Reply.NO), ("no", Reply.YES), ("stop", Reply.PAUSE),
                          ("banana", Reply.NONE), ("pause", Reply.STOP), ("maybe", Reply.YES),
                          ("skip today", Reply.SKIP), ("stop", Reply.SKIP),
                          ("back", Reply.PAIN), ("pause", Reply.DISCARD)])
def test_short_replies_mean_only_what_they_say(text: str, reply: Reply) -> None:
    assert not means(text, reply)
