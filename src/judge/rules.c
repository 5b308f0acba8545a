/* The findings rules: built-in defaults, and the JSON file that replaces them (README.md,
 * Findings). */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../common/json_keys.h"
#include "judge.h"

typedef struct default_rule {
    const char *id;
    int cause, feature, direction, reference;
    double low, moderate, high;
    const char *citation, *words;
} default_rule;

static const default_rule defaults[] = {
    {"pushoff-asymmetry", CAUSE_STRENGTH, FEATURE_PUSHOFF_ASYMMETRY, +1, REFERENCE_NORMATIVE, 6.6,
     10, 15,
     "Girard et al. 2019, Eur J Appl Physiol: healthy trained runners' push-off impulse symmetry "
     "angle about 2.1 % (SI about pi x SA = 6.6 %); Malisoux et al. 2024: no universal 10 % rule",
     "one leg pushes off with less impulse than the other"},
    {"pushoff-asymmetry-vs-baseline", CAUSE_STRENGTH, FEATURE_PUSHOFF_ASYMMETRY, +1,
     REFERENCE_BASELINE, 2, 3, 4, "the athlete's own earlier sessions (mean and SD)",
     "push-off asymmetry is larger than in this athlete's usual sessions"},
    {"pushoff-fade", CAUSE_STRENGTH, FEATURE_PUSHOFF_PEAK_DRIFT, -1, REFERENCE_NORMATIVE, -2, -4,
     -6, "provisional: no published normative drift; chosen from simulated fatigue (README)",
     "push-off force falls through the session"},
    {"duty-factor-rise", CAUSE_STRENGTH, FEATURE_DUTY_FACTOR_DRIFT, +1, REFERENCE_NORMATIVE, 2, 4,
     6,
     "Hanley and Mohan 2014: contact time falls at constant pace in fresh runners, so a rise in "
     "contact per stride at the same cadence marks fatigue; thresholds provisional",
     "each stride spends a growing share on the ground at the same cadence"},
    {"load-spike", CAUSE_OVERLOAD, FEATURE_LOAD_RATIO, +1, REFERENCE_NORMATIVE, 1.3, 1.5, 2.0,
     "Gabbett 2016, Br J Sports Med 50:273: acute:chronic load above about 1.5 goes with more "
     "injuries, 0.8-1.3 is the usual range",
     "this week's time on feet (running and walking) is well above the athlete's four-week "
     "average"},
    {"no-rest-day", CAUSE_OVERLOAD, FEATURE_DAYS_WITHOUT_REST, +1, REFERENCE_NORMATIVE, 7, 10, 14,
     "the article's advice on recovery days; at least one rest day a week is common practice",
     "many days in a row without a rest day"},
    {"fade-vs-baseline", CAUSE_OVERLOAD, FEATURE_PUSHOFF_PEAK_DRIFT, -1, REFERENCE_BASELINE, -2, -3,
     -4, "the athlete's own earlier sessions (mean and SD)",
     "push-off fades sooner than in this athlete's usual sessions"},
    {"pelvic-pitch", CAUSE_PELVIC_TILT, FEATURE_PELVIC_PITCH, +1, REFERENCE_NORMATIVE, 3, 5, 8,
     "needs a sacrum sensor, forward along its map's forward_axis or learnt, and 3 earlier "
     "sessions alike: the median pitch in gait against the athlete's own (above standing: the "
     "map's standing_s, or quiet standing found next to gait); provisional",
     "the trunk tips further forward than usual"},
    {"early-heel-off", CAUSE_DORSIFLEXION, FEATURE_HEEL_CONTACT_SHARE, -1, REFERENCE_NORMATIVE,
     0.38, 0.33, 0.28,
     "provisional: the heel usually stays loaded for 40-55 % of stance in heel-strike running and "
     "walking; an early heel-off can come from limited dorsiflexion",
     "the heel lifts early in stance"},
    {"early-heel-off-vs-baseline", CAUSE_DORSIFLEXION, FEATURE_HEEL_CONTACT_SHARE, -1,
     REFERENCE_BASELINE, -2, -3, -4, "the athlete's own earlier sessions (mean and SD)",
     "the heel lifts earlier than in this athlete's usual sessions"},
    {"short-sleep", CAUSE_LIFESTYLE, FEATURE_SLEEP_HOURS, -1, REFERENCE_NORMATIVE, 7, 6, 5,
     "Hirshkowitz et al. 2015, Sleep Health 1:40: 7-9 h recommended for adults",
     "short sleep in the days before the session (athlete's log)"},
    {"cramps", CAUSE_LIFESTYLE, FEATURE_CRAMP_DAYS, +1, REFERENCE_NORMATIVE, 1, 3, 5,
     "the athlete's log; cramps go with dehydration and electrolyte loss",
     "cramps logged in the week before the session"},
};

void judge_rules_default(judge_rules *rules)
{
    memset(rules, 0, sizeof *rules);
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        const default_rule *d = &defaults[i];
        judge_rule *r = &rules->rules[rules->count++];
        snprintf(r->id, sizeof r->id, "%s", d->id);
        r->cause = d->cause;
        r->feature = d->feature;
        r->direction = d->direction;
        r->reference = d->reference;
        r->thresholds[0] = d->low, r->thresholds[1] = d->moderate, r->thresholds[2] = d->high;
        snprintf(r->citation, sizeof r->citation, "%s", d->citation);
        snprintf(r->words, sizeof r->words, "%s", d->words);
    }
}

static int find_name(const char *name, const char *(*lookup)(int), int count)
{
    for (int i = 0; i < count; i++)
        if (strcmp(name, lookup(i)) == 0) return i;
    return -1;
}

static const char *const rule_keys[] = {"id",         "cause",    "feature", "worse", "reference",
                                        "thresholds", "citation", "words",   NULL};

static int parse_rule(json_t *item, int index, judge_rule *r, const char *path,
                      const gb_warner *warner, gb_error *err)
{
    char where[32];
    snprintf(where, sizeof where, "rules[%d]", index);
    gb_json_warn_unknown_keys(item, rule_keys, where, path, warner);
    const char *id = json_string_value(json_object_get(item, "id"));
    const char *cause = json_string_value(json_object_get(item, "cause"));
    const char *feature = json_string_value(json_object_get(item, "feature"));
    const char *worse = json_string_value(json_object_get(item, "worse"));
    const char *reference = json_string_value(json_object_get(item, "reference"));
    json_t *thresholds = json_object_get(item, "thresholds");
    memset(r, 0, sizeof *r);
    r->cause = cause ? find_name(cause, judge_cause_name, CAUSE_COUNT) : -1;
    r->feature = feature ? find_name(feature, judge_feature_name, FEATURE_COUNT) : -1;
    if (!id || r->cause < 0 || r->feature < 0 || !worse ||
        (strcmp(worse, "higher") && strcmp(worse, "lower")) || !reference ||
        (strcmp(reference, "normative") && strcmp(reference, "baseline")) ||
        !json_is_array(thresholds) || json_array_size(thresholds) != 3)
        return gb_error_set(err, GB_E_ARG,
                            "%s: rules[%d] needs id, a known cause and feature, worse "
                            "(\"higher\"/\"lower\"), reference (\"normative\"/\"baseline\") and 3 "
                            "thresholds (low, moderate, high); see README.md, Findings",
                            path, index);
    snprintf(r->id, sizeof r->id, "%s", id);
    r->direction = strcmp(worse, "higher") == 0 ? +1 : -1;
    r->reference = strcmp(reference, "baseline") == 0 ? REFERENCE_BASELINE : REFERENCE_NORMATIVE;
    for (int k = 0; k < 3; k++) {
        json_t *t = json_array_get(thresholds, (size_t)k);
        if (!json_is_number(t))
            return gb_error_set(err, GB_E_ARG, "%s: rules[%d].thresholds must be numbers", path,
                                index);
        r->thresholds[k] = json_number_value(t);
        if (k > 0 && r->direction * (r->thresholds[k] - r->thresholds[k - 1]) < 0)
            return gb_error_set(err, GB_E_ARG,
                                "%s: rules[%d].thresholds must grow in the worse direction", path,
                                index);
    }
    const char *citation = json_string_value(json_object_get(item, "citation"));
    const char *words = json_string_value(json_object_get(item, "words"));
    snprintf(r->citation, sizeof r->citation, "%s", citation ? citation : "");
    snprintf(r->words, sizeof r->words, "%s", words ? words : id);
    return 0;
}

int judge_rules_load(const char *path, judge_rules *rules, const gb_warner *warner, gb_error *err)
{
    json_error_t jerr;
    json_t *root = gb_json_load_file(path, &jerr);
    if (!root) return gb_error_set(err, GB_E_ARG, "%s: line %d: %s", path, jerr.line, jerr.text);
    json_t *list = json_object_get(root, "rules");
    int rc = 0;
    if (!json_is_array(list) || json_array_size(list) == 0 ||
        json_array_size(list) > JUDGE_MAX_RULES) {
        rc = gb_error_set(err, GB_E_ARG, "%s: \"rules\" must be an array of 1 to %d rules", path,
                          JUDGE_MAX_RULES);
        goto done;
    }
    judge_rules loaded = {0};
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        if ((rc = parse_rule(item, (int)i, &loaded.rules[loaded.count], path, warner, err)) != 0)
            goto done;
        loaded.count++;
    }
    *rules = loaded;
done:
    json_decref(root);
    return rc;
}
