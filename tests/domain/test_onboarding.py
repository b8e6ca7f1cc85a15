"""The onboarding table: every step's answer, and Back on the screening questions."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import onboarding
from bot.domain.background import PainDuration, RunningHistory
from bot.domain.onboarding import (
    BACK,
    CLEARED,
    Note,
    PlaceFound,
    Problem,
    Stamp,
    State,
    Step,
    Turn,
    cleared_turn,
    next_step,
    previous,
)
from bot.domain.parsing import PainBetween, PainOffScale
from bot.domain.safety import Readiness, RedFlag, SafetyOutcome
from bot.domain.week import Weekday

FLAGS, QUESTIONS = list(RedFlag), list(Readiness)


def walk(state: State, *answers: str | PlaceFound) -> Turn:
    """Apply answers in order; every one must be taken."""
    turn = Turn(state)
    for answer in answers:
        turn = next_step(turn.state, answer)
        assert turn.problem is None, (answer, turn)
    return turn


def screened() -> State:
    """A user who agreed and answered no to every screening question."""
    return walk(State(Step.CONSENT), "agree", *["no"] * (len(FLAGS) + len(QUESTIONS))).state


def test_every_step_has_a_row() -> None:
    assert set(onboarding._ROWS) == set(Step)


def test_the_whole_questionnaire_by_typed_answers() -> None:
    consent = next_step(State(Step.CONSENT), "yes")
    assert consent.stamps == {Stamp.CONSENTED}
    assert consent.state.position == f"red_flag:{FLAGS[0].value}"
    state = screened()
    assert state.step is Step.DURATION and state.safety_stop is None
    turn = walk(state, "about 2 years", "about 4", "four", "never", "mon wed fri", "7:30",
                PlaceFound("Europe/London"))
    assert turn.state.step is Step.CONFIRM and turn.state.complete
    assert turn.state.pain_duration is PainDuration.OVER_A_YEAR
    assert turn.state.baseline_pain == 4 and turn.state.running_history is RunningHistory.NEVER
    assert turn.state.days == (Weekday.MON, Weekday.WED, Weekday.FRI)
    assert turn.state.reminder_time == time(7, 30) and turn.state.timezone == "Europe/London"
    done = next_step(turn.state, "ok")
    assert done.step is Step.DONE and done.stamps == {Stamp.ONBOARDED}
    assert next_step(done.state, "anything").stale


def test_screening_answers_are_handed_back_to_store() -> None:
    turn = next_step(State(Step.RED_FLAG, FLAGS[0].value), "no")
    assert turn.screening == ((f"red_flag:{FLAGS[0].value}", False),)
    assert turn.state.item == FLAGS[1].value


def test_a_red_flag_yes_stops_at_the_flag_it_was_for() -> None:
    turn = next_step(State(Step.RED_FLAG, RedFlag.FEVER.value), "yes")
    assert turn.state.position == "safety_stop:fever"
    assert turn.state.safety_stop is SafetyOutcome.SEE_DOCTOR
    assert turn.screening == (("red_flag:fever", True),)


def test_an_emergency_stop_is_not_cleared_by_one_tap_another_is() -> None:
    emergency = next_step(State(Step.RED_FLAG, RedFlag.BLADDER_BOWEL.value), "yes").state
    refused = next_step(emergency, CLEARED)
    assert refused.problem is Problem.NEEDS_CLEARANCE and refused.state == emergency
    cleared = cleared_turn(emergency)  # what the deliberate /cleared applies
    assert cleared.state.step is Step.READINESS and cleared.state.safety_stop is None
    assert cleared.screening == (("red_flag:cleared", True),)
    fever = next_step(State(Step.RED_FLAG, RedFlag.FEVER.value), "yes").state
    assert next_step(fever, CLEARED).state.step is Step.READINESS


@pytest.mark.parametrize("back", [BACK, "back", "Go back", "undo"])
def test_back_from_a_red_flag_stop_reopens_the_question_and_lifts_the_stop(back: str) -> None:
    stopped = next_step(State(Step.RED_FLAG, RedFlag.BLADDER_BOWEL.value), "yes").state
    assert stopped.safety_stop is SafetyOutcome.EMERGENCY
    turn = next_step(stopped, back)
    assert turn.state.position == "red_flag:bladder_bowel" and turn.state.safety_stop is None
    assert turn.screening == (("withdrawn:red_flag:bladder_bowel", True),)
    corrected = next_step(turn.state, "no")
    assert corrected.state.position == f"red_flag:{FLAGS[1].value}"
    assert corrected.state.safety_stop is None


@pytest.mark.parametrize("index", range(1, len(FLAGS)))
def test_back_from_a_red_flag_reopens_the_one_before(index: int) -> None:
    turn = next_step(State(Step.RED_FLAG, FLAGS[index].value), "back")
    assert turn.state.position == f"red_flag:{FLAGS[index - 1].value}"


def test_back_from_the_first_exercise_question_reopens_the_last_red_flag() -> None:
    state = State(Step.READINESS, QUESTIONS[0].value)
    assert next_step(state, "back").state.position == f"red_flag:{FLAGS[-1].value}"
    # After a clearance the answer before it was the clearance, not a screening answer.
    cleared = replace(state, cleared=True)
    assert previous(cleared) is None
    assert next_step(cleared, "back").problem is Problem.NOT_YES_NO


def test_a_withdrawn_readiness_yes_does_not_count() -> None:
    state = State(Step.READINESS, QUESTIONS[0].value)
    said_yes = next_step(state, "yes").state
    assert said_yes.readiness_yes == {QUESTIONS[0]}
    reopened = next_step(said_yes, "back").state
    assert reopened.position == f"readiness:{QUESTIONS[0].value}"
    turn = walk(reopened, *["no"] * len(QUESTIONS))
    assert turn.state.step is Step.DURATION and turn.state.safety_stop is None


def test_a_readiness_yes_leads_to_clearance_and_back_reopens_the_last_question() -> None:
    state = State(Step.READINESS, QUESTIONS[0].value)
    turn = walk(state, "yes", *["no"] * (len(QUESTIONS) - 1))
    assert turn.state.step is Step.CLEARANCE
    assert turn.state.safety_stop is SafetyOutcome.CHECK_READINESS
    back = next_step(turn.state, "back").state
    assert back.position == f"readiness:{QUESTIONS[-1].value}" and back.safety_stop is None
    again = next_step(back, "no").state  # the earlier yes still stands
    assert again.step is Step.CLEARANCE and again.safety_stop is SafetyOutcome.CHECK_READINESS


def test_back_from_the_first_background_question_reopens_the_last_exercise_question() -> None:
    state = screened()
    assert next_step(state, "back").state.position == f"readiness:{QUESTIONS[-1].value}"
    after_clearance = replace(state, readiness_yes=frozenset({Readiness.HEART}), cleared=True)
    assert previous(after_clearance) is None


def test_there_is_no_back_from_consent() -> None:
    assert previous(State(Step.CONSENT)) is None


@pytest.mark.parametrize(
    ("step", "before"),
    [(Step.USUAL_PAIN, Step.DURATION), (Step.CURRENT_PAIN, Step.USUAL_PAIN),
     (Step.RUNNING, Step.CURRENT_PAIN), (Step.DAYS, Step.RUNNING), (Step.TIME, Step.DAYS),
     (Step.TIMEZONE, Step.TIME), (Step.CONFIRM, Step.TIMEZONE)],
)
def test_back_after_screening_reopens_the_question_before(step: Step, before: Step) -> None:
    state = replace(State(step), baseline_pain=4, days=(Weekday.MON, Weekday.WED, Weekday.FRI))
    reopened = previous(state)
    assert reopened is not None and reopened.step is before
    assert reopened.baseline_pain == 4 and reopened.days == state.days  # answers stand
    turn = next_step(state, "back")
    assert turn.state.step is before and turn.screening == ()  # nothing screened is withdrawn


def test_the_first_red_flag_has_no_back() -> None:
    assert previous(State(Step.RED_FLAG, FLAGS[0].value)) is None


@pytest.mark.parametrize("step", [Step.USUAL_PAIN, Step.CURRENT_PAIN])
@pytest.mark.parametrize(("text", "low", "high"), [("4-5", 4, 5), ("3.5", 3, 4)])
def test_a_range_or_a_half_is_asked_about(step: Step, text: str, low: int, high: int) -> None:
    turn = next_step(State(step), text)
    assert turn.problem is Problem.PAIN_BETWEEN and turn.unclear_pain == PainBetween(low, high)
    assert turn.state == State(step) and turn.pains == ()


@pytest.mark.parametrize("step", [Step.USUAL_PAIN, Step.CURRENT_PAIN])
@pytest.mark.parametrize("text", ["11", "-1", "15/10"])
def test_a_score_off_the_scale_is_asked_again_never_clamped(step: Step, text: str) -> None:
    turn = next_step(State(step), text)
    assert turn.problem is Problem.PAIN_OFF_SCALE and isinstance(turn.unclear_pain, PainOffScale)
    assert turn.state == State(step) and turn.pains == ()


@given(st.integers(0, 10), st.sampled_from(["{}", "{}/10", "about {}", "{} out of 10"]))
def test_every_typed_score_is_taken(score: int, shape: str) -> None:
    usual = next_step(State(Step.USUAL_PAIN), shape.format(score))
    assert usual.state.baseline_pain == score and usual.pains == (("usual", score),)
    assert usual.step is Step.CURRENT_PAIN
    now = next_step(State(Step.CURRENT_PAIN), shape.format(score))
    assert now.pains == (("now", score),) and now.step is Step.RUNNING
    assert (Note.HIGH_PAIN in now.notes) is (score >= 9)


def test_a_location_is_only_an_answer_to_the_time_zone() -> None:
    found = PlaceFound("Europe/Berlin", shared_location=True)
    assert next_step(State(Step.TIME), found).problem is Problem.NOT_A_CHOICE
    assert next_step(State(Step.TIMEZONE), found).state.timezone == "Europe/Berlin"
    lost = PlaceFound(None, shared_location=True)
    assert next_step(State(Step.TIMEZONE), lost).problem is Problem.LOCATION_UNKNOWN
    assert next_step(State(Step.TIMEZONE), PlaceFound(None, ambiguous=True)).problem is (
        Problem.ZONE_CHOICES)
    assert next_step(State(Step.TIMEZONE), PlaceFound(None)).problem is Problem.ZONE_UNKNOWN


def test_confirming_an_incomplete_plan_asks_again_from_the_pain_history() -> None:
    turn = next_step(State(Step.CONFIRM), "ok")
    assert turn.step is Step.DURATION and turn.stamps == frozenset()


@given(st.sampled_from(list(Step)), st.text(max_size=30))
def test_next_step_is_total(step: Step, text: str) -> None:
    turn = next_step(State(step), text)
    assert isinstance(turn.state, State)


def test_withdrawn_positions_fit_the_stored_question() -> None:
    longest = max(len(f"withdrawn:{kind}:{member.value}")
                  for kind, members in (("red_flag", FLAGS), ("readiness", QUESTIONS))
                  for member in members)
    assert longest <= 32  # SafetyAnswer.question is a String(32)


def test_oops_i_meant_no_corrects_a_red_flag_yes() -> None:
    stopped = next_step(State(Step.RED_FLAG, FLAGS[1].value), "yes").state
    assert stopped.step is Step.SAFETY_STOP
    turn = next_step(stopped, "oops I meant no")
    assert turn.state.position == f"red_flag:{FLAGS[2].value}" and turn.state.safety_stop is None
    assert turn.screening == ((f"withdrawn:red_flag:{FLAGS[1].value}", True),
                              (f"red_flag:{FLAGS[1].value}", False))


def test_oops_i_meant_yes_corrects_a_red_flag_no_into_its_stop() -> None:
    asked_next = next_step(State(Step.RED_FLAG, FLAGS[0].value), "no").state
    turn = next_step(asked_next, "sorry, I meant yes")
    assert turn.state.step is Step.SAFETY_STOP and turn.state.safety_stop is SafetyOutcome.EMERGENCY


def test_a_correction_that_does_not_fit_stays_at_the_reopened_question() -> None:
    turn = next_step(State(Step.CURRENT_PAIN), "oops I meant lots")
    assert turn.state.step is Step.USUAL_PAIN and turn.problem is Problem.NOT_PAIN


def test_a_correction_of_a_pain_rating_stores_the_new_one() -> None:
    turn = next_step(replace(State(Step.CURRENT_PAIN), baseline_pain=7), "oops I meant 4")
    assert turn.state.step is Step.CURRENT_PAIN and turn.state.baseline_pain == 4
    assert turn.pains == (("usual", 4),)


def test_a_bare_ambiguous_hour_is_asked_about_and_a_24_hour_one_is_taken() -> None:
    asked = next_step(State(Step.TIME), "7")
    assert asked.problem is Problem.AMBIGUOUS_HOUR and asked.state.step is Step.TIME
    assert asked.unclear_hour is not None and asked.unclear_hour.hour == 7
    taken = next_step(State(Step.TIME), "18")
    assert taken.state.step is Step.TIMEZONE and taken.state.reminder_time == time(18)


def test_an_unreadable_running_answer_is_not_met_with_pick_a_button() -> None:
    assert next_step(State(Step.RUNNING), "dunno").problem is Problem.NOT_RUNNING
    assert next_step(State(Step.RUNNING), "used to jog").state.running_history \
        is RunningHistory.USED_TO_RUN


def test_a_correction_that_fits_only_the_question_asked_answers_it() -> None:
    days = (Weekday.MON, Weekday.WED, Weekday.FRI)
    turn = next_step(replace(State(Step.TIME), days=days), "oops I meant 18:00")
    assert turn.state.step is Step.TIMEZONE and turn.state.reminder_time == time(18)
    assert turn.state.days == days
