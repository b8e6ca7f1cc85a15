import pytest

from bot.domain.intents import Intent, classify


@pytest.mark.parametrize(
    "text",
    ["what's today's session?", "What's on today", "today?", "next session", "Today",
     "whats on", "when is my next session", "what is my session"],
)
def test_questions_about_today(text: str) -> None:
    assert classify(text) is Intent.TODAY


@pytest.mark.parametrize("text", ["help", "Help!", "?", "what can you do"])
def test_asking_for_help(text: str) -> None:
    assert classify(text) is Intent.HELP


@pytest.mark.parametrize("text", ["hi", "Hello!", "good morning"])
def test_greetings(text: str) -> None:
    assert classify(text) is Intent.GREETING


@pytest.mark.parametrize("text", ["banana", "asdf", "I like turtles", ""])
def test_everything_else_is_not_understood(text: str) -> None:
    assert classify(text) is None


@pytest.mark.parametrize(
    "text", ["my back flared up", "I think I have a flare", "flare-up today", "my back went"]
)
def test_a_flare_in_plain_words(text: str) -> None:
    assert classify(text) is Intent.FLARE


@pytest.mark.parametrize("text", ["show me my plan", "what level am I", "which level am i on"])
def test_asking_for_the_plan(text: str) -> None:
    assert classify(text) is Intent.PLAN


@pytest.mark.parametrize("text", ["my progress", "how am I doing?", "am I improving"])
def test_asking_for_progress(text: str) -> None:
    assert classify(text) is Intent.PROGRESS


@pytest.mark.parametrize("text", ["export my data", "report for my physio", "progress report"])
def test_asking_for_the_record_or_the_report(text: str) -> None:
    assert classify(text) is (Intent.EXPORT if "export" in text else Intent.REPORT)


@pytest.mark.parametrize(
    "text", ["my pain is 9 today", "pain 10", "9/10", "back 3/10 today", "it hurts, about 4"]
)
def test_a_pain_score_stated_is_a_pain_report_not_a_question(text: str) -> None:
    assert classify(text) is Intent.PAIN_REPORT


@pytest.mark.parametrize(
    ("text", "intent"),
    [("what's on today? my pain is 9/10", Intent.TODAY),
     ("my back flared up, pain 9", Intent.FLARE),
     ("ran 10 minutes today", Intent.TODAY),
     ("my back pain 10 minutes in today", Intent.TODAY)],
)
def test_a_pain_report_gives_way_to_a_question_or_a_flare(text: str, intent: Intent) -> None:
    assert classify(text) is intent
