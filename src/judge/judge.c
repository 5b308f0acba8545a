#include "judge.h"

#include "../common/checksum.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct feature_info {
    const char *name, *unit;
    double baseline_floor; /* smallest SD a baseline is given: day-to-day noise of the measure */
    int compares_feet;     /* one foot's force against the other's: needs calibrated sensors */
    int running_only;      /* read in running sessions only (its evidence is about runners) */
} feature_info;

static const feature_info features[FEATURE_COUNT] = {
    [FEATURE_PUSHOFF_ASYMMETRY] = {"pushoff_asymmetry_pct", "%", 1.0, 1},
    [FEATURE_PUSHOFF_PEAK_DRIFT] = {"pushoff_peak_drift_pct_per_10min", "%/10min", 1.0},
    [FEATURE_DUTY_FACTOR_DRIFT] = {"duty_factor_drift_pct_per_10min", "%/10min", 1.0, 0, 1},
    [FEATURE_HEEL_CONTACT_SHARE] = {"heel_contact_share", "1", 0.02},
    [FEATURE_LOAD_RATIO] = {"acute_chronic_load_ratio", "1", 0.1},
    [FEATURE_DAYS_WITHOUT_REST] = {"days_without_rest", "d", 1.0},
    [FEATURE_PELVIC_PITCH] = {"pelvic_pitch_above_baseline_deg", "deg", 1.0},
    [FEATURE_SLEEP_HOURS] = {"sleep_hours", "h", 0.5},
    [FEATURE_CRAMP_DAYS] = {"cramp_days_per_week", "d", 1.0},
};

static const struct {
    const char *name, *words, *action, *needs;
} causes[CAUSE_COUNT] = {
    [CAUSE_STRENGTH] =
        {"calf_strength", "lack of calf strength (gastrocnemius and soleus)",
         "progressive calf-raise strength work: bent-knee and eccentric calf raises, "
         "then single-leg raises, then pogo hops",
         "insoles in newtons (push-off asymmetry), 3 earlier sessions (asymmetry against them), "
         "or 3 segments or more (push-off fade; duty-factor drift in running)"},
    [CAUSE_OVERLOAD] = {"overworked_under_recovered", "overworked, under-recovered calves",
                        "recovery days, easy blood-flow work (walking, cycling, massage), and an "
                        "honest look at training volume",
                        "dated sessions (training load) or insoles (push-off fade)"},
    [CAUSE_PELVIC_TILT] =
        {"anterior_pelvic_tilt",
         "anterior pelvic tilt (glutes inhibited, calves overcompensating at "
         "push-off)",
         "pelvic-tilt practice and glute activation before runs",
         "a lower-back sensor whose forward is known (forward_axis in its map) or learnt from its "
         "steps, and 3 earlier sessions read along the same axis"},
    [CAUSE_DORSIFLEXION] = {"limited_ankle_dorsiflexion", "limited ankle dorsiflexion",
                            "the knee-to-wall test, and the knee-to-wall drill before runs",
                            "insoles with heel zones (heel-off)"},
    [CAUSE_LIFESTYLE] = {"hydration_electrolytes_sleep",
                         "dehydration, electrolyte deficiency or lack of sleep",
                         "fluids, electrolytes and sleep: keep the daily log going",
                         "the athlete's own log (athlete-log.csv): not visible in gait"},
};

const char judge_escalation_advice[] =
    "this has lasted two weeks or more: see a physical therapist about persistent calf tightness";

static const char *const level_names[] = {"not assessable", "none", "low", "moderate", "high"};

const char *judge_cause_name(int cause)
{
    return cause >= 0 && cause < CAUSE_COUNT ? causes[cause].name : "?";
}

const char *judge_cause_words(int cause)
{
    return cause >= 0 && cause < CAUSE_COUNT ? causes[cause].words : "?";
}

const char *judge_cause_action(int cause)
{
    return cause >= 0 && cause < CAUSE_COUNT ? causes[cause].action : "?";
}

const char *judge_cause_needs(int cause)
{
    return cause >= 0 && cause < CAUSE_COUNT ? causes[cause].needs : "?";
}

const char *judge_level_name(int level)
{
    return level >= LEVEL_NOT_ASSESSABLE && level <= LEVEL_HIGH ? level_names[level + 1] : "?";
}

void judge_result_digest(const judge_result *result, char hex[65])
{
    checksum_ctx ctx;
    checksum_init(&ctx);
    checksum_add_bytes(&ctx, &result->top_cause, sizeof result->top_cause);
    for (int c = 0; c < CAUSE_COUNT; c++) {
        const judge_finding *f = &result->causes[c];
        int flags[3] = {f->level, f->escalated, f->indicator_count};
        checksum_add_bytes(&ctx, flags, sizeof flags);
        checksum_add_bytes(&ctx, &f->score, sizeof f->score);
        for (int i = 0; i < f->indicator_count && i < JUDGE_MAX_RULES; i++) {
            const judge_indicator *in = &f->indicators[i];
            int which[2] = {in->rule, in->level};
            double numbers[3] = {in->value, in->reference, in->threshold};
            checksum_add_bytes(&ctx, which, sizeof which);
            checksum_add_bytes(&ctx, numbers, sizeof numbers);
        }
    }
    checksum_hex(&ctx, hex);
}

const char *judge_feature_name(int feature)
{
    return feature >= 0 && feature < FEATURE_COUNT ? features[feature].name : "?";
}

const char *judge_feature_unit(int feature)
{
    return feature >= 0 && feature < FEATURE_COUNT ? features[feature].unit : "";
}

/* The value of a feature in session s; NAN where the feature does not apply (running_only). */
static double feature_value(const session_features *s, int feature)
{
    return features[feature].running_only && !s->running ? NAN : s->values[feature];
}

/* The athlete's baseline: mean and SD of the feature over the most recent earlier sessions. */
static int baseline(const session_features *sessions, int now, int feature, double *mean,
                    double *sd)
{
    double values[JUDGE_BASELINE_MAX];
    size_t n = 0;
    for (int i = now - 1; i >= 0 && n < JUDGE_BASELINE_MAX; i--) {
        double value = feature_value(&sessions[i], feature);
        if (isfinite(value)) values[n++] = value;
    }
    if (n < JUDGE_BASELINE_MIN) return 0;
    *mean = gsl_stats_mean(values, 1, n);
    *sd = fmax(gsl_stats_sd_m(values, 1, n, *mean), features[feature].baseline_floor);
    return 1;
}

/* The level one rule gives this session; NOT_ASSESSABLE when its input is missing. */
static int apply_rule(const judge_rule *rule, const session_features *sessions, int now,
                      judge_indicator *out)
{
    double value = feature_value(&sessions[now], rule->feature);
    if (!isfinite(value)) return LEVEL_NOT_ASSESSABLE;
    /* uncalibrated feet differ by their sensors' gains; against the athlete's own sessions with
     * the same sensors a change still shows */
    if (features[rule->feature].compares_feet && rule->reference == REFERENCE_NORMATIVE &&
        sessions[now].force_in_arbitrary_units)
        return LEVEL_NOT_ASSESSABLE;
    double reference = 0, measure = value, sd = 1;
    if (rule->reference == REFERENCE_BASELINE) {
        if (!baseline(sessions, now, rule->feature, &reference, &sd)) return LEVEL_NOT_ASSESSABLE;
        measure = (value - reference) / sd; /* SDs from the athlete's own mean */
    }
    int level = LEVEL_NONE;
    for (int k = 0; k < 3; k++)
        if (rule->direction * (measure - rule->thresholds[k]) >= 0) level = LEVEL_LOW + k;
    out->value = value;
    out->reference = rule->reference == REFERENCE_BASELINE ? reference : NAN;
    int fired = level > LEVEL_NONE ? level - LEVEL_LOW : 0;
    out->threshold = rule->reference == REFERENCE_BASELINE
                         ? reference + rule->thresholds[fired] * sd
                         : rule->thresholds[fired];
    out->level = level;
    return level;
}

void judge_session(const judge_rules *rules, const session_features *sessions, int now,
                   double flagged_since[CAUSE_COUNT], judge_result *out)
{
    memset(out, 0, sizeof *out);
    for (int c = 0; c < CAUSE_COUNT; c++)
        out->causes[c].level = LEVEL_NOT_ASSESSABLE;
    for (int r = 0; r < rules->count; r++) {
        const judge_rule *rule = &rules->rules[r];
        judge_finding *finding = &out->causes[rule->cause];
        judge_indicator indicator = {r, NAN, NAN, NAN, LEVEL_NOT_ASSESSABLE};
        int level = apply_rule(rule, sessions, now, &indicator);
        if (level == LEVEL_NOT_ASSESSABLE) continue;
        if (level > finding->level) finding->level = level;
        if (level > LEVEL_NONE) {
            finding->score += level;
            finding->indicators[finding->indicator_count++] = indicator;
        }
    }
    out->top_cause = -1;
    double day = sessions[now].day;
    for (int c = 0; c < CAUSE_COUNT; c++) {
        judge_finding *f = &out->causes[c];
        if (f->level >= LEVEL_LOW) {
            if (!isfinite(flagged_since[c])) flagged_since[c] = day;
            f->escalated = isfinite(day) && day - flagged_since[c] >= JUDGE_PERSIST_DAYS;
        } else {
            flagged_since[c] = NAN;
        }
        if (f->level > LEVEL_NONE &&
            (out->top_cause < 0 || f->level > out->causes[out->top_cause].level ||
             (f->level == out->causes[out->top_cause].level &&
              f->score > out->causes[out->top_cause].score)))
            out->top_cause = c;
    }
}

/* Session now's trunk pitch (above its standing pitch, or as measured) minus its mean over the
 * athlete's earlier sessions that have one along the same axis, found the same way; NAN with
 * fewer than JUDGE_BASELINE_MIN of them. */
static double pitch_of(const session_features *s, int above_standing)
{
    return above_standing ? s->trunk_pitch_above_standing_deg : s->trunk_pitch_deg;
}

int judge_pitches_compare(const char *axis, int learnt, const char *other_axis, int other_learnt)
{
    if (learnt != other_learnt) return 0;
    return !axis[0] || !other_axis[0] || strcmp(axis, other_axis) == 0;
}

static double pitch_change(const session_features *sessions, int now, int above_standing)
{
    double current = pitch_of(&sessions[now], above_standing), pitches[JUDGE_BASELINE_MAX];
    size_t n = 0;
    for (int i = now - 1; isfinite(current) && i >= 0 && n < JUDGE_BASELINE_MAX; i--)
        if (isfinite(pitch_of(&sessions[i], above_standing)) &&
            judge_pitches_compare(sessions[i].trunk_pitch_axis, sessions[i].trunk_pitch_learnt,
                                  sessions[now].trunk_pitch_axis, sessions[now].trunk_pitch_learnt))
            pitches[n++] = pitch_of(&sessions[i], above_standing);
    return n >= JUDGE_BASELINE_MIN ? current - gsl_stats_mean(pitches, 1, n) : NAN;
}

void judge_history_features(session_features *sessions, int count, int now)
{
    session_features *s = &sessions[now];
    s->values[FEATURE_LOAD_RATIO] = NAN;
    s->values[FEATURE_DAYS_WITHOUT_REST] = NAN;
    s->values[FEATURE_PELVIC_PITCH] = NAN;
    /* pitch depends on how the sensor sits: only the change from the athlete's own sessions
     * counts, above the pitch standing when this session and enough earlier ones have one (that
     * also takes out a sensor strapped on at another angle), else as measured */
    double above = pitch_change(sessions, now, 1);
    s->values[FEATURE_PELVIC_PITCH] = isfinite(above) ? above : pitch_change(sessions, now, 0);
    if (!isfinite(s->day)) return;
    double acute = 0, chronic = 0, first = s->day;
    for (int i = 0; i <= now && i < count; i++) {
        if (!isfinite(sessions[i].day) || sessions[i].day > s->day) continue;
        double age = s->day - sessions[i].day;
        if (age < 7) acute += sessions[i].minutes;
        if (age < 28) chronic += sessions[i].minutes;
        if (sessions[i].day < first) first = sessions[i].day;
    }
    /* the 28-day (chronic) load means nothing before three weeks of history */
    if (s->day - first >= 21 && chronic > 0) s->values[FEATURE_LOAD_RATIO] = acute / (chronic / 4);
    /* consecutive days with a session, counting back from this one */
    int streak = 1;
    double expected = s->day - 1;
    for (int i = now - 1; i >= 0; i--) {
        if (!isfinite(sessions[i].day)) continue;
        if (sessions[i].day >= expected + 1) continue; /* same day as a later one */
        if (sessions[i].day < expected) break;
        streak++;
        expected -= 1;
    }
    s->values[FEATURE_DAYS_WITHOUT_REST] = streak;
}
