#!/bin/sh
# The coaches' page in a real headless browser (Debian's chromium): it renders, a screenshot is made,
# the console shows no errors, and every athlete of the sample team is on it with charts.
# usage: tests/cli/dashboard.sh path/to/gaitbatch
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    echo "dashboard: chromium not installed (scripts/install-deps.sh --test installs it): skipped"
    echo "dashboard: 0 passed, 0 failed, 1 skipped"
    exit 0
fi
work=$(pwd)/build/testdata/dashboard-$$
rm -rf "$work" && mkdir -p "$work"
passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
run_browser() { # flags as the environment notes advise for a closed network, as root
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" --enable-logging=stderr --v=0 "$@"
}

"$bin" analyze sample_data -o "$work/out" --quiet || bad "analyze failed"
page="file://$work/out/index.html"
run_browser --window-size=1200,2400 --screenshot="$work/shot.png" "$page" >"$work/shot.log" 2>&1
[ -s "$work/shot.png" ] && ok || bad "no screenshot: $(tail -3 "$work/shot.log")"
run_browser --dump-dom "$page" >"$work/dom.html" 2>"$work/dom.log"
for athlete in ana ben cara dev eve fay gus hal ida jo kai kim lee max mo nia pat; do
    grep -q "id=\"athlete-$athlete\"" "$work/dom.html" && ok || bad "athlete $athlete missing from the page"
done
# the charts' axes run between round numbers (240 to 265 ms, -6 to 6 %), at most 3 significant
# digits, not the data's own extremes (241.3 to 261.3, -4.923 to 5.077)
ticks=$(grep -o 'class="tick">[^<]*' "$work/dom.html" | sed 's/.*>//')
odd=$(echo "$ticks" | /usr/bin/python3 -c "
import sys
for t in sys.stdin.read().split():
    digits = t.lstrip('-').replace('.', '').strip('0')
    if len(digits) > 3: print(t)")
[ -n "$ticks" ] && [ -z "$odd" ] && ok || bad "axis ticks not round: $odd"
# a walk has no flight: dashes, not an about-zero 0 (dev walks: contact 690 and 689 ms)
grep -q "<td>690</td><td>689</td><td>–</td><td>–</td>" "$work/dom.html" && ok || bad "dev's walk shows a flight time"
# three charts for each athlete, and jo's, kim's, lee's, max's and rae's lower-back sensors add the
# trunk pitch (kim's ActiGraph files, max's Axivity AX6 files and rae's GENEActiv file have no map:
# along the axis nearest the forward learnt from their steps),
# lee's (lower back, its height) and mo's (shoe IMUs) the walking speed; pat's lab walk (insoles,
# shoe IMUs and a lower back) both; nia's and kai's runs (shoe IMUs and a lower back; kai's
# shanks too) the trunk pitch and the running speed; kai's shanks the tibial shock (since 0.12.0)
[ "$(grep -o '<svg' "$work/dom.html" | wc -l)" -eq 68 ] && ok || bad "expected 3 charts for each of 18 athletes, jo's, kai's, kim's, lee's, max's, nia's, pat's and rae's trunk pitch, lee's, mo's and pat's walking speed, kai's and nia's running speed and kai's tibial shock"
grep -q "Peak tibial acceleration" "$work/dom.html" && ok || bad "kai's tibial shock chart is missing"
# kai's latest session is a GENEActiv at the left ankle, whose +-8 g clipped the shocks: a lower
# bound, with no change beside it (since 0.20.0)
grep -q "peak tibial acceleration at least 8.0 g (shocks reached the sensor's range limit)" "$work/dom.html" && ok || bad "kai's clipped tibial shock is not given in words as a lower bound"
# ... and in his shock chart its point is hollow, beside the full-body session's two (since 0.21.0)
shock_chart=$(/usr/bin/python3 -c "
import re, sys
h = open(sys.argv[1]).read()
i = h.find('Peak tibial acceleration')
chart = h[i:h.find('</figure>', i)]
print(len(re.findall('<circle[^>]*fill=.#fff.', chart)), len(re.findall('<circle', chart)),
      'hollow: at least this' in chart, 'at least 8.0 g: shocks reached' in chart)" "$work/dom.html")
[ "$shock_chart" = "1 3 True True" ] && ok || bad "kai's clipped shock is not drawn as a lower bound: $shock_chart"
grep -q "Trunk pitch, forward" "$work/dom.html" && ok || bad "jo's trunk pitch chart is missing"
grep -q "trunk pitch in gait +6.7 deg (above standing)" "$work/dom.html" && ok || bad "jo's change of trunk pitch is not described"
# jo and kim have no insoles: instead of empty push-off charts, step-time asymmetry and cadence
for athlete in jo kim; do
    section=$(sed -n "/id=\"athlete-$athlete\"/,/<\/section>/p" "$work/dom.html")
    case "$section" in *"Push-off impulse"* | *"no data"*) bad "$athlete's page has empty push-off charts" ;;
        *"Step time asymmetry"*"Cadence"*) ok ;; *) bad "$athlete's step-time asymmetry or cadence chart is missing" ;; esac
done
grep -q "right push-off impulse 16.8 % lower than the left (previous session: right push-off impulse 12.7 %" "$work/dom.html" && ok ||
    bad "ben's push-off deficit is not described"
grep -q "<b>high</b> indicator of lack of calf strength" "$work/dom.html" && ok || bad "ben's finding is missing"
# the advice is a sentence of its own on the page: capitalised (before 0.28.0 "... pogo hops. this has")
grep -q "pogo hops. <b>This has lasted two weeks or more: see a physical therapist" "$work/dom.html" && ok ||
    bad "the two-week advice is missing, or its sentence starts in lower case"
grep -q "knee-to-wall" "$work/dom.html" && ok || bad "hal's remedy is missing"
grep -q "indicator of anterior pelvic tilt" "$work/dom.html" && ok || bad "jo's finding is missing"
# lee's lower-back sensor has its height in the map: the walking speed, charted and in words
lee=$(sed -n '/id="athlete-lee"/,/<\/section>/p' "$work/dom.html")
case "$lee" in *"Walking speed"*"m/s"*) ok ;; *) bad "lee's walking speed chart is missing" ;; esac
case "$lee" in *"walking speed 0."*" m/s (+0.0"*) ok ;; *) bad "lee's walking speed is not described" ;; esac
# mo's shoe IMUs give stride lengths: the walking speed rises 1.16 -> 1.24 -> 1.31 m/s
mo=$(sed -n '/id="athlete-mo"/,/<\/section>/p' "$work/dom.html")
case "$mo" in *"Walking speed"*"m/s"*) ok ;; *) bad "mo's walking speed chart is missing" ;; esac
case "$mo" in *"walking speed 1.31 m/s (+0.07"*) ok ;; *) bad "mo's walking speed is not described" ;; esac
# nia's shoe IMUs in running (since 0.10.0): the running speed rises 3.33 -> 3.44 -> 3.55 m/s, and
# the chart and the words call it so
nia=$(sed -n '/id="athlete-nia"/,/<\/section>/p' "$work/dom.html")
case "$nia" in *"Running speed"*"m/s"*) ok ;; *) bad "nia's running speed chart is missing" ;; esac
case "$nia" in *"running speed 3.55 m/s (+0.11)"*) ok ;; *) bad "nia's running speed is not described" ;; esac
case "$nia" in *"alking speed"*) bad "nia's running speed is called a walking speed" ;; *) ok ;; esac
grep -q "<th>speed m/s</th>" "$work/dom.html" && ok || bad "the sessions' table heads its speed column 'speed m/s'"
# kim, a lower-back ActiGraph in walking, has no contact times: step times are charted instead
kim=$(sed -n '/id="athlete-kim"/,/<\/section>/p' "$work/dom.html")
case "$kim" in *"Step time"*) ok ;; *) bad "kim's step-time chart is missing" ;; esac
case "$kim" in *"step times even left to right"*) ok ;; *) bad "kim's step balance is not described" ;; esac
# the minutes in gait, which the load rule reads, beside the minutes recorded
case "$kim" in *"<th>min in gait</th>"*) ok ;; *) bad "the sessions' table lacks the minutes in gait" ;; esac
if grep -h "CONSOLE" "$work/shot.log" "$work/dom.log" | grep -qi "error"; then
    bad "console errors: $(grep -h CONSOLE "$work/shot.log" "$work/dom.log" | head -3)"
else
    ok
fi
grep -q "http" "$work/dom.html" && bad "the page refers to outside resources" || ok
rm -rf "$work"
echo "dashboard: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
