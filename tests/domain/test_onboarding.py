"""The onboarding table: every step's answer, and Back on the screening lists."""

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
from bot.domain.screening import DONE, NONE_OF_THESE, tick
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
    """A user who agreed and answered "None of these" to both screening lists."""
    return walk(State(Step.CONSENT), "agree", NONE_OF_THESE, NONE_OF_THESE).state


def no_to_all_but(kind: str, members: list[RedFlag] | list[Readiness],
                  *yes: RedFlag | Readiness) -> tuple[tuple[str, bool], ...]:
    """One stored answer per item of a list, yes for ``yes``."""
    return tuple((f"{kind}:{member.value}", member in yes) for member in members)


def test_every_step_has_a_row() -> None:
    assert set(onboarding._ROWS) == set(Step)


def test_the_whole_questionnaire_by_typed_answers() -> None:
    consent = next_step(State(Step.CONSENT), "yes")
    assert consent.stamps == {Stamp.CONSENTED}
    assert consent.state.position == "red_flag"
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


def test_none_of_these_answers_every_item_no() -> None:
    turn = next_step(State(Step.RED_FLAG), NONE_OF_THESE)
    assert turn.screening == no_to_all_but("red_flag", FLAGS)
    assert turn.state.position == "readiness" and turn.state.picked == frozenset()
    turn = next_step(turn.state, NONE_OF_THESE)
    assert turn.screening == no_to_all_but("readiness", QUESTIONS)
    assert turn.state.step is Step.DURATION


def test_ticks_are_kept_until_done_and_nothing_is_stored_before() -> None:
    state = State(Step.RED_FLAG)
    ticked = walk(state, tick(RedFlag.FEVER), tick(RedFlag.CANCER), tick(RedFlag.FALL),
                  tick(RedFlag.FALL))
    assert ticked.state.position == "red_flag" and ticked.screening == ()
    assert ticked.state.picked == {RedFlag.FEVER, RedFlag.CANCER}
    done = next_step(ticked.state, DONE)
    assert done.screening == no_to_all_but("red_flag", FLAGS, RedFlag.FEVER, RedFlag.CANCER)


def test_done_with_nothing_ticked_is_not_an_answer() -> None:
    turn = next_step(State(Step.READINESS), DONE)
    assert turn.problem is Problem.NOTHING_TICKED and turn.state == State(Step.READINESS)
    assert turn.screening == ()


def test_a_tick_for_the_other_list_is_refused() -> None:
    turn = next_step(State(Step.RED_FLAG), tick(Readiness.HEART))
    assert turn.problem is Problem.NOT_A_CHOICE and turn.state.picked == frozenset()


def test_a_red_flag_yes_stops_at_the_flag_it_was_for() -> None:
    turn = walk(State(Step.RED_FLAG), tick(RedFlag.FEVER), DONE)
    assert turn.state.position == "safety_stop:fever"
    assert turn.state.safety_stop is SafetyOutcome.SEE_DOCTOR
    assert turn.screening == no_to_all_but("red_flag", FLAGS, RedFlag.FEVER)


def test_an_emergency_flag_among_several_makes_the_stop_an_emergency() -> None:
    turn = walk(State(Step.RED_FLAG), tick(RedFlag.NIGHT_PAIN), tick(RedFlag.LEG_WEAKNESS),
                DONE)
    assert turn.state.position == "safety_stop:leg_weakness"
    assert turn.state.safety_stop is SafetyOutcome.EMERGENCY


@pytest.mark.parametrize(("typed", "yes"), [
    ("1 3", {FLAGS[0], FLAGS[2]}), ("1,3", {FLAGS[0], FLAGS[2]}), ("4", {RedFlag.FEVER}),
    ("yes, 6 and 7", {RedFlag.CANCER, RedFlag.FALL}), ("#5", {RedFlag.WEIGHT_LOSS}),
    ("none", set()), ("no", set()), ("nope", set()), ("None of these", set()),
    ("I had a fall last month", {RedFlag.FALL}),
])
def test_typed_answers_to_the_red_flag_list(typed: str, yes: set[RedFlag]) -> None:
    turn = next_step(State(Step.RED_FLAG), typed)
    assert turn.problem is None
    assert turn.screening == no_to_all_but("red_flag", FLAGS, *yes)


@pytest.mark.parametrize(("typed", "problem"), [
    ("yes", Problem.WHICH_ONES), ("yeah", Problem.WHICH_ONES), ("9", Problem.NOT_ON_LIST),
    ("0", Problem.NOT_ON_LIST), ("maybe", Problem.NOT_PICKS), ("no fever", Problem.NOT_PICKS),
])
def test_unclear_typed_answers_keep_the_list_and_its_ticks(typed: str, problem: Problem) -> None:
    state = replace(State(Step.RED_FLAG), picked=frozenset({RedFlag.CANCER}))
    turn = next_step(state, typed)
    assert turn.problem is problem and turn.state == state and turn.screening == ()


def test_typed_numbers_answer_the_readiness_list_by_its_own_numbering() -> None:
    turn = next_step(State(Step.READINESS), "2 6")
    assert turn.screening == no_to_all_but("readiness", QUESTIONS, Readiness.CHEST_PAIN,
                                           Readiness.BONE_JOINT)
    assert next_step(State(Step.READINESS), "8").problem is Problem.NOT_ON_LIST


def test_an_emergency_stop_is_not_cleared_by_one_tap_another_is() -> None:
    emergency = next_step(State(Step.RED_FLAG), "1").state
    refused = next_step(emergency, CLEARED)
    assert refused.problem is Problem.NEEDS_CLEARANCE and refused.state == emergency
    cleared = cleared_turn(emergency)  # what the deliberate /cleared applies
    assert cleared.state.step is Step.READINESS and cleared.state.safety_stop is None
    assert cleared.state.picked == frozenset()
    assert cleared.screening == (("red_flag:cleared", True),)
    fever = next_step(State(Step.RED_FLAG), "4").state
    assert next_step(fever, CLEARED).state.step is Step.READINESS


@pytest.mark.parametrize("back", [BACK, "back", "Go back", "undo"])
def test_back_from_a_red_flag_stop_reopens_the_list_with_its_ticks(back: str) -> None:
    stopped = walk(State(Step.RED_FLAG), tick(RedFlag.BLADDER_BOWEL), DONE).state
    assert stopped.safety_stop is SafetyOutcome.EMERGENCY
    turn = next_step(stopped, back)
    assert turn.state.position == "red_flag" and turn.state.safety_stop is None
    assert turn.state.picked == {RedFlag.BLADDER_BOWEL}
    assert turn.screening == tuple((f"withdrawn:red_flag:{flag.value}", True) for flag in FLAGS)
    corrected = walk(turn.state, tick(RedFlag.BLADDER_BOWEL), tick(RedFlag.FALL), DONE)
    assert corrected.state.position == "safety_stop:fall"
    assert corrected.state.safety_stop is SafetyOutcome.SEE_DOCTOR


def test_back_from_the_red_flag_list_reopens_the_consent() -> None:
    state = replace(State(Step.RED_FLAG), picked=frozenset({RedFlag.FEVER}))
    turn = next_step(state, "back")
    assert turn.state.step is Step.CONSENT and turn.state.picked == frozenset()
    assert turn.screening == ()  # nothing was answered yet
    again = next_step(turn.state, "agree")
    assert again.state.position == "red_flag" and again.state.picked == frozenset()


def test_back_from_the_readiness_list_reopens_the_red_flags() -> None:
    state = replace(State(Step.READINESS), picked=frozenset({Readiness.HEART}))
    turn = next_step(state, "back")
    assert turn.state.position == "red_flag" and turn.state.picked == frozenset()
    assert turn.screening == tuple((f"withdrawn:red_flag:{flag.value}", True) for flag in FLAGS)
    # After a clearance the answer before it was the clearance, not a screening answer.
    cleared = replace(state, cleared=True)
    assert previous(cleared) is None
    assert next_step(cleared, "back").problem is Problem.NOT_PICKS


def test_a_withdrawn_readiness_yes_does_not_count() -> None:
    said_yes = next_step(State(Step.READINESS), "1").state
    assert said_yes.step is Step.CLEARANCE and said_yes.readiness_yes == {QUESTIONS[0]}
    reopened = next_step(said_yes, "back")
    assert reopened.state.position == "readiness"
    assert reopened.state.picked == {QUESTIONS[0]}  # ticked as it was answered
    assert reopened.screening == tuple((f"withdrawn:readiness:{question.value}", True)
                                       for question in QUESTIONS)
    turn = next_step(reopened.state, NONE_OF_THESE)
    assert turn.state.step is Step.DURATION and turn.state.safety_stop is None
    assert turn.state.readiness_yes == frozenset()


def test_readiness_yeses_lead_to_clearance_and_back_shows_them_ticked() -> None:
    turn = walk(State(Step.READINESS), tick(Readiness.HEART), tick(Readiness.BONE_JOINT), DONE)
    assert turn.state.step is Step.CLEARANCE
    assert turn.state.safety_stop is SafetyOutcome.CHECK_READINESS
    assert turn.state.readiness_yes == {Readiness.HEART, Readiness.BONE_JOINT}
    assert turn.screening == no_to_all_but("readiness", QUESTIONS, Readiness.HEART,
                                           Readiness.BONE_JOINT)
    back = next_step(turn.state, "back").state
    assert back.position == "readiness" and back.safety_stop is None
    assert back.picked == {Readiness.HEART, Readiness.BONE_JOINT}
    again = walk(back, tick(Readiness.HEART), DONE).state  # one yes untaken, one stands
    assert again.step is Step.CLEARANCE and again.readiness_yes == {Readiness.BONE_JOINT}


def test_back_from_the_first_background_question_reopens_the_readiness_list() -> None:
    state = screened()
    assert next_step(state, "back").state.position == "readiness"
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
    stopped = next_step(State(Step.RED_FLAG), "2").state
    assert stopped.step is Step.SAFETY_STOP
    turn = next_step(stopped, "oops I meant no")
    assert turn.state.position == "readiness" and turn.state.safety_stop is None
    assert turn.screening == (
        *((f"withdrawn:red_flag:{flag.value}", True) for flag in FLAGS),
        *no_to_all_but("red_flag", FLAGS))


def test_oops_i_meant_one_corrects_a_red_flag_none_into_its_stop() -> None:
    asked_next = next_step(State(Step.RED_FLAG), "none").state
    turn = next_step(asked_next, "sorry, I meant 1")
    assert turn.state.step is Step.SAFETY_STOP and turn.state.safety_stop is SafetyOutcome.EMERGENCY


def test_oops_i_meant_yes_reopens_the_red_flags_and_asks_which() -> None:
    asked_next = next_step(State(Step.RED_FLAG), "none").state
    turn = next_step(asked_next, "sorry, I meant yes")
    assert turn.state.position == "red_flag" and turn.problem is Problem.WHICH_ONES


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
