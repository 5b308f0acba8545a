/* Findings rules: each on both sides of its threshold; a healthy athlete; each pattern alone. */
#include <math.h>
#include <string.h>

#include "../src/judge/judge.h"
#include "test_util.h"

static judge_rules rules;

static int setup(void **state)
{
    (void)state;
    judge_rules_default(&rules);
    return 0;
}

/* A healthy run: everything in the normal range, history features unknown. */
static session_features healthy(double day)
{
    session_features s = {.athlete = "a", .session = "s", .day = day, .minutes = 30, .running = 1};
    s.trunk_pitch_deg = s.trunk_pitch_above_standing_deg = NAN;
    s.values[FEATURE_PUSHOFF_ASYMMETRY] = 1.0;
    s.values[FEATURE_PUSHOFF_PEAK_DRIFT] = -0.3;
    s.values[FEATURE_DUTY_FACTOR_DRIFT] = 0.2;
    s.values[FEATURE_HEEL_CONTACT_SHARE] = 0.46;
    s.values[FEATURE_LOAD_RATIO] = NAN;
    s.values[FEATURE_DAYS_WITHOUT_REST] = 1;
    s.values[FEATURE_PELVIC_PITCH] = NAN;
    s.values[FEATURE_SLEEP_HOURS] = NAN;
    s.values[FEATURE_CRAMP_DAYS] = NAN;
    return s;
}

static judge_result judge_one(const session_features *s)
{
    double flagged[CAUSE_COUNT] = {NAN, NAN, NAN, NAN, NAN};
    judge_result r;
    judge_session(&rules, s, 0, flagged, &r);
    return r;
}

static int rule_index(const char *id)
{
    for (int i = 0; i < rules.count; i++)
        if (strcmp(rules.rules[i].id, id) == 0) return i;
    fail_msg("no rule %s", id);
    return -1;
}

static int fired(const judge_result *r, int cause, const char *id)
{
    const judge_finding *f = &r->causes[cause];
    for (int i = 0; i < f->indicator_count; i++)
        if (f->indicators[i].rule == rule_index(id)) return f->indicators[i].level;
    return LEVEL_NONE;
}

static void test_healthy_athlete_has_no_finding(void **state)
{
    (void)state;
    session_features s = healthy(20000);
    judge_result r = judge_one(&s);
    assert_int_equal(r.top_cause, -1);
    for (int c = 0; c < CAUSE_COUNT; c++)
        assert_true(r.causes[c].level <= LEVEL_NONE);
    assert_int_equal(r.causes[CAUSE_STRENGTH].level, LEVEL_NONE);
    assert_int_equal(r.causes[CAUSE_PELVIC_TILT].level,
                     LEVEL_NOT_ASSESSABLE);                                  /* no sacrum sensor */
    assert_int_equal(r.causes[CAUSE_LIFESTYLE].level, LEVEL_NOT_ASSESSABLE); /* no log */
}

/* The digest the batch compares findings by (judge_result_digest): the same judging gives the same
 * one; a level, or a fired indicator's value in its last digit, another. Values that fire nothing
 * are not in the findings, nor in the digest. */
static void test_findings_digest(void **state)
{
    (void)state;
    session_features s = healthy(20000);
    judge_result healthy_once = judge_one(&s), healthy_again = judge_one(&s);
    s.values[FEATURE_PUSHOFF_ASYMMETRY] = nextafter(1.0, 2.0);
    judge_result healthy_nudged = judge_one(&s);
    s.values[FEATURE_PUSHOFF_ASYMMETRY] = 20.0;
    judge_result flagged = judge_one(&s);
    s.values[FEATURE_PUSHOFF_ASYMMETRY] = nextafter(20.0, 21.0);
    judge_result flagged_nudged = judge_one(&s);
    assert_true(flagged.causes[CAUSE_STRENGTH].level > LEVEL_NONE);
    assert_int_equal(flagged_nudged.causes[CAUSE_STRENGTH].level,
                     flagged.causes[CAUSE_STRENGTH].level);
    char once[65], again[65], nudged[65], fired[65], fired_nudged[65];
    judge_result_digest(&healthy_once, once);
    judge_result_digest(&healthy_again, again);
    judge_result_digest(&healthy_nudged, nudged);
    judge_result_digest(&flagged, fired);
    judge_result_digest(&flagged_nudged, fired_nudged);
    assert_int_equal(strlen(once), 64);
    assert_string_equal(once, again);
    assert_string_equal(once, nudged);
    assert_string_not_equal(once, fired);
    assert_string_not_equal(fired, fired_nudged);
}

/* The duty factor's drift is a runner's fatigue sign (Hanley and Mohan 2014): a walk's, where
 * pace and cadence wander (free-living walks drift by 20-40 %/10 min), is not judged, and a walk
 * does not enter a baseline of it either. The same drift in a run gives a high finding. */
static void test_duty_factor_drift_in_running_only(void **state)
{
    (void)state;
    session_features s = healthy(20000);
    s.values[FEATURE_DUTY_FACTOR_DRIFT] = 30;
    judge_result r = judge_one(&s);
    assert_int_equal(fired(&r, CAUSE_STRENGTH, "duty-factor-rise"), LEVEL_HIGH);
    s.running = 0;
    r = judge_one(&s);
    assert_int_equal(fired(&r, CAUSE_STRENGTH, "duty-factor-rise"), LEVEL_NONE);
    assert_int_equal(r.causes[CAUSE_STRENGTH].level, LEVEL_NONE); /* push-off still judged */
    s.values[FEATURE_PUSHOFF_ASYMMETRY] = s.values[FEATURE_PUSHOFF_PEAK_DRIFT] = NAN;
    r = judge_one(&s);
    assert_int_equal(r.causes[CAUSE_STRENGTH].level, LEVEL_NOT_ASSESSABLE); /* a lower back's */
}

/* Each normative rule: just inside its low threshold gives none, just beyond gives low, and beyond
 * the high threshold gives high. */
static void test_each_normative_rule_on_both_sides(void **state)
{
    (void)state;
    for (int i = 0; i < rules.count; i++) {
        const judge_rule *rule = &rules.rules[i];
        if (rule->reference != REFERENCE_NORMATIVE) continue;
        double step = 0.01 * fmax(1.0, fabs(rule->thresholds[0]));
        const double values[3] = {rule->thresholds[0] - rule->direction * step,
                                  rule->thresholds[0] + rule->direction * step,
                                  rule->thresholds[2] + rule->direction * step};
        const int expected[3] = {LEVEL_NONE, LEVEL_LOW, LEVEL_HIGH};
        for (int k = 0; k < 3; k++) {
            session_features s = healthy(20000);
            s.values[rule->feature] = values[k];
            judge_result r = judge_one(&s);
            if (fired(&r, rule->cause, rule->id) != expected[k])
                fail_msg("rule %s at %g: level %d, expected %d", rule->id, values[k],
                         fired(&r, rule->cause, rule->id), expected[k]);
            assert_int_equal(r.causes[rule->cause].level, expected[k]);
        }
    }
}

static void test_baseline_rules_need_history_and_compare_with_it(void **state)
{
    (void)state;
    session_features s[6];
    for (int i = 0; i < 6; i++)
        s[i] = healthy(20000 + 7 * i);
    /* the athlete's usual asymmetry: 1, 2, 1, 2, 1 %  (mean 1.4, SD 0.55 -> floor 1.0) */
    for (int i = 0; i < 5; i++)
        s[i].values[FEATURE_PUSHOFF_ASYMMETRY] = i % 2 ? 2 : 1;
    double flagged[CAUSE_COUNT] = {NAN, NAN, NAN, NAN, NAN};
    judge_result r;
    s[5].values[FEATURE_PUSHOFF_ASYMMETRY] = 3.3; /* 1.9 SD above: not yet */
    judge_session(&rules, s, 5, flagged, &r);
    assert_int_equal(fired(&r, CAUSE_STRENGTH, "pushoff-asymmetry-vs-baseline"), LEVEL_NONE);
    s[5].values[FEATURE_PUSHOFF_ASYMMETRY] = 3.5; /* 2.1 SD above, still normal by the norm */
    judge_session(&rules, s, 5, flagged, &r);
    assert_int_equal(fired(&r, CAUSE_STRENGTH, "pushoff-asymmetry-vs-baseline"), LEVEL_LOW);
    assert_int_equal(fired(&r, CAUSE_STRENGTH, "pushoff-asymmetry"), LEVEL_NONE);
    const judge_indicator *i = &r.causes[CAUSE_STRENGTH].indicators[0];
    assert_float_equal(i->reference, 1.4, 1e-12);
    assert_float_equal(i->threshold, 1.4 + 2 * 1.0, 1e-12);
    /* with only two earlier sessions there is no baseline */
    judge_session(&rules, s + 3, 2, flagged, &r);
    assert_int_equal(fired(&r, CAUSE_STRENGTH, "pushoff-asymmetry-vs-baseline"), LEVEL_NONE);
}

static void test_each_pattern_points_to_its_own_cause(void **state)
{
    (void)state;
    struct {
        int cause, feature;
        double value;
    } patterns[] = {
        {CAUSE_STRENGTH, FEATURE_PUSHOFF_ASYMMETRY, 16},
        {CAUSE_STRENGTH, FEATURE_PUSHOFF_PEAK_DRIFT, -5},
        {CAUSE_OVERLOAD, FEATURE_LOAD_RATIO, 1.8},
        {CAUSE_DORSIFLEXION, FEATURE_HEEL_CONTACT_SHARE, 0.30},
        {CAUSE_LIFESTYLE, FEATURE_SLEEP_HOURS, 5.5},
    };
    for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
        session_features s = healthy(20000);
        s.values[patterns[p].feature] = patterns[p].value;
        judge_result r = judge_one(&s);
        assert_int_equal(r.top_cause, patterns[p].cause);
        assert_true(r.causes[patterns[p].cause].level >= LEVEL_MODERATE);
        for (int c = 0; c < CAUSE_COUNT; c++)
            if (c != patterns[p].cause) assert_true(r.causes[c].level <= LEVEL_LOW);
    }
}

static void test_history_features_and_persistence(void **state)
{
    (void)state;
    session_features s[40];
    int n = 0;
    /* three weeks of 30 min every other day, then a week of 60 min every day */
    for (int d = 0; d < 21; d += 2)
        s[n] = healthy(20000 + d), s[n++].minutes = 30;
    for (int d = 21; d < 28; d++)
        s[n] = healthy(20000 + d), s[n++].minutes = 60;
    for (int i = 0; i < n; i++)
        judge_history_features(s, n, i);
    assert_true(isnan(s[3].values[FEATURE_LOAD_RATIO])); /* under three weeks of history */
    /* last session (day 27): acute = 7 x 60 = 420 min; chronic = 11 x 30 + 420 = 750 min / 4 */
    assert_float_equal(s[n - 1].values[FEATURE_LOAD_RATIO], 420.0 / (750.0 / 4), 1e-9);
    assert_float_equal(s[n - 1].values[FEATURE_DAYS_WITHOUT_REST], 8, 0); /* days 20 to 27 */
    assert_float_equal(s[4].values[FEATURE_DAYS_WITHOUT_REST], 1, 0);
    /* a finding that lasts 14 days escalates to the physical-therapist advice */
    double flagged[CAUSE_COUNT] = {NAN, NAN, NAN, NAN, NAN};
    judge_result r;
    for (int i = 0; i < n; i++) {
        s[i].values[FEATURE_PUSHOFF_ASYMMETRY] = s[i].day >= 20006 ? 12 : 1;
        judge_session(&rules, s, i, flagged, &r);
        double span = s[i].day - 20006;
        if (s[i].day >= 20006) assert_int_equal(r.causes[CAUSE_STRENGTH].escalated, span >= 14);
    }
    assert_true(r.causes[CAUSE_STRENGTH].escalated);
}

/* Documented: baselines use only earlier sessions, so a later session never changes an earlier
 * session's findings; and it joins the baseline of the sessions after it. */
static void test_later_sessions_extend_the_baseline_only_forward(void **state)
{
    (void)state;
    session_features s[8];
    const double asymmetry[8] = {1, 2, 1, 2, 3.5, 9, 9, 9};
    for (int i = 0; i < 8; i++) {
        s[i] = healthy(20000 + 7 * i);
        s[i].values[FEATURE_PUSHOFF_ASYMMETRY] = asymmetry[i];
    }
    double flagged[CAUSE_COUNT] = {NAN, NAN, NAN, NAN, NAN};
    judge_result with_five, again;
    for (int i = 0; i < 5; i++)
        judge_session(&rules, s, i, flagged, &with_five);
    /* session 4 (3.5 %) against 1, 2, 1, 2: mean 1.5, SD 1 (floor) -> 2 SD: low */
    assert_int_equal(fired(&with_five, CAUSE_STRENGTH, "pushoff-asymmetry-vs-baseline"), LEVEL_LOW);
    /* with three later sessions added, session 4 is judged the same */
    double flagged_again[CAUSE_COUNT] = {NAN, NAN, NAN, NAN, NAN};
    for (int i = 0; i < 5; i++)
        judge_session(&rules, s, i, flagged_again, &again);
    assert_memory_equal(&again, &with_five, sizeof again);
    /* session 7 (9 %) has 1, 2, 1, 2, 3.5, 9, 9 as its baseline (mean 3.9, SD 3.6): 9 is 1.4 SD
     * above it and no longer stands out against the athlete's own history */
    judge_result last;
    for (int i = 5; i < 8; i++)
        judge_session(&rules, s, i, flagged_again, &last);
    assert_int_equal(fired(&last, CAUSE_STRENGTH, "pushoff-asymmetry-vs-baseline"), LEVEL_NONE);
    assert_int_equal(fired(&last, CAUSE_STRENGTH, "pushoff-asymmetry"),
                     LEVEL_LOW); /* the norm stays */
}

static void test_trunk_pitch_against_own_sessions(void **state)
{
    (void)state;
    session_features s[5];
    const double pitch[5] = {8, 9, 8, 9, 14.5}; /* deg, forward; the last session 6 deg more */
    for (int i = 0; i < 5; i++) {
        s[i] = healthy(20000 + 7 * i);
        s[i].trunk_pitch_deg = pitch[i];
    }
    double flagged[CAUSE_COUNT] = {NAN, NAN, NAN, NAN, NAN};
    judge_result r;
    for (int i = 0; i < 5; i++) {
        judge_history_features(s, 5, i);
        judge_session(&rules, s, i, flagged, &r);
        if (i < 3) assert_int_equal(r.causes[CAUSE_PELVIC_TILT].level, LEVEL_NOT_ASSESSABLE);
        if (i == 3) assert_int_equal(r.causes[CAUSE_PELVIC_TILT].level, LEVEL_NONE); /* 0.7 deg */
    }
    assert_float_equal(s[4].values[FEATURE_PELVIC_PITCH], 14.5 - 8.5, 1e-12);
    assert_int_equal(r.causes[CAUSE_PELVIC_TILT].level, LEVEL_MODERATE); /* 6 deg: 5 <= 6 < 8 */
    assert_int_equal(r.top_cause, CAUSE_PELVIC_TILT);
}

/* The same pitches in gait, but in the last session the sensor was strapped on 5.5 deg further
 * forward: its standing pitch (standing_s) rose as much, so the pitch above standing did not
 * change and nothing is flagged. With standing pitches in too few earlier sessions, the judge
 * falls back to the pitch as measured. */
static void test_trunk_pitch_above_standing(void **state)
{
    (void)state;
    session_features s[5];
    const double pitch[5] = {8, 9, 8, 9, 14.5}, standing[5] = {6, 7, 6, 7, 12.5};
    for (int i = 0; i < 5; i++) {
        s[i] = healthy(20000 + 7 * i);
        s[i].trunk_pitch_deg = pitch[i];
        s[i].trunk_pitch_above_standing_deg = pitch[i] - standing[i];
    }
    double flagged[CAUSE_COUNT] = {NAN, NAN, NAN, NAN, NAN};
    judge_result r;
    judge_history_features(s, 5, 4);
    judge_session(&rules, s, 4, flagged, &r);
    assert_float_equal(s[4].values[FEATURE_PELVIC_PITCH], 0, 1e-12);
    assert_int_equal(r.causes[CAUSE_PELVIC_TILT].level, LEVEL_NONE);
    /* two earlier sessions with a standing pitch: too few, so the pitch as measured counts */
    s[1].trunk_pitch_above_standing_deg = s[2].trunk_pitch_above_standing_deg = NAN;
    judge_history_features(s, 5, 4);
    judge_session(&rules, s, 4, flagged, &r);
    assert_float_equal(s[4].values[FEATURE_PELVIC_PITCH], 14.5 - 8.5, 1e-12);
    assert_int_equal(r.causes[CAUSE_PELVIC_TILT].level, LEVEL_MODERATE);
}

/* Pitches read along different sensor axes, or one from the map's forward axis and one along a
 * learnt one, do not compare: the last session (learnt along z) has only two earlier sessions
 * alike, so the rule cannot judge it; with three it can. Reports from before 0.6.0 name no axis,
 * and go with any axis from a map. */
static void test_trunk_pitch_only_along_the_same_axis(void **state)
{
    (void)state;
    session_features s[5];
    const double pitch[5] = {8, 9, 8, 9, 14.5};
    const char *axis[5] = {"-y", "z", "z", "z", "z"};
    const int learnt[5] = {1, 0, 1, 1, 1};
    for (int i = 0; i < 5; i++) {
        s[i] = healthy(20000 + 7 * i);
        s[i].trunk_pitch_deg = pitch[i];
        snprintf(s[i].trunk_pitch_axis, sizeof s[i].trunk_pitch_axis, "%s", axis[i]);
        s[i].trunk_pitch_learnt = learnt[i];
    }
    double flagged[CAUSE_COUNT] = {NAN, NAN, NAN, NAN, NAN};
    judge_result r;
    judge_history_features(s, 5, 4);
    judge_session(&rules, s, 4, flagged, &r);
    assert_true(isnan(s[4].values[FEATURE_PELVIC_PITCH]));
    assert_int_equal(r.causes[CAUSE_PELVIC_TILT].level, LEVEL_NOT_ASSESSABLE);
    snprintf(s[0].trunk_pitch_axis, sizeof s[0].trunk_pitch_axis, "z"); /* now three alike */
    judge_history_features(s, 5, 4);
    judge_session(&rules, s, 4, flagged, &r);
    assert_float_equal(s[4].values[FEATURE_PELVIC_PITCH], 14.5 - (8 + 8 + 9) / 3.0, 1e-12);
    assert_int_equal(r.causes[CAUSE_PELVIC_TILT].level, LEVEL_MODERATE);
    assert_true(judge_pitches_compare("", 0, "-x", 0));
    assert_false(judge_pitches_compare("", 0, "-x", 1));
    assert_false(judge_pitches_compare("x", 0, "-x", 0));
}

/* Every cause has its words, its remedy and what it needs when it cannot be judged: `show`
 * prints them for recordings without the sensors (an unset one printed "(null)"). */
/* Foot switches and uncalibrated insoles: each foot's sensor has its own gain, so a 20 %
 * push-off asymmetry says nothing against the normative threshold; calibrated, it is high. */
static void test_uncalibrated_feet_are_not_compared(void **state)
{
    (void)state;
    session_features s = healthy(20000);
    s.values[FEATURE_PUSHOFF_ASYMMETRY] = 20;
    judge_result calibrated = judge_one(&s);
    assert_int_equal(fired(&calibrated, CAUSE_STRENGTH, "pushoff-asymmetry"), LEVEL_HIGH);
    assert_int_equal(calibrated.causes[CAUSE_STRENGTH].level, LEVEL_HIGH);
    s.force_in_arbitrary_units = 1;
    judge_result arbitrary = judge_one(&s);
    assert_int_equal(fired(&arbitrary, CAUSE_STRENGTH, "pushoff-asymmetry"), LEVEL_NONE);
    assert_int_equal(arbitrary.causes[CAUSE_STRENGTH].level, LEVEL_NONE);
}

static void test_every_cause_is_described(void **state)
{
    (void)state;
    for (int cause = 0; cause < CAUSE_COUNT; cause++) {
        const char *texts[] = {judge_cause_name(cause), judge_cause_words(cause),
                               judge_cause_action(cause), judge_cause_needs(cause)};
        for (int k = 0; k < 4; k++) {
            assert_non_null(texts[k]);
            assert_true(strlen(texts[k]) > 3);
        }
    }
    assert_non_null(strstr(judge_cause_needs(CAUSE_STRENGTH), "insoles"));
}

static void test_rules_file(void **state)
{
    (void)state;
    test_scratch("judge_rules");
    test_write_file(test_path("rules.json"),
                    "{\"rules\": [{\"id\": \"strict-asymmetry\", \"cause\": \"calf_strength\", "
                    "\"feature\": \"pushoff_asymmetry_pct\", \"worse\": \"higher\", "
                    "\"reference\": \"normative\", \"thresholds\": [3, 5, 8], \"colour\": 1}]}");
    judge_rules loaded;
    gb_error err = {0};
    test_warnings warnings = {0};
    gb_warner warner = {test_collect_warning, &warnings};
    assert_int_equal(judge_rules_load(test_path("rules.json"), &loaded, &warner, &err), 0);
    assert_int_equal(loaded.count, 1);
    assert_float_equal(loaded.rules[0].thresholds[1], 5, 0);
    assert_contains(warnings.last, "unknown key 'colour'");
    test_write_file(
        test_path("bad.json"),
        "{\"rules\": [{\"id\": \"x\", \"cause\": \"calf_strength\", \"feature\": "
        "\"pushoff_asymmetry_pct\", \"worse\": \"higher\", \"reference\": \"normative\", "
        "\"thresholds\": [5, 3, 8]}]}");
    assert_int_equal(judge_rules_load(test_path("bad.json"), &loaded, NULL, &err), GB_E_ARG);
    assert_contains(err.message, "grow in the worse direction");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_healthy_athlete_has_no_finding),
        cmocka_unit_test(test_duty_factor_drift_in_running_only),
        cmocka_unit_test(test_each_normative_rule_on_both_sides),
        cmocka_unit_test(test_baseline_rules_need_history_and_compare_with_it),
        cmocka_unit_test(test_each_pattern_points_to_its_own_cause),
        cmocka_unit_test(test_history_features_and_persistence),
        cmocka_unit_test(test_later_sessions_extend_the_baseline_only_forward),
        cmocka_unit_test(test_trunk_pitch_against_own_sessions),
        cmocka_unit_test(test_trunk_pitch_above_standing),
        cmocka_unit_test(test_trunk_pitch_only_along_the_same_axis),
        cmocka_unit_test(test_uncalibrated_feet_are_not_compared),
        cmocka_unit_test(test_every_cause_is_described),
        cmocka_unit_test(test_rules_file),
        cmocka_unit_test(test_findings_digest),
    };
    return cmocka_run_group_tests_name("judge", tests, setup, NULL);
}
