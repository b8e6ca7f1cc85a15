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


@pytest.mark.parametrize("text", ["show me my plan", "what level am I", "my progress"])
def test_asking_for_the_plan(text: str) -> None:
    assert classify(text) is Intent.PLAN
