/* judge: session features + the athlete's earlier sessions -> findings on the five causes of tight,
 * overworked calves (strength, overload, anterior pelvic tilt, ankle dorsiflexion, and hydration /
 * electrolytes / sleep). Pure: no I/O but the rules file. Rules are data: a table of built-in
 * defaults that a JSON file can replace. Findings are indicators with evidence, never diagnoses. */
#ifndef GB_JUDGE_H
#define GB_JUDGE_H

#include "../common/gb_error.h"

enum judge_cause {
    CAUSE_STRENGTH,
    CAUSE_OVERLOAD,
    CAUSE_PELVIC_TILT,
    CAUSE_DORSIFLEXION,
    CAUSE_LIFESTYLE,
    CAUSE_COUNT
};

enum judge_level { LEVEL_NOT_ASSESSABLE = -1, LEVEL_NONE, LEVEL_LOW, LEVEL_MODERATE, LEVEL_HIGH };

/* What a session offers the rules; NAN when unknown. */
enum judge_feature {
    FEATURE_PUSHOFF_ASYMMETRY,  /* |push-off impulse SI|, % */
    FEATURE_PUSHOFF_PEAK_DRIFT, /* push-off peak drift, %/10 min (mean of both sides) */
    FEATURE_DUTY_FACTOR_DRIFT,  /* contact / stride drift, %/10 min: contact time corrected for
                                   cadence */
    FEATURE_HEEL_CONTACT_SHARE, /* share of stance before heel-off (mean of both sides) */
    FEATURE_LOAD_RATIO,         /* acute:chronic load, minutes of the last 7 days / (28 days / 4) */
    FEATURE_DAYS_WITHOUT_REST,  /* consecutive days with a session, up to this one */
    FEATURE_PELVIC_PITCH,       /* trunk forward pitch above baseline, deg: needs a sacrum sensor */
    FEATURE_SLEEP_HOURS,        /* mean sleep over the 3 logged days up to the session */
    FEATURE_CRAMP_DAYS,         /* days with cramps among the 7 logged days up to the session */
    FEATURE_COUNT
};

typedef struct session_features {
    char athlete[64], session[64];
    double day; /* days since 1970-01-01 (from the session date); NAN when unknown */
    double minutes;
    double trunk_pitch_deg; /* median trunk pitch in gait (sacrum sensor), NAN without one */
    double trunk_pitch_above_standing_deg; /* the same minus the pitch standing (standing_s) */
    /* the sensor axis both were read along, and whether it was learnt (report.h): only sessions
     * alike in both make a pitch baseline; "" (reports from before 0.6.0) goes with any axis */
    char trunk_pitch_axis[8];
    int trunk_pitch_learnt;
    /* forces in arbitrary units (foot switches, uncalibrated insoles): each foot's sensor has its
     * own gain, so the feet are not compared with a normative threshold */
    int force_in_arbitrary_units;
    int running; /* the session's activity is running (features read in running only) */
    double values[FEATURE_COUNT];
} session_features;

enum judge_reference { REFERENCE_NORMATIVE, REFERENCE_BASELINE };

typedef struct judge_rule {
    char id[40];
    int cause, feature;
    int direction; /* +1: higher is worse; -1: lower is worse */
    int reference; /* NORMATIVE: thresholds are values; BASELINE: SDs beyond the athlete's mean */
    double thresholds[3]; /* low, moderate, high */
    char citation[200];
    char words[200]; /* what the indicator means, in plain words */
} judge_rule;

#define JUDGE_MAX_RULES 64
#define JUDGE_BASELINE_MIN 3    /* earlier sessions needed for a baseline */
#define JUDGE_BASELINE_MAX 10   /* the most recent sessions that make it */
#define JUDGE_PERSIST_DAYS 14.0 /* a finding this long gets the physical-therapist advice */

typedef struct judge_rules {
    int count;
    judge_rule rules[JUDGE_MAX_RULES];
} judge_rules;

typedef struct judge_indicator {
    int rule; /* index in the rules */
    double value, reference, threshold;
    int level;
} judge_indicator;

typedef struct judge_finding {
    int level;     /* the highest level of its indicators; NOT_ASSESSABLE when none could be read */
    double score;  /* sum of its indicators' levels */
    int escalated; /* at low or above for JUDGE_PERSIST_DAYS or longer */
    int indicator_count;
    judge_indicator indicators[JUDGE_MAX_RULES];
} judge_finding;

typedef struct judge_result {
    judge_finding causes[CAUSE_COUNT];
    int top_cause; /* the cause with the highest level and score; -1 when nothing fired */
} judge_result;

void judge_rules_default(judge_rules *rules);
/* Replaces the defaults with a JSON rules file (format in README.md); unknown keys warn. */
int judge_rules_load(const char *path, judge_rules *rules, const gb_warner *warner, gb_error *err);

/* Fills the history-based features (load ratio, days without rest, trunk pitch above the athlete's
 * earlier sessions) of sessions[now] from the sessions before it; sessions are one athlete's,
 * sorted by day. */
void judge_history_features(session_features *sessions, int count, int now);
/* Whether two sessions' trunk pitches compare: read along the same sensor axis, both from the
 * map's forward_axis or both along a learnt one (session_features; "" goes with any axis). */
int judge_pitches_compare(const char *axis, int learnt, const char *other_axis, int other_learnt);
/* Findings for sessions[now], with sessions[0 .. now-1] (same athlete, sorted by day) as history.
 * flagged_since[cause]: the day from which the cause has been at low or above without a break (NAN
 * when it was not); updated for this session, so pass the same array session after session. */
void judge_session(const judge_rules *rules, const session_features *sessions, int now,
                   double flagged_since[CAUSE_COUNT], judge_result *out);

const char *judge_cause_name(int cause);
const char *judge_cause_words(int cause);
const char *judge_cause_action(int cause);
const char *judge_cause_needs(int cause); /* what makes the cause assessable, in plain words */
const char *judge_level_name(int level);
/* A digest of a session's findings (levels, scores and every indicator's numbers): two results
 * with the same digest write the same /findings with the same rules. */
void judge_result_digest(const judge_result *result, char hex[65]);
const char *judge_feature_name(int feature);
const char *judge_feature_unit(int feature);
extern const char judge_escalation_advice[];

#endif
