"""Every rule of the coaching contract (``coaching-rules.md``), with the tests that say it.

The table quotes a short phrase of each rule and names its tests by node id; the test below
imports each module and checks that every test named is there, so a rename cannot leave a rule
without its test unnoticed.
"""

from __future__ import annotations

import importlib

P = "tests/domain/test_progression.py::"
Z = "tests/domain/test_zones.py::"
S = "tests/test_simulate.py::"
D = "tests/e2e/test_safe_dosing.py::"
F = "tests/e2e/test_safety.py::"

RULES: dict[str, tuple[str, ...]] = {
    "Every session lasts 30 minutes": ("tests/domain/test_ladder.py::"
                                       "test_session_shape_is_five_twenty_five_minutes",
                                       "tests/domain/test_ladder.py::test_table_matches_the_contract"),
    "one level up adds at most 2:30 of jogging": (
        "tests/domain/test_ladder.py::test_one_level_up_adds_at_most_two_and_a_half_minutes_of_jogging",
        "tests/domain/test_ladder.py::test_jog_time_strictly_rises_with_level"),
    "The first week runs from the user's first session": (
        P + "test_new_users_start_at_level_1_and_high_baseline_at_level_0_for_the_first_week",
        S + "test_the_first_week_of_a_level_0_start_runs_from_the_first_session",
        D + "test_a_high_baseline_user_cannot_leave_level_0_with_harder_in_the_first_week"),
    "One session a day counts": (
        S + "test_only_one_session_a_day_counts_but_a_red_in_a_second_one_still_counts",
        D + "test_only_one_session_a_day_counts_and_no_morning_question_about_today"),
    "a typed answer outside 0–10 is asked again, never clamped": (
        "tests/domain/test_parsing.py::test_read_pain_never_clamps_a_number_off_the_scale",
        "tests/e2e/test_flare_mode.py::test_a_typed_answer_out_of_range_is_asked_again"),
    "a flare week's average is recorded, never used as B": (
        S + "test_a_flare_weeks_average_is_recorded_but_never_becomes_the_baseline",),
    "RED if any warning sign, or P > max(5, B + 1), or P ≥ 9, or M ≥ B + 2": (
        Z + "test_any_warning_sign_is_red", Z + "test_peak_pain_of_9_or_more_is_always_red",
        Z + "test_peak_above_max_of_5_and_baseline_plus_1_is_red",
        Z + "test_morning_at_baseline_plus_2_or_more_is_red"),
    "a session with unknown M can be AMBER or RED, never GREEN": (
        Z + "test_unknown_morning_is_never_green",
        D + "test_right_after_a_session_the_verdict_is_provisional_until_the_morning"),
    "A late answer re-judges its own session": (
        S + "test_a_late_morning_answer_applies_on_top_of_the_weekly_average",
        S + "test_a_late_answer_never_undoes_a_flare",
        D + "test_a_late_red_morning_answer_drops_the_dose_after_the_weekly_check_in"),
    "Advance one level when ≥ 3 sessions were completed": (
        P + "test_advance_needs_three_sessions_and_last_two_green",
        P + "test_never_more_than_one_level_up_per_7_days"),
    "AMBER: repeat the level": (P + "test_amber_repeats_the_level",),
    "RED: the next session drops one level": (
        P + "test_red_drops_one_level_to_strictly_less_jogging_with_floor_0",),
    "Two REDs in a row, or three in 14 days": (
        P + "test_two_reds_in_a_row_drop_two_and_advise_clinician",
        P + "test_three_reds_in_14_days_drop_two_and_advise_clinician"),
    "Gaps (since the last completed session)": (
        P + "test_gap_over_7_days_drops_one_level", P + "test_gap_over_14_days_drops_two_levels",
        P + "test_gap_over_28_days_restarts_at_level_1_at_most",
        P + "test_paused_time_counts_as_a_gap",
        S + "test_a_flare_ending_more_than_28_days_after_the_last_session_resumes_at_level_1"),
    "Where rules meet, the lowest dose wins": (
        S + "test_flare_time_counts_as_a_gap_and_the_lowest_dose_wins",),
    "Stopped early": (
        P + "test_stopped_because_of_pain_is_judged",
        P + "test_stopped_for_another_reason_is_not_counted_and_level_unchanged",
        P + "test_a_session_at_least_80_percent_done_counts_as_completed",
        S + "test_a_session_stopped_for_pain_is_never_one_of_the_two_greens"),
    "Skipped or missed: level unchanged": (
        P + "test_skipped_or_missed_leaves_the_level_unchanged_but_gap_rules_still_apply",),
    "User overrides": (
        P + "test_make_it_easier_drops_one_level_any_time",
        P + "test_make_it_harder_raises_one_only_after_green_once_per_7_days",
        P + "test_harder_is_refused_within_7_days_of_an_advance",
        D + "test_harder_is_refused_right_after_a_flare_exit",
        D + "test_harder_is_refused_right_after_a_gap_drop"),
    "Flare": (
        P + "test_flare_mode_sessions_are_level_0_walks_or_rest",
        P + "test_flare_ends_after_two_checkins_48_hours_apart_with_pain_at_most_baseline_plus_1",
        P + "test_flare_resumes_two_levels_below_the_level_before_it_floor_1",
        P + "test_a_flare_counts_as_a_red_for_three_in_14_days",
        S + "test_a_flare_from_level_0_resumes_at_level_0",
        D + "test_a_flare_reported_during_a_session_survives_the_next_morning_answer",
        "tests/e2e/test_flare_mode.py::"
        "test_the_daily_flare_message_asks_and_ends_the_flare_without_a_command"),
    "Every decision is stored with its reason": (
        P + "test_every_decision_is_stored_with_its_rule_and_json_inputs",
        "tests/domain/test_engine_machine.py::test_the_engine_holds_its_invariants"),
    "a refused request ... is not a decision": (
        "tests/services/test_dosing_machine.py::"
        "test_the_dose_stays_safe_on_every_path_through_the_use_cases",),
    "While a red-flag hold stands, the dose never changes": (
        D + "test_while_a_red_flag_hold_stands_the_dose_never_changes",
        D + "test_answers_given_during_a_hold_are_applied_after_clearance",
        "tests/services/test_resume_during_hold.py::"
        "test_a_resume_during_a_hold_applies_no_gap_rule_until_clearance"),
    "Screening at onboarding": (
        "tests/domain/test_safety.py::test_eight_red_flags_and_the_first_three_are_emergencies",
        "tests/domain/test_safety.py::test_seven_readiness_questions",
        F + "test_an_emergency_is_cleared_deliberately_with_who_and_when",
        F + "test_a_cancer_survivor_is_asked_what_is_new_at_each_flare"),
    "Any time: a message mentioning a red-flag symptom, or pain ≥ 9/10": (
        "tests/domain/test_symptoms.py::test_alarming_wordings_name_their_red_flag",
        "tests/domain/test_symptoms.py::test_negated_mentions_raise_no_alarm",
        F + "test_severe_pain_in_any_wording_gets_the_safety_message_first",
        F + "test_a_9_on_the_morning_after_question_gets_the_safety_message",
        F + "test_a_no_carries_on_where_the_user_was"),
    "Levels beyond it ... are opt-in only": (
        P + "test_top_level_holds_until_levels_beyond_are_opted_into",
        S + "test_levels_beyond_8_are_reached_only_after_an_opt_in"),
}


def test_every_rule_names_tests_that_exist() -> None:
    for rule, node_ids in RULES.items():
        assert node_ids, rule
        for node_id in node_ids:
            path, name = node_id.split("::")
            module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
            assert callable(getattr(module, name, None)), f"{rule!r}: no test {node_id}"
