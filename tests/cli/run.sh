#!/bin/sh
# End-to-end tests of the gaitbatch command line: exit codes, messages, reports on disk.
# usage: tests/cli/run.sh path/to/gaitbatch
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(pwd)
work=$root/build/testdata/cli-$(basename "$(dirname "$1")")-$$
rm -rf "$work" && mkdir -p "$work"
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect STATUS NEEDLE -- command...: exit status and a substring of stdout+stderr
expect() {
    want=$1 needle=$2
    shift 3
    out=$("$@" 2>&1)
    got=$?
    if [ "$got" -ne "$want" ]; then bad "'$*' exited $got, expected $want: $out"; return; fi
    case "$out" in *"$needle"*) ok ;; *) bad "'$*' output lacks '$needle': $out" ;; esac
}

no_report() { # no report and no temporary file for this input stem
    if find "$work" -name "$1.h5*" | grep -q .; then bad "a report was left for $1"; else ok; fi
}

cd "$work" || exit 1
expect 0 "gaitbatch 0." -- "$bin" --version
expect 2 "usage" -- "$bin"
expect 2 "unknown command" -- "$bin" frobnicate
expect 2 "needs INPUT" -- "$bin" analyze "$root/sample_data"
expect 0 "--max-gap" -- "$bin" analyze --help
expect 2 "--cadence needs a number" -- "$bin" simulate -o x.flac --cadence fast
expect 2 "--lean 45 deg: give -30 to 30 deg" -- "$bin" simulate -o x.wav --sensor sacrum --lean 45
# numbers beyond any sensible setting are refused before they are cast or sized (a 1e-300 s
# segment once asked for 2e301 segments; 1e30 frames per block had no long value)
expect 2 "--segment 1e-300 s: give 1 to 604800 s" -- "$bin" analyze "$root/sample_data" -o x --segment 1e-300
expect 2 "--window 1e+300 s: give 0.01 to 60 s" -- "$bin" inspect --window 1e300 "$root/sample_data/team/ana/2026-11-02_run.flac"
expect 2 "--block takes a whole number from 1 to 1048576, not 1e+30" -- "$bin" analyze "$root/sample_data" -o x --block 1e30
expect 2 "--seed takes a whole number from 0 to 4294967295, not -5" -- "$bin" simulate -o x.wav --seed -5
expect 2 "--duration 1e+300 s: give 0.01 to 2592000 s" -- "$bin" simulate -o x.wav --duration 1e300
# nonsense that once made a file of nonsense, without undefined behaviour but without a word either
expect 2 "--noise 1e+300 N: give 0 to 10000 N" -- "$bin" simulate -o x.wav --noise 1e300
expect 2 "--dropouts 1e+300 per min: give 0 to 100 per min" -- "$bin" simulate -o x.wav --dropouts 1e300
[ ! -e x.wav ] && ok || bad "a refused simulation left x.wav"
# after a specific complaint, the usage line and where the options are, not the whole help
expect 2 "gaitbatch analyze: unrecognized option '--bogus'" -- "$bin" analyze --bogus
out=$("$bin" analyze --bogus 2>&1)
case "$out" in *"--force"*) bad "analyze printed its whole help after a bad option: $out" ;; *) ok ;; esac
expect 2 "\`gaitbatch analyze --help\` describes the options" -- "$bin" analyze --lowpass 0 x -o y
expect 2 "gaitbatch inspect: takes one FILE, not also 'b'" -- "$bin" inspect a b
expect 2 "gaitbatch simulate: needs -o FILE" -- "$bin" simulate
expect 2 "usage: gaitbatch show REPORT.h5..." -- "$bin" show
expect 2 "--threads must be 1 or 2" -- "$bin" analyze "$root/sample_data" -o x --threads 3

# the sample team: every recording analysed, reports mirror the input paths
cp -r "$root/sample_data" samples
expect 0 "55 recording(s): 55 ok, 0 skipped (current), 0 failed" -- "$bin" analyze samples -o out
expect 0 "team summary: out/team.h5 is current" -- "$bin" analyze samples -o out
[ -f out/samples/team/ben/2026-11-23_run.h5 ] && ok || bad "mirrored report path missing"
[ -f out/samples/examples/wfdb/run16.h5 ] && ok || bad "WFDB report missing"
# kim's ActiGraph export: no map, sides from forward learnt from the steps, nearest the device's y
expect 0 "forward was nearest the sensor's y axis" -- "$bin" show out/samples/examples/actigraph/kim/2026-11-07_walk.h5
expect 0 "session 2026-11-07 17:45:00" -- "$bin" show out/samples/examples/actigraph/kim/2026-11-07_walk.h5
expect 0 "push-off impulse" -- "$bin" show out/samples/team/ben/2026-11-23_run.h5
expect 0 "SI  -16" -- "$bin" show out/samples/team/ben/2026-11-23_run.h5
expect 0 "high indicator of lack of calf strength" -- "$bin" show out/samples/team/ben/2026-11-23_run.h5
expect 0 "see a physical therapist" -- "$bin" show out/samples/team/ben/2026-11-23_run.h5
expect 0 "findings: nothing above the normal range" -- "$bin" show out/samples/team/ana/2026-11-23_run.h5
# show on team.h5 (since 0.25.0; before, "no /summary group"): each athlete's latest session and
# highest finding
expect 0 "team summary of 55 sessions of 18 athletes (gaitbatch 0." -- "$bin" show out/team.h5
expect 0 "  ben: 4 sessions, latest 2026-11-23T07:30:00: run, cadence 175.7 steps/min; high indicator of lack of calf strength (gastrocnemius and soleus); this has lasted two weeks or more: see a physical therapist" -- "$bin" show out/team.h5
expect 0 "  dev: 1 session, latest 2026-11-04T12:00:00: walk, cadence 108.0 steps/min; no finding above the normal range" -- "$bin" show out/team.h5
# one athlete's two sessions of a day from two sources: an Axivity walk whose start time, 09:30,
# is its session ("2026-11-14 09:30:00"), and an insole run whose map says "2026-11-14T07:00:00".
# The walk is the latest (before 0.28.0 ' ' sorted before 'T', and the morning run was)
mkdir -p sameday/max
cp "$root/sample_data/examples/axivity/max/2026-11-14_walk.wav" sameday/max/
cp "$root/sample_data/team/ana/2026-11-02_run.flac" sameday/max/morning_run.flac
sed 's/"athlete": "ana"/"athlete": "max"/; s/"session": "2026-11-02T07:30:00"/"session": "2026-11-14T07:00:00"/' \
    "$root/sample_data/team/ana/2026-11-02_run.json" >sameday/max/morning_run.json
"$bin" analyze sameday -o sameday-out --quiet 2>/dev/null
expect 0 "  max: 2 sessions, latest 2026-11-14 09:30:00: walk" -- "$bin" show sameday-out/team.h5
grep -q "Latest session 2026-11-14 09:30:00: " sameday-out/index.html && ok || bad "the page's latest session is not the day's last"
# sessions named by their files, run9 and run10: numbers count as numbers (before 0.28.0, by
# their letters, run9 was the latest)
mkdir -p numbered/zoe
for n in 9 10; do
    cp "$root/sample_data/team/ana/2026-11-02_run.flac" numbered/zoe/run$n.flac
    sed 's/"athlete": "ana"/"athlete": "zoe"/; s/"session": "2026-11-02T07:30:00"/"session": ""/' \
        "$root/sample_data/team/ana/2026-11-02_run.json" >numbered/zoe/run$n.json
done
"$bin" analyze numbered -o numbered-out --quiet 2>/dev/null
expect 0 "  zoe: 2 sessions, latest run10: run" -- "$bin" show numbered-out/team.h5
# running shows flight, walking double support; never the other, about-zero one
run_rows=$("$bin" show out/samples/team/ben/2026-11-23_run.h5)
walk_rows=$("$bin" show out/samples/team/dev/2026-11-04_walk.h5)
case "$run_rows" in *"flight time"*"double support"* | *"double support"*"flight time"*) bad "show: running with double support" ;;
    *"flight time"*) ok ;; *) bad "show: running without flight time" ;; esac
case "$walk_rows" in *"flight time"*) bad "show: walking with flight time" ;;
    *"double support"*) ok ;; *) bad "show: walking without double support" ;; esac
expect 1 "not an HDF5 file" -- "$bin" show samples/team/ana/2026-11-02_run.json
expect 0 "sample rate: 100 Hz" -- "$bin" inspect samples/team/ana/2026-11-02_run.flac
expect 0 "1 recording(s): 1 ok, 0 skipped" -- "$bin" analyze samples/team --exclude '*_run.flac' --exclude '*_run.wav' --exclude '2026-11-0[239]*' --exclude '*_walk.wav' -o out-excl

# one bad recording among good ones fails alone
mkdir -p mixed
cp samples/team/ana/2026-11-02_run.flac mixed/good.flac
cp samples/team/ana/2026-11-02_run.json mixed/good.json
head -c 20000 samples/team/ana/2026-11-09_run.flac > mixed/cut.flac
cp samples/team/ana/2026-11-09_run.json mixed/cut.json
expect 1 "2 recording(s): 1 ok, 0 skipped (current), 1 failed" -- "$bin" analyze mixed -o out-mixed
[ -f out-mixed/mixed/good.h5 ] && ok || bad "good report missing next to a bad recording"
no_report cut
# two recordings with one stem would write one report: the second fails alone, the first stays
mkdir -p twins
cp samples/team/ana/2026-11-02_run.flac twins/run.flac
cp samples/team/ana/2026-11-02_run.json twins/run.json
"$bin" simulate -o twins/run.wav --duration 20 >/dev/null 2>&1
expect 1 "twins/run.wav: its report out-twins/twins/run.h5 is also the report of twins/run.flac" -- \
    "$bin" analyze twins -o out-twins
expect 0 "input twins/run.flac (FLAC" -- "$bin" show out-twins/twins/run.h5

# output folder that cannot be written
expect 3 "cannot create folder" -- "$bin" analyze mixed/good.flac -o /dev/null/reports

# an unreadable recording among readable ones (as an unprivileged user, since root reads anything)
if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
    perm=$(mktemp -d /tmp/gaitbatch-perm.XXXXXX)
    cp samples/team/dev/2026-11-04_walk.flac "$perm/good.flac"
    cp samples/team/dev/2026-11-04_walk.json "$perm/good.json"
    cp samples/team/dev/2026-11-04_walk.flac "$perm/locked.flac"
    cp samples/team/dev/2026-11-04_walk.json "$perm/locked.json"
    chmod 755 "$perm" && chmod 644 "$perm"/*.flac "$perm"/*.json && chmod 000 "$perm/locked.flac"
    mkdir -p "$perm/out" && chown nobody "$perm/out"
    out=$(runuser -u nobody -- "$bin" analyze "$perm/good.flac" "$perm/locked.flac" -o "$perm/out" 2>&1)
    status=$?
    case "$out" in
    *"locked.flac"*"Permission denied"*) [ $status -eq 1 ] && ok || bad "unreadable file: exit $status" ;;
    *) bad "unreadable file not reported: $out" ;;
    esac
    [ -n "$(find "$perm/out" -name good.h5)" ] && ok || bad "the readable recording got no report"
    rm -rf "$perm"
fi

# a folder with 10,000 files: 9,990 text files no map applies to, and 10 recordings
mkdir -p big/sub
i=0
while [ $i -lt 9990 ]; do : > "big/sub/note$i.txt"; i=$((i + 1)); done
i=0
while [ $i -lt 10 ]; do
    cp samples/team/dev/2026-11-04_walk.flac "big/r$i.flac"
    cp samples/team/dev/2026-11-04_walk.json "big/r$i.json"
    i=$((i + 1))
done
expect 0 "skipped 9990 text file(s)" -- "$bin" analyze big -o out-big
expect 0 "10 recording(s): 0 ok, 10 skipped" -- "$bin" analyze big -o out-big
# the page names them (since 0.26.0; before, only a note on stderr, which --quiet left out): one
# row for the folder, and a file alone by its name; --exclude leaves them out
grep -q "<tr><td>big/sub/</td><td>no map</td><td>9990 text files (note0.txt, note1.txt, note10.txt and 9987 more) that no channel map applies to" out-big/index.html && ok || bad "the page does not name the folder of text files with no map: $(grep -A3 'class="left"' out-big/index.html)"
printf 'time,left\n0,1\n' >big/lone.csv
expect 0 "team summary: out-big/team.h5 and out-big/index.html (10 sessions, 2 recordings not analysed)" -- "$bin" analyze big -o out-big
expect 0 "  big/lone.csv: no map: a text file that no channel map applies to" -- "$bin" show out-big/team.h5
expect 0 "team summary: out-big/team.h5 and out-big/index.html (10 sessions)" -- "$bin" analyze big -o out-big --exclude 'note*.txt' --exclude lone.csv
grep -q "not-analysed" out-big/index.html && bad "excluded text files are still named on the page" || ok

# a manifest names athlete and session for uploads that are not laid out by athlete
mkdir -p flat
cp samples/team/dev/2026-11-04_walk.flac flat/upload-17.flac
sed 's/"athlete": "dev",//; s/"session": "2026-11-04T12:00:00",//' samples/team/dev/2026-11-04_walk.json > flat/upload-17.json
printf 'path,athlete,session\nflat/upload-17.flac,zoe,2026-11-20T18:00:00\n' > uploads.csv
expect 0 "1 recording(s): 1 ok" -- "$bin" analyze flat --manifest uploads.csv -o out-manifest
expect 0 "athlete zoe, session 2026-11-20T18:00:00" -- "$bin" show out-manifest/flat/upload-17.h5
# a file that describes itself (an ActiGraph export: its start time as the session) gives way to
# the manifest, the user's word; without the manifest its own start time stands
mkdir -p flat-device && cp samples/examples/actigraph/kim/2026-11-07_walk.csv flat-device/upload-18.csv
printf 'path,athlete,session\nflat-device/upload-18.csv,yan,2026-12-01T07:00:00\n' > uploads-device.csv
expect 0 "1 recording(s): 1 ok" -- "$bin" analyze flat-device --manifest uploads-device.csv -o out-manifest-device
expect 0 "athlete yan, session 2026-12-01T07:00:00" -- "$bin" show out-manifest-device/flat-device/upload-18.h5
expect 0 "session 2026-11-07 17:45:00" -- sh -c "'$bin' analyze flat-device -o out-device --quiet 2>/dev/null; '$bin' show out-device/flat-device/upload-18.h5"
printf 'path,athlete,session\nflat/upload-17.flac,zoe\n' > broken.csv
expect 3 "broken.csv: line 2: expected path,athlete,session" -- "$bin" analyze flat --manifest broken.csv -o out-manifest

# inertial sensors: a rate too low for the placement, and a unit that contradicts gravity
mkdir -p imu
"$bin" simulate --sensor sacrum-acc -o imu/slow.csv --rate 15 --duration 30
expect 1 "Hz is too slow for a lower-back IMU: events need at least 20 Hz" -- "$bin" analyze imu/slow.csv -o out-imu
"$bin" simulate --sensor sacrum-acc -o imu/units.csv --rate 50 --duration 30
sed -i 's/"unit": "g"/"unit": "m\/s2"/' imu/units.json
expect 1 "the file is in g while the map says m/s2" -- "$bin" analyze imu/units.csv -o out-imu
# a phone's linear acceleration (gravity taken out: each axis less its 2 s mean) leaves no up
"$bin" simulate --sensor sacrum-acc -o imu/linear.csv --rate 50 --duration 30 >/dev/null
/usr/bin/python3 -c "
import numpy as np
rows = [l for l in open('imu/linear.csv') if l[0].isdigit()]
header = [l for l in open('imu/linear.csv') if not l[0].isdigit()]
data = np.array([[float(v) for v in l.split(',')] for l in rows])
for axis in (1, 2, 3):
    data[:, axis] -= np.convolve(data[:, axis], np.ones(100) / 100, mode='same')
open('imu/linear.csv', 'w').write(''.join(header) + ''.join(','.join('%.5f' % v for v in r) + '\\n' for r in data))
"
expect 1 "as linear acceleration does (gravity taken out" -- "$bin" analyze imu/linear.csv -o out-imu
[ -z "$(find out-imu -name 'units.h5' -o -name 'slow.h5' -o -name 'linear.h5')" ] && ok || bad "reports were written for refused IMU recordings"

# a lower-back accelerometer: sides from the trunk's sideways push with a forward axis; without
# one, forward is learnt from the steps' braking and push-off; when even that cannot be (only the
# vertical axis moves), show says the sides only alternate and may be swapped
"$bin" simulate --sensor sacrum-acc -o imu/sway.wav --rate 50 --duration 60 >/dev/null
mkdir -p imu-nofwd && cp imu/sway.wav imu-nofwd/ && grep -v forward_axis imu/sway.json > imu-nofwd/sway.json
mkdir -p imu-still && "$bin" simulate --sensor sacrum-acc -o imu-still/sway.csv --rate 50 --duration 60 --tilt 0 >/dev/null
grep -v forward_axis imu-still/sway.json > imu-still/map.json && mv imu-still/map.json imu-still/sway.json
awk -F, -v OFS=, 'NR > 2 { $3 = $4 = "0.0000" } 1' imu-still/sway.csv > imu-still/still.csv
mv imu-still/sway.json imu-still/still.json && rm imu-still/sway.csv
# (the map without forward_axis keeps the simulator's standing_s: a warning says it is no use)
expect 0 "standing_s [0, 0.9] s gives no standing pitch: it needs a lower-back sensor with forward_axis" -- "$bin" analyze imu/sway.wav imu-nofwd/sway.wav imu-still/still.csv -o out-sides --quiet
expect 0 "sides: from the trunk's sideways push over each step (forward_axis)" -- "$bin" show out-sides/imu/sway.h5
expect 0 "trunk pitch 20.0 deg forward over the steps in gait, +0.0 deg from standing" -- "$bin" show out-sides/imu/sway.h5
expect 0 "forward learnt from the" -- "$bin" show out-sides/imu-nofwd/sway.h5
expect 0 "forward learnt from the" -- "$bin" inspect imu-nofwd/sway.wav
expect 0 "left and right may be" -- "$bin" show out-sides/imu-still/still.h5
expect 0 "sides: from the trunk's sideways push over each step (forward_axis)" -- "$bin" inspect imu/sway.wav
same=$(/usr/bin/python3 -c "
import h5py
a, b = (h5py.File(f'out-sides/{d}/sway.h5')['strides'][:] for d in ('imu', 'imu-nofwd'))
print(len(a) == len(b) and (a['side'] == b['side']).all())")
[ "$same" = True ] && ok || bad "learnt forward gave other sides than the map's forward_axis"
grep -q '&plusmn;' out-sides/index.html && ok || bad "index.html shows a signed contact SI for alternating sides"
# the map's forward axis is checked against the steps: the right one draws no warning
"$bin" analyze imu/sway.wav -o out-imu-check 2>imu-check.log >/dev/null
grep -q "point backwards" imu-check.log && bad "a right forward_axis was said to point backwards" || ok
grep -q "point sideways" imu-check.log && bad "a right forward_axis was said to point sideways" || ok
# a lower-back sensor beside insoles, turned so that y is nearest forward, without a forward axis:
# the insoles give the sides, and show names y for the lower-back sensor's map
mkdir -p beside && "$bin" simulate --sensor insole+sacrum --yaw 50 --rate 200 --duration 40 -o beside/run.wav >/dev/null
expect 0 "forward was nearest the sensor's y axis" -- sh -c "'$bin' analyze beside -o out-beside --quiet && '$bin' show out-beside/beside/run.h5"
# the sensor turned round (its z axis pointing backwards) but the map still saying z: the steps'
# braking and push-off disagree with the axis, and analyze and show say so; "-z" is right
mkdir -p reversed && "$bin" simulate --sensor sacrum-acc --rate 50 --duration 60 --yaw 180 -o reversed/back.wav >/dev/null
/usr/bin/python3 -c "
import json; m = json.load(open('reversed/back.json')); m['forward_axis'] = 'z'
json.dump(m, open('reversed/back.json', 'w'))"
expect 0 'the map'"'"'s forward_axis "z" seems to point backwards' -- "$bin" analyze reversed -o out-reversed
expect 0 "WARNING: the map's forward_axis seems to point backwards" -- "$bin" show out-reversed/reversed/back.h5
grep -q "forward_axis seems to point backwards" out-reversed/index.html && ok || bad "the coaches' page does not warn of the reversed forward_axis"
sed -i 's/"forward_axis": "z"/"forward_axis": "-z"/' reversed/back.json
"$bin" analyze reversed -o out-reversed 2>reversed.log >/dev/null
grep -q "point backwards" reversed.log && bad "forward_axis -z was said to point backwards" || ok
grep -q "seems to point backwards" out-reversed/index.html && bad "the coaches' page still warns once the map is right" || ok
# the map naming an axis across the walk (y, which points left on the turned sensor): about half
# the steps agree with it, but their braking and push-off point 90 deg to its right, along -z
/usr/bin/python3 -c "
import json; m = json.load(open('reversed/back.json')); m['forward_axis'] = 'y'
json.dump(m, open('reversed/back.json', 'w'))"
expect 0 'point 90 deg to its right, along "-z"' -- "$bin" analyze reversed -o out-sideways
expect 0 "WARNING: the map's forward_axis seems to point sideways" -- "$bin" show out-sideways/reversed/back.h5
grep -q "forward_axis seems to point sideways" out-sideways/index.html && ok || bad "the coaches' page does not warn of the sideways forward_axis"
grep -q "point backwards" out-sideways/index.html && bad "a sideways forward_axis was called reversed" || ok
[ "$(/usr/bin/python3 -c "import h5py; print(h5py.File('out-sideways/team.h5')['sessions']['forward_axis_sideways'][0])")" = 1 ] && ok || bad "team.h5 lacks forward_axis_sideways"
# the map's up_axis (since 0.16.0) is checked against the up measured in gait: the simulator's x
# points up (tilted 20 deg with the trunk); "-x" is a sensor worn upside down, "y" one on its side
mkdir -p up-axis && "$bin" simulate --sensor sacrum-acc --rate 50 --duration 60 -o up-axis/back.wav >/dev/null
for up in x -x y; do
    /usr/bin/python3 -c "
import json; m = json.load(open('up-axis/back.json')); m['up_axis'] = '$up'
json.dump(m, open('up-axis/back.json', 'w'))"
    "$bin" analyze up-axis -o "out-up$up" --quiet 2>"up$up.log"
done
grep -q "up_axis" upx.log && bad "a right up_axis was warned about" || ok
expect_file_contains() { grep -q "$2" "$1" && ok || bad "$1 lacks: $2"; }
expect_file_contains up-x.log 'the map'"'"'s up_axis is "-x", but in gait the sensor'"'"'s x axis pointed up (160 deg from "-x"): was the sensor worn upside down'
expect_file_contains up-x.log "The numbers follow the gravity measured"
expect_file_contains upy.log "(90 deg from \"y\"): was the sensor worn turned on its side"
expect 0 "WARNING: the map's up_axis lies 160 deg from the up measured in gait (the sensor's x" -- "$bin" show out-up-x/up-axis/back.h5
"$bin" show out-upx/up-axis/back.h5 | grep -q "up_axis" && bad "show warns of a right up_axis" || ok
expect_file_contains out-up-x/index.html "worn another way up than its channel map's up_axis says"
grep -q "another way up" out-upx/index.html && bad "the coaches' page warns of a right up_axis" || ok
[ "$(/usr/bin/python3 -c "
import h5py; print(h5py.File('out-upx/team.h5')['sessions']['up_axis_off'][0], h5py.File('out-up-x/team.h5')['sessions']['up_axis_off'][0])")" = "0 1" ] && ok || bad "team.h5's up_axis_off is not 0 for x and 1 for -x"
[ "$(/usr/bin/python3 -c "
import h5py
a = h5py.File('out-upx/up-axis/back.h5').attrs; b = h5py.File('out-up-x/up-axis/back.h5').attrs
print(a['up_measured'].decode() if isinstance(a['up_measured'], bytes) else a['up_measured'],
      round(float(a['up_measured_off_deg']), 1), round(float(a['up_axis_off_deg']), 1), round(float(b['up_axis_off_deg']), 1))")" = "x 20.0 20.0 160.0" ] && ok || bad "up_measured, up_measured_off_deg or up_axis_off_deg not as measured"
# the numbers follow the gravity measured whatever up_axis says: the strides are the same
[ "$(/usr/bin/python3 -c "
import h5py, numpy
a = h5py.File('out-upx/up-axis/back.h5')['strides'][:]; b = h5py.File('out-up-x/up-axis/back.h5')['strides'][:]
print(len(a) > 100 and all(numpy.array_equal(a[n], b[n], equal_nan=a[n].dtype.kind == 'f') for n in a.dtype.names))")" = True ] && ok || bad "up_axis changed the strides"
# up_axis in a map without a lower-back sensor: said to be unused
mkdir -p up-insoles && "$bin" simulate --rate 200 --duration 20 -o up-insoles/run.wav >/dev/null
/usr/bin/python3 -c "
import json; m = json.load(open('up-insoles/run.json')); m['up_axis'] = 'z'
json.dump(m, open('up-insoles/run.json', 'w'))"
expect 0 "up_axis is checked for a lower-back sensor only" -- "$bin" analyze up-insoles -o out-up-insoles
# a lower-back sensor in walking with its height in the map: step lengths (inverted pendulum) and
# walking speed per stride, per bout, in team.h5 and in show; without the height, none
mkdir -p walk-height && "$bin" simulate --sensor sacrum-acc --walk --cadence 110 --rate 50 --duration 60 -o walk-height/back.wav >/dev/null
"$bin" analyze walk-height -o out-walk-nothing --quiet 2>/dev/null
/usr/bin/python3 -c "
import json; m = json.load(open('walk-height/back.json')); m['sensor_height_m'] = 1.0
json.dump(m, open('walk-height/back.json', 'w'))"
expect 0 "walking speed" -- sh -c "'$bin' analyze walk-height -o out-walk-height --quiet 2>/dev/null; '$bin' show out-walk-height/walk-height/back.h5"
walked=$(/usr/bin/python3 -c "
import h5py, numpy as np
def look(d):
    f = h5py.File(f'{d}/walk-height/back.h5'); s = f['strides'][:]; b = f['bouts'][:]
    t = h5py.File(f'{d}/team.h5')['sessions'][:]
    return (np.isfinite(s['step_length_m']).mean(), np.nanmedian(s['step_length_m']) if np.isfinite(s['step_length_m']).any() else 0,
            np.isfinite(b['walking_speed_m_per_s']).all(), np.isfinite(t['walking_speed_m_per_s'][0]))
share, median, bouts, team = look('out-walk-height')
none = look('out-walk-nothing')
print(share > 0.9 and 0.2 < median < 1.2 and bouts and team and none[0] == 0 and not none[3])")
[ "$walked" = True ] && ok || bad "step length and walking speed missing with sensor_height_m, or given without it"
grep -q "walking speed [0-9.]* m/s" out-walk-height/index.html && grep -q "Walking speed" out-walk-height/index.html && ok || bad "the coaches' page lacks the walking speed"
grep -q "Walking speed" out-walk-nothing/index.html && bad "the coaches' page charts a walking speed it does not have" || ok
# a lower-back sensor seated in a car or on a bicycle: the detector finds steps in the
# vibration's or the pedalling's rhythm (before 0.23.0 the car gave a 5 min walking bout of 485
# steps, the bicycle one of 718 steps, 601 valid strides at 159 steps/min), but the trunk hardly
# rose and fell over them: no gait. A walk that runs on into the ride without a break keeps its
# strides and its bout, which ends within a few steps of the ride's start (60 s; the trunk settles
# in its seat first).
mkdir -p ride car bike
"$bin" simulate --sensor sacrum-acc --walk --cadence 110 --rate 50 --duration 60 --seed 5 -o ride-walk.csv >/dev/null
/usr/bin/python3 "$root/tests/cli/seated_ride.py" car 300 3 ride/back.csv ride-walk.csv
/usr/bin/python3 "$root/tests/cli/seated_ride.py" car 300 4 car/back.csv
/usr/bin/python3 "$root/tests/cli/seated_ride.py" bike 300 5 bike/back.csv
for d in ride car bike; do cp ride-walk.json $d/back.json; done
for d in car bike; do
    expect 0 "contacts, but the trunk rose under 0.9 cm a step (walking: 2-5 cm): a vehicle's vibration or pedalling?" -- "$bin" analyze $d -o out-$d
    "$bin" show out-$d/$d/back.h5 | grep -q "strides, status: no gait: " && ok || bad "show does not say $d is no gait"
done
# without a valid stride there is no cadence: said so, not "nan steps/min" (before 0.23.0)
expect 0 "  cadence: none without a valid stride (spectrum: " -- "$bin" show out-car/car/back.h5
expect 0 "strides (0 valid), none" -- "$bin" analyze car -o out-car --force
case "$out" in *"nan steps/min"*) bad "analyze printed nan steps/min" ;; *) ok ;; esac
expect 0 "ok   ride/back.csv -> out-ride/ride/back.h5" -- "$bin" analyze ride -o out-ride
rode=$(/usr/bin/python3 -c "
import h5py
f = h5py.File('out-ride/ride/back.h5'); s = f['strides'][:]; b = f['bouts'][:]
ride = s[s['initial_contact_s'] > 67]; walk = s[s['initial_contact_s'] < 59]
print(len(b) == 1 and 0 < b['start_s'][0] < 1.5 and 59 < b['end_s'][0] < 67 and
      (ride['invalid_reason'] == b'trunk too still for gait').all() and walk['valid'].mean() > 0.95)")
[ "$rode" = True ] && ok || bad "a walk into a car ride: the ride's strides valid or in a bout, or the walk's not"
# shank IMUs pedalling: the detector reads contacts of 60-90 ms in "strides" of 1.5-6 s, a foot on
# the ground for under a tenth of its stride, which no gait does (a sprint's is 0.2): not valid
# (before 0.23.0, 20 of 33 were, a run at 36 steps/min with 2.7 s of flight); the stray one left
# makes the summary, and a warning says so
mkdir -p legs-bike
"$bin" simulate --sensor shank --run --rate 100 --duration 10 -o legs-bike-map.csv >/dev/null
/usr/bin/python3 "$root/tests/cli/seated_ride.py" bike-shanks 120 6 legs-bike/legs.csv
cp legs-bike-map.json legs-bike/legs.json
expect 0 "valid (most: phase implausible): the cadence and every summary rest on so few" -- "$bin" analyze legs-bike -o out-legs-bike
pedalled=$(/usr/bin/python3 -c "
import h5py
s = h5py.File('out-legs-bike/legs-bike/legs.h5')['strides'][:]
print(len(s) > 20 and s['valid'].sum() <= 2 and (s['invalid_reason'] == b'phase implausible').sum() > len(s) / 2)")
[ "$pedalled" = True ] && ok || bad "shank IMUs pedalling gave valid strides"
# shoe IMUs pedalling: the gyroscopes' rhythm still reads as running (317 valid strides at 160
# steps/min), but the foot never stands still, so the shoes' paths find no stance: a warning since
# 0.23.0 (not a refusal: their brief stances are set on simulated running only)
mkdir -p shoes-bike
"$bin" simulate --sensor foot --walk --rate 100 --duration 10 -o shoes-bike-map.csv >/dev/null
/usr/bin/python3 "$root/tests/cli/seated_ride.py" bike-shoes 120 7 shoes-bike/shoes.csv
/usr/bin/python3 -c "
import json; m = json.load(open('shoes-bike-map.json')); m.pop('activity')
json.dump(m, open('shoes-bike/shoes.json', 'w'))"
expect 0 "swings (no stance for their paths): is the athlete pedalling a bicycle, or is a shoe off the foot?" -- "$bin" analyze shoes-bike -o out-shoes-bike
# a lower-back sensor without a forward axis, put back the other way round after a pause (two
# simulated walks joined, the second turned 180 deg): forward is learnt afresh from the steps, so
# the second walk's sides are right too (before 0.5.0: 1 of 219), the steps that showed the turn
# included (since 0.7.0; before, 213 of 219: all but the walk's very first), and analyze and show
# say so
mkdir -p turned
"$bin" simulate --sensor sacrum-acc --walk --cadence 110 --rate 50 --duration 120 --noise 5 --seed 21 -o turned-a.csv >/dev/null
"$bin" simulate --sensor sacrum-acc --walk --cadence 110 --rate 50 --duration 120 --noise 5 --seed 22 --yaw 180 -o turned-b.csv >/dev/null
cp turned-b.json turned/walks.json
/usr/bin/python3 - <<'PY'
import csv
rows = lambda name: [line for line in open(name) if line[0].isdigit()]
with open("turned/walks.csv", "w") as out:
    out.write("time_s,acc_x,acc_y,acc_z\n")
    out.writelines(rows("turned-a.csv"))
    out.writelines(f"{120 + i / 50:.5f},1.0,0.0,0.0\n" for i in range(1500))  # 30 s still
    for line in rows("turned-b.csv"):
        t, rest = line.split(",", 1)
        out.write(f"{float(t) + 150:.5f},{rest}")
with open("turned-truth.csv", "w") as out:
    out.write("side,initial_contact_s\n")
    for name, shift in (("turned-a.truth.csv", 0), ("turned-b.truth.csv", 150)):
        for r in csv.DictReader(open(name)):
            out.write(f"{r['side']},{float(r['initial_contact_s']) + shift}\n")
PY
expect 0 "seems to have been turned during the recording (1 time" -- "$bin" analyze turned -o out-turned
expect 0 "and no trunk pitch is read along it" -- "$bin" show out-turned/turned/walks.h5
sides=$(/usr/bin/python3 -c "
import csv, h5py, numpy as np
s = h5py.File('out-turned/turned/walks.h5')['strides'][:]
ics = np.concatenate([s['initial_contact_s'], s['initial_contact_s'] + s['stride_time_s']])
sides = np.concatenate([s['side'], s['side']])
right = total = 0
for r in csv.DictReader(open('turned-truth.csv')):
    t = float(r['initial_contact_s'])
    k = np.argmin(abs(ics - t))
    if t > 150 and abs(ics[k] - t) < 0.2:
        total += 1
        right += sides[k].decode() == r['side']
print(total > 200 and right >= total - 1)")
[ "$sides" = True ] && ok || bad "the turned sensor's second walk got its sides wrong"
# jo's last session with its forward axis written reversed: its pitch is not judged (it would
# read as the trunk leaning back), so pelvic tilt is not assessable there rather than wrong
mkdir -p jo-reversed && cp -r "$root/sample_data/team/jo" jo-reversed/
sed -i 's/"forward_axis": "z"/"forward_axis": "-z"/' jo-reversed/jo/2026-11-24_run.json
"$bin" analyze jo-reversed -o out-jo-reversed --quiet 2>/dev/null
expect 0 "not assessable here: anterior pelvic tilt" -- "$bin" show out-jo-reversed/jo-reversed/jo/2026-11-24_run.h5
mkdir -p jo-sideways && cp -r "$root/sample_data/team/jo" jo-sideways/ # and written sideways
sed -i 's/"forward_axis": "z"/"forward_axis": "y"/' jo-sideways/jo/2026-11-24_run.json
expect 0 "not assessable here: anterior pelvic tilt" -- sh -c "'$bin' analyze jo-sideways -o out-jo-sideways --quiet 2>/dev/null; '$bin' show out-jo-sideways/jo-sideways/jo/2026-11-24_run.h5"
mkdir -p jo-right && cp -r "$root/sample_data/team/jo" jo-right/ # the same with its map as it was
expect 0 "moderate indicator of anterior pelvic tilt" -- sh -c "'$bin' analyze jo-right -o out-jo-right --quiet && '$bin' show out-jo-right/jo-right/jo/2026-11-24_run.h5"
expect 0 "trunk pitch 20.0 deg forward" -- "$bin" show out-reversed/reversed/back.h5

# run-walk: two minutes of running, then two of walking, in one CSV. Every minute says which it
# was, and the walking strides (1.1 s against a median of 0.7) are not taken for pauses: only the
# two strides across the join are invalid (before, 210 of 554)
mkdir -p runwalk
"$bin" simulate -o runwalk/run.csv --duration 120 --rate 100 --noise 5 --seed 3 >/dev/null
"$bin" simulate -o runwalk/walk.csv --walk --cadence 110 --duration 120 --rate 100 --noise 5 --seed 4 >/dev/null
/usr/bin/python3 - <<'PY'
run = open("runwalk/run.csv").read().splitlines()
walk = open("runwalk/walk.csv").read().splitlines()
shift = float(run[-1].split(",")[0]) + 0.01
rows = [",".join(["%.5f" % (float(r.split(",")[0]) + shift)] + r.split(",")[1:]) for r in walk[2:]]
open("runwalk/both.csv", "w").write("\n".join(run + rows) + "\n")
open("runwalk/both.json", "w").write(open("runwalk/run.json").read())
PY
"$bin" analyze runwalk/both.csv -o out-runwalk --quiet
/usr/bin/python3 -c "
import h5py, sys
f = h5py.File('out-runwalk/runwalk/both.h5')
minutes = [r['activity'].decode() for r in f['segments'][:] if r['side'] == b'L']
strides = f['strides'][:]
invalid = len(strides) - int(strides['valid'].sum())
sys.exit(0 if minutes == ['run', 'run', 'walk', 'walk'] and invalid <= 4 else 1)
" && ok || bad "run-walk: minutes not told apart, or walking strides taken for pauses"

# accelerometer makers' CSV exports describe themselves: a folder of them needs no map. The same
# simulated walk (30 Hz, as ActiGraphs often record) as ActiLife and GENEActiv write it; every
# contact found, as from the simulator's own CSV and map; a wrist-worn GENEActiv is refused
mkdir -p exports/ana exports/ben exports/cy wrist
"$bin" simulate --sensor sacrum-acc --walk --cadence 110 --rate 30 --duration 60 --noise 5 --seed 3 -o plain.csv >/dev/null
/usr/bin/python3 "$root/tests/cli/device_csv.py" actigraph plain.csv exports/ana/day.csv 30
/usr/bin/python3 "$root/tests/cli/device_csv.py" geneactiv plain.csv exports/ben/day.csv 30 "right hip"
/usr/bin/python3 "$root/tests/cli/device_csv.py" actigraph plain.csv exports/cy/day.csv 30 dd.MM.yyyy
/usr/bin/python3 "$root/tests/cli/device_csv.py" geneactiv plain.csv wrist/day.csv 30 "left wrist"
expect 0 "ActiGraph file read as a lower-back sensor" -- "$bin" analyze exports -o out-exports
expect 0 "device: GENEActiv, started 2026-01-02 08:15:30, worn at the right hip" -- "$bin" inspect exports/ben/day.csv
# a lower-back device file: inspect prints the map it makes of itself, to be given its forward axis
expect 0 "and add \"forward_axis\"" -- "$bin" inspect exports/ben/day.csv
# an Axivity AX6 as omconvert writes it since its AX6 support (each data channel named with its
# range, the validity channel last and unnamed): accelerometer and gyroscope are read without a
# map (before 0.14.0 only the older AX3 layout was), and the walk gives the contacts and sides of
# the simulator's own CSV and map
mkdir -p ax6
"$bin" simulate --sensor sacrum --walk --cadence 110 --rate 100 --duration 60 --seed 4 -o ax6.csv >/dev/null
/usr/bin/python3 "$root/tests/cli/device_csv.py" omconvert ax6.csv ax6/back.wav 100
expect 0 "channel  5: sacrum angular_velocity z    unit 'deg/s', scale 2000" -- "$bin" inspect ax6/back.wav
# each channel's range in the map's units (since 0.14.0): the trunk's x axis, 20 deg from vertical,
# about 0.94 g at rest
expect 0 "channel  0: sacrum acceleration x        unit 'g', scale 8, offset 0: 0.9" -- "$bin" inspect ax6/back.wav
"$bin" analyze ax6.csv ax6/back.wav -o out-ax6 --quiet 2>/dev/null
/usr/bin/python3 -c "
import h5py, sys
own = h5py.File('out-ax6/ax6.h5')['strides'][:]
wav = h5py.File('out-ax6/ax6/back.h5')['strides'][:]
same = len(own) == len(wav) > 90 and (own['side'] == wav['side']).all() and \
    abs(own['initial_contact_s'] - wav['initial_contact_s']).max() < 0.001
sys.exit(0 if same else 1)
" && ok || bad "AX6 omconvert WAV: its contacts differ from the simulator's CSV with its map"
# the Axivity's own .cwa files, found in a folder and read without omconvert or a map (since
# 0.15.0): an AX6 and an AX3 (packed sectors) whose samples were taken at 101 Hz against the 100 Hz
# set, which the sectors' time stamps measure; both give the contacts and sides of the simulator's
# CSV with its map (at the set rate the last contacts would come 0.6 s early). A sector whose
# checksum fails is a gap of its samples, and a file that is no .cwa is refused
mkdir -p cwa/ax6 cwa/ax3 cwa-bad
"$bin" simulate --sensor sacrum --walk --cadence 110 --rate 101 --duration 60 --seed 4 -o cwa6.csv >/dev/null
"$bin" simulate --sensor sacrum-acc --walk --cadence 110 --rate 101 --duration 60 --seed 4 -o cwa3.csv >/dev/null
/usr/bin/python3 "$root/tests/cli/device_csv.py" cwa cwa6.csv cwa/ax6/back.cwa 101
/usr/bin/python3 "$root/tests/cli/device_csv.py" cwa cwa3.csv cwa/ax3/back.cwa 101
expect 0 "format: Axivity AX6 .cwa, 100 Hz set, 101.0000 Hz by its clock" -- "$bin" inspect cwa/ax6/back.cwa
expect 0 "channel  3: sacrum angular_velocity x    unit 'deg/s', scale 1" -- "$bin" inspect cwa/ax6/back.cwa
expect 0 "device: Axivity, started 2026-01-02 08:15:30.000, worn at the lower back" -- "$bin" inspect cwa/ax3/back.cwa
cp cwa/ax3/back.cwa cwa-bad/lost.cwa
/usr/bin/python3 -c "
f = open('cwa-bad/lost.cwa', 'r+b'); f.seek(1024 + 512 * 20 + 100); b = f.read(1)
f.seek(1024 + 512 * 20 + 100); f.write(bytes([b[0] ^ 1]))"
"$bin" analyze cwa6.csv cwa3.csv cwa cwa-bad/lost.cwa -o out-cwa --quiet 2>/dev/null
/usr/bin/python3 -c "
import h5py, sys
def same(a, b):
    own, dev = h5py.File(a)['strides'][:], h5py.File(b)['strides'][:]
    return len(own) == len(dev) > 90 and (own['side'] == dev['side']).all() and \
        abs(own['initial_contact_s'] - dev['initial_contact_s']).max() < 0.002
# the lost sector's samples (23.8-24.9 s) are a gap: the contacts after it keep their times
own = h5py.File('out-cwa/cwa3.h5')['strides'][:]['initial_contact_s']
lost = h5py.File('out-cwa/cwa-bad/lost.h5')['strides'][:]['initial_contact_s']
late = lost[lost > 27]
sys.exit(0 if same('out-cwa/cwa6.h5', 'out-cwa/cwa/ax6/back.h5') and
         same('out-cwa/cwa3.h5', 'out-cwa/cwa/ax3/back.h5') and 90 < len(lost) < 107 and
         len(late) > 40 and max(abs(own - t).min() for t in late) < 0.002 else 1)
" && ok || bad "Axivity .cwa: its contacts differ from the simulator's CSV with its map"
# an AX3 on the lower back set to +-2 g, running (the simulator's 2.09 g peaks): 854 rows at its
# range limit, once gaps that left no stride, are kept (since 0.22.0), so every contact is timed as
# from the unclipped CSV, and each step holding one has no vertical oscillation or trunk pitch
mkdir -p cwa-2g
"$bin" simulate --sensor sacrum-acc --run --rate 100 --duration 60 --seed 4 -o run2g.csv >/dev/null
/usr/bin/python3 "$root/tests/cli/device_csv.py" cwa run2g.csv cwa-2g/back.cwa 100 "lower back,2"
expect 0 "each step holding one gets no vertical oscillation, step length or trunk pitch" -- "$bin" analyze cwa-2g --map run2g.json -o out-2g
expect 0 "854 samples reach the device's range limit and are read at it: contacts are timed by the rises below the limit, but each step holding one gets no vertical oscillation" -- "$bin" show out-2g/cwa-2g/back.h5
expect 0 "rows the device flagged as at its range limit: 854, read at the limit: contacts are timed by the rises below the limit" -- "$bin" inspect cwa-2g/back.cwa --map run2g.json
"$bin" analyze run2g.csv -o out-2g --quiet
back_2g=$(/usr/bin/python3 -c "
import h5py, numpy as np
f = h5py.File('out-2g/cwa-2g/back.h5')
s, plain = f['strides'][:], h5py.File('out-2g/run2g.h5')['strides'][:]
print(len(s) == len(plain) > 150 and s['valid'].all() and (s['side'] == plain['side']).all()
      and abs(s['initial_contact_s'] - plain['initial_contact_s']).max() < 0.002
      and abs(s['toe_off_s'] - plain['toe_off_s']).max() < 0.002
      and f['quality/clipped_rows'][()] > 500 and f['quality/clipped_rows_kept'][()] == 1
      and np.isnan(s['vertical_oscillation_m']).all() and np.isnan(s['trunk_pitch_deg']).all()
      and np.isfinite(plain['vertical_oscillation_m']).sum() > 150 and (s['tibial_shock_clipped_s'] == 0).all())")
[ "$back_2g" = "True" ] && ok || bad "a lower-back AX3 at +-2 g: $back_2g"
# a .cwa beside the WAV omconvert made from it (converted in place): a folder's run reads the WAV,
# as before 0.15.0, so its report stays current, and says so; named, the .cwa is read
mkdir -p cwa-pair && cp cwa/ax6/back.cwa cwa-pair/walk.cwa
/usr/bin/python3 "$root/tests/cli/device_csv.py" omconvert cwa6.csv cwa-pair/walk.wav 101
expect 0 "skipped 1 Axivity .cwa file(s) beside the omconvert WAV" -- "$bin" analyze cwa-pair -o out-pair
expect 0 "ok   cwa-pair/walk.cwa -> out-pair-cwa/cwa-pair/walk.h5" -- "$bin" analyze cwa-pair/walk.cwa -o out-pair-cwa
# packed uploads (since 0.15.0): a folder's .gz and .zip files are counted in a note, not passed
# over in silence; named, each is refused with what to do. Since 0.18.0 a .cwa.gz (as UK Biobank
# hands them out) and a .csv.gz are read as they are: the report is the unpacked file's, but for
# the input's name, size and checksum
mkdir -p packed gt3x-bad && gzip -c cwa/ax3/back.cwa >packed/back.cwa.gz
gzip -c "$root/sample_data/team/jo/2026-11-03_run.wav" >packed/run.wav.gz
/usr/bin/python3 -c "
import zipfile
with zipfile.ZipFile('packed/team.zip', 'w') as z: z.write('cwa/ax3/back.cwa')" && cp packed/team.zip gt3x-bad/day.gt3x
expect 0 "skipped 2 packed file(s) (.gz, .zip)" -- "$bin" analyze packed -o out-packed
expect 0 "skip packed/back.cwa.gz: report is current" -- "$bin" analyze packed -o out-packed
expect 0 "ok   cwa/ax3/back.cwa -> out-unpacked" -- "$bin" analyze cwa/ax3/back.cwa -o out-unpacked
/usr/bin/python3 -c "
import sys, h5py, numpy as np
a, b = h5py.File('out-packed/packed/back.h5', 'r'), h5py.File('out-unpacked/cwa/ax3/back.h5', 'r')
sa, sb = a['strides'][:], b['strides'][:]
assert len(sa) > 50 and all(np.array_equal(sa[n], sb[n], equal_nan=sa[n].dtype.kind == 'f') for n in sa.dtype.names)
assert a.attrs['input_format'].decode().startswith('Axivity AX3 .cwa.gz, ')
" && ok || bad "a .cwa.gz: its report differs from the unpacked file's"
expect 1 "packed/run.wav.gz: compressed with gzip, in a format gaitbatch reads only unpacked: gunzip it first" -- "$bin" analyze packed/run.wav.gz -o out-packed
# a .csv.gz takes the map beside it by its stem (walk.json), and its report is walk.h5
mkdir -p packed-csv && cp "$root/sample_data/examples/csv/walk_with_dropouts.json" packed-csv/walk.json
gzip -c "$root/sample_data/examples/csv/walk_with_dropouts.csv" >packed-csv/walk.csv.gz
expect 0 "ok   packed-csv/walk.csv.gz -> out-packed-csv/packed-csv/walk.h5" -- "$bin" analyze packed-csv -o out-packed-csv
# without a map, every message names the one to write by that stem
mkdir -p packed-nomap && printf 'time_s,a,b,c\n0,1,2,3\n0.01,1,2,3\n0.02,1,2,3\n' | gzip >packed-nomap/day.csv.gz
expect 1 "packed-nomap/day.csv.gz: no channel map says what each channel is: write one as packed-nomap/day.json" -- "$bin" analyze packed-nomap/day.csv.gz -o out-packed-nomap
expect 1 "a channel map to start from (save it as packed-nomap/day.json)" -- "$bin" analyze packed-nomap/day.csv.gz -o out-packed-nomap
expect 0 "no channel map applies; save this as packed-nomap/day.json and edit it" -- "$bin" inspect packed-nomap/day.csv.gz
expect 1 "gt3x-bad/day.gt3x: not a .gt3x file: no zip archive holding log.bin or activity.bin" -- "$bin" inspect gt3x-bad/day.gt3x
# ActiGraph's own .gt3x files, read without ActiLife or a map (since 0.15.0): a wGT3X-BT's
# (ACTIVITY2 records, PARAMETERS' scale of 256 LSB/g) and a GT3X+'s (12-bit ACTIVITY records,
# 341 LSB/g) give the contacts and sides of the simulator's CSV with its map; five seconds of
# idle sleep (no records) are a gap, and the contacts after it keep their times. Five minutes:
# log.bin inflates in more than one 64 KiB piece (a reader that kept the first pass's input
# when it started again read damage). And a GT3X+ of the older layout (firmware 2.5.0 and
# earlier, activity.bin: since 0.16.0), timed from its Start Date
mkdir -p gt3x/bt gt3x/plus gt3x/older gt3x-sleep
"$bin" simulate --sensor sacrum-acc --walk --cadence 110 --rate 100 --duration 300 --seed 4 -o g3.csv >/dev/null
/usr/bin/python3 "$root/tests/cli/device_csv.py" gt3x g3.csv gt3x/bt/day.gt3x 100
/usr/bin/python3 "$root/tests/cli/device_csv.py" gt3x g3.csv gt3x/plus/day.gt3x 100 packed
/usr/bin/python3 "$root/tests/cli/device_csv.py" gt3x g3.csv gt3x/older/day.gt3x 100 older
/usr/bin/python3 -c "
import sys; sys.path.insert(0, '$root/tests/cli'); import device_csv
device_csv.gt3x('g3.csv', 'gt3x-sleep/day.gt3x', 100, asleep=range(20, 25))"
expect 0 "format: ActiGraph .gt3x (NEO1C16110020), 100 Hz, 341.0 LSB/g" -- "$bin" inspect gt3x/plus/day.gt3x
expect 0 "format: ActiGraph .gt3x (older, NEO1A20110135), 100 Hz, 341.0 LSB/g" -- "$bin" inspect gt3x/older/day.gt3x
expect 0 "device: ActiGraph, started 2026-01-02 08:15:30" -- "$bin" inspect gt3x/older/day.gt3x
"$bin" analyze g3.csv gt3x gt3x-sleep -o out-gt3x --quiet 2>/dev/null
/usr/bin/python3 -c "
import h5py, sys
own = h5py.File('out-gt3x/g3.h5')['strides'][:]
def same(b):
    dev = h5py.File(b)['strides'][:]
    return len(own) == len(dev) > 250 and (own['side'] == dev['side']).all() and \
        abs(own['initial_contact_s'] - dev['initial_contact_s']).max() < 0.002
slept = h5py.File('out-gt3x/gt3x-sleep/day.h5')['strides'][:]['initial_contact_s']
late = slept[slept > 27]
ics = own['initial_contact_s']
sys.exit(0 if same('out-gt3x/gt3x/bt/day.h5') and same('out-gt3x/gt3x/plus/day.h5') and
         same('out-gt3x/gt3x/older/day.h5') and
         len(late) > 250 and max(abs(ics - t).min() for t in late) < 0.002 else 1)
" && ok || bad "ActiGraph .gt3x: its contacts differ from the simulator's CSV with its map"
# a file system without file locks (NFS without its lock daemon, Lustre mounted without flock, as
# on a cluster's scratch), stood in for by a preloaded library (since 0.16.0): with flock failing
# (ENOLCK) the run takes a POSIX record lock instead, and HDF5 writes and reads the reports, which
# it locks no more; a run holding that record lock still keeps another off the folder; and with no
# lock at all the run goes ahead with a warning. Before, the first said another run was working
# on the folder, and HDF5 refused to create reports
mkdir -p nolock
cat >nolock/flock.c <<'C'
#include <errno.h>
int flock(int fd, int operation) { (void)fd; (void)operation; errno = ENOLCK; return -1; }
C
cat >nolock/record.c <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <unistd.h>
int flock(int fd, int operation) { (void)fd; (void)operation; errno = ENOLCK; return -1; }
static long pass(int fd, int cmd, long arg)
{
    if (cmd == F_SETLK || cmd == F_SETLKW || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW) {
        errno = ENOLCK;
        return -1;
    }
    return syscall(SYS_fcntl, fd, cmd, arg);
}
int fcntl(int fd, int cmd, ...) { va_list ap; va_start(ap, cmd); long arg = va_arg(ap, long); va_end(ap); return (int)pass(fd, cmd, arg); }
int fcntl64(int fd, int cmd, ...) { va_list ap; va_start(ap, cmd); long arg = va_arg(ap, long); va_end(ap); return (int)pass(fd, cmd, arg); }
C
if cc -shared -fPIC -o nolock/flock.so nolock/flock.c && cc -shared -fPIC -o nolock/record.so nolock/record.c; then
    "$bin" simulate --rate 200 --duration 20 --seed 3 -o nolock/run.wav >/dev/null
    expect 0 "1 ok, 0 skipped" -- env ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD="$PWD/nolock/flock.so" "$bin" analyze nolock/run.wav -o out-nolock
    expect 0 "athlete" -- env ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD="$PWD/nolock/flock.so" "$bin" show out-nolock/nolock/run.h5
    /usr/bin/python3 -c "
import fcntl, os, subprocess, sys
held = open('out-nolock/.gaitbatch.lock', 'a+')
fcntl.lockf(held, fcntl.LOCK_EX)
env = dict(os.environ, LD_PRELOAD='$PWD/nolock/flock.so', ASAN_OPTIONS='verify_asan_link_order=0')
r = subprocess.run(['$bin', 'analyze', 'nolock/run.wav', '-o', 'out-nolock', '--force'],
                   capture_output=True, text=True, env=env)
sys.exit(0 if r.returncode == 3 and 'another gaitbatch run' in r.stderr else 1)
" && ok || bad "a record lock held by another run did not keep this one off the folder"
    expect 0 "its file system cannot lock files (No locks available): this run goes ahead" -- env ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD="$PWD/nolock/record.so" "$bin" analyze nolock/run.wav -o out-nolock-at-all
    [ -f out-nolock-at-all/nolock/run.h5 ] && ok || bad "no report written where the file system locks no way"
else
    echo "cli: cc could not build the lock stand-ins: skipped"
fi
# a power cut must not leave a report, team summary or page half written (since 0.24.0): each is
# synced to the disk under its temporary name before the rename, and its folder after it, as is a
# folder's parent when the run makes the folder. A preloaded library logs the calls (and with
# DURABLE_FAIL makes fdatasync fail as a network file system reports a write it could not make)
cat >nolock/durable.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static void note(const char *what, const char *a, const char *b)
{
    const char *log = getenv("DURABLE_LOG");
    if (!log) return;
    char line[8400];
    int n = snprintf(line, sizeof line, "%s %s %s\n", what, a, b ? b : "-");
    int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (write(fd, line, (size_t)n) < 0) (void)0;
    close(fd);
}
static void note_fd(const char *what, int fd)
{
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    path[n > 0 ? n : 0] = '\0';
    note(what, path, NULL);
}
int fdatasync(int fd)
{
    if (getenv("DURABLE_FAIL")) { errno = EIO; return -1; }
    note_fd("fdatasync", fd);
    return ((int (*)(int))dlsym(RTLD_NEXT, "fdatasync"))(fd);
}
int fsync(int fd)
{
    note_fd("fsync", fd);
    return ((int (*)(int))dlsym(RTLD_NEXT, "fsync"))(fd);
}
int rename(const char *from, const char *to)
{
    note("rename", from, to);
    return ((int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename"))(from, to);
}
C
if cc -shared -fPIC -o nolock/durable.so nolock/durable.c -ldl; then
    rm -f durable.log
    expect 0 "1 ok, 0 skipped" -- env ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD="$PWD/nolock/durable.so" DURABLE_LOG="$PWD/durable.log" "$bin" analyze nolock/run.wav -o out-durable/new
    /usr/bin/python3 - "$PWD" <<'PY' && ok || bad "a report, team summary or page was renamed into place before it was synced, or its folder not synced after"
import sys
work = sys.argv[1]
# every path absolute (a rename names them as given, relative to the work folder)
calls = [[c[0]] + [p if p.startswith("/") or p == "-" else f"{work}/{p}" for p in c[1:]]
         for c in (line.split() for line in open(work + "/durable.log"))]
def at(*call):
    return next((i for i, c in enumerate(calls) if c[:len(call)] == list(call)), None)
fine = True
for name in ("out-durable/new/nolock/run.h5", "out-durable/new/team.h5", "out-durable/new/index.html"):
    path = f"{work}/{name}"
    renamed = next((i for i, c in enumerate(calls) if c[0] == "rename" and c[2] == path), None)
    if renamed is None:
        fine = False
        continue
    synced = at("fdatasync", calls[renamed][1])
    folder = next((i for i, c in enumerate(calls) if i > renamed and c[:2] == ["fsync", path.rsplit("/", 1)[0]]), None)
    fine = fine and synced is not None and synced < renamed and folder is not None
# the folders the run made: out-durable and new in the work folder, nolock in new
for made in ("out-durable", "out-durable/new", "out-durable/new/nolock"):
    parent = f"{work}/{made}".rsplit("/", 1)[0]
    fine = fine and at("fsync", parent) is not None
sys.exit(0 if fine else 1)
PY
    expect 1 "out-durable/failed/nolock/run.h5: writing the report to disk failed: Input/output error" -- env ASAN_OPTIONS=verify_asan_link_order=0 LD_PRELOAD="$PWD/nolock/durable.so" DURABLE_FAIL=1 "$bin" analyze nolock/run.wav -o out-durable/failed
    [ -z "$(find out-durable/failed -name 'run.h5*')" ] && ok || bad "a report or its temporary file was left where syncing it failed"
else
    echo "cli: cc could not build the sync stand-in: skipped"
fi
# an APDM Opal recording as Mobility Lab exports it (HDF5, since 0.16.0): its lumbar sensor read
# without a map (m/s2 and rad/s), beside a sternum sensor that has no role, gives the contacts and
# sides of the simulator's CSV with its map; 10 samples the sensor lost are a gap, and the contacts
# after it keep their times. A gaitbatch report among the inputs is no APDM file: passed over.
# Without a lower-back sensor the file needs a map, whose template names each sensor's axes. A
# sensor longer than the others (an unsynchronised export) is read as long as the shortest, and
# analyze and inspect say how much of it is not. Units the file gives are read whatever their
# spelling, and one gaitbatch does not convert is refused rather than taken for m/s2
mkdir -p apdm apdm-lost apdm-feet apdm-uneven apdm-counts
"$bin" simulate --sensor sacrum --walk --cadence 110 --rate 128 --duration 120 --seed 4 -o apdm.csv >/dev/null
/usr/bin/python3 "$root/tests/cli/device_csv.py" apdm apdm.csv apdm/walk.h5 128
/usr/bin/python3 -c "
import sys; sys.path.insert(0, '$root/tests/cli'); import device_csv
device_csv.apdm('apdm.csv', 'apdm-lost/walk.h5', 128, drop=range(6000, 6010))
device_csv.apdm('apdm.csv', 'apdm-feet/walk.h5', 128, label='Left Foot')
device_csv.apdm('apdm.csv', 'apdm-uneven/walk.h5', 128, sternum_extra=64)
device_csv.apdm('apdm.csv', 'apdm-counts/walk.h5', 128, accel_units='counts')"
expect 0 "format: APDM Opal HDF5, 2 sensors, 128 Hz as set and by its clock" -- "$bin" inspect apdm/walk.h5
expect 0 "device: APDM, started 2026-01-02 08:15:30.000, worn at the Lumbar" -- "$bin" inspect apdm/walk.h5
expect 0 "missing samples: 120, of which analyze bridges 0" -- "$bin" inspect apdm-lost/walk.h5
cp out-gt3x/g3.h5 apdm/report.h5
"$bin" analyze apdm.csv apdm apdm-lost -o out-apdm --quiet 2>/dev/null
[ -f out-apdm/apdm/report.h5 ] && bad "a gaitbatch report among the inputs was read as a recording" || ok
/usr/bin/python3 -c "
import h5py, sys
own = h5py.File('out-apdm/apdm.h5')['strides'][:]
dev = h5py.File('out-apdm/apdm/walk.h5')['strides'][:]
lost = h5py.File('out-apdm/apdm-lost/walk.h5')['strides'][:]['initial_contact_s']
late = lost[lost > 48]
ics = own['initial_contact_s']
sys.exit(0 if len(own) == len(dev) > 200 and (own['side'] == dev['side']).all() and
         abs(ics - dev['initial_contact_s']).max() < 0.002 and len(late) > 100 and
         max(abs(ics - t).min() for t in late) < 0.002 else 1)
" && ok || bad "APDM HDF5: its contacts differ from the simulator's CSV with its map"
expect 1 "no channel map says what each channel is" -- "$bin" analyze apdm-feet -o out-apdm-feet
expect 0 '"name": "Left Foot Gyroscope Y",' -- "$bin" inspect apdm-feet/walk.h5
expect 0 "the last 64 samples (0.5 s) of the longest are not read" -- "$bin" analyze apdm-uneven -o out-apdm-uneven
expect 0 "the last 64 samples (0.5 s) of the longest are not read" -- "$bin" inspect apdm-uneven/walk.h5
expect 0 "frames: 15360 (120.0 s)" -- "$bin" inspect apdm-uneven/walk.h5
expect 1 'channel 0 (Lumbar Accelerometer X) is in "counts", which gaitbatch does not convert: give a channel map with its unit' -- "$bin" analyze apdm-counts -o out-apdm-counts
find out-apdm-counts -name 'walk.h5*' | grep -q . && bad "a report was left for an APDM file in counts" || ok
# a GENEActiv's own .bin file (since 0.15.0; text pages of hex samples, calibrated by the header's
# gains and offsets), found in a folder beside a .bin that is no GENEActiv's (passed over): read
# without a map, it gives the contacts and sides of the simulator's CSV with its map
mkdir -p genea
"$bin" simulate --sensor sacrum-acc --walk --cadence 110 --rate 100 --duration 60 --seed 4 -o genea.csv >/dev/null
/usr/bin/python3 "$root/tests/cli/device_csv.py" geneactiv-bin genea.csv genea/day.bin 100 waist
printf 'firmware image\n' >genea/firmware.bin
expect 0 "1 recording(s): 1 ok" -- "$bin" analyze genea -o out-genea
"$bin" analyze genea.csv -o out-genea --quiet
/usr/bin/python3 -c "
import h5py, sys
own, dev = h5py.File('out-genea/genea.h5')['strides'][:], h5py.File('out-genea/genea/day.h5')['strides'][:]
sys.exit(0 if len(own) == len(dev) > 90 and (own['side'] == dev['side']).all() and
         abs(own['initial_contact_s'] - dev['initial_contact_s']).max() < 0.002 else 1)
" && ok || bad "GENEActiv .bin: its contacts differ from the simulator's CSV with its map"
printf 'time,x,y,z\n0,1,0,0\n' >cwa-bad/renamed.cwa
expect 1 "cwa-bad/renamed.cwa: not an Axivity .cwa file" -- "$bin" analyze cwa-bad/renamed.cwa -o out-cwa-bad
no_report renamed
# sensors worn together, simulated into DIR/r.wav (20 s at 500 Hz) and analysed into out-DIR:
# one report, and no sensor left unread
all_read() { # DIR SENSOR
    mkdir -p "$1" && "$bin" simulate --sensor "$2" --rate 500 --duration 20 -o "$1/r.wav" >/dev/null
    out=$("$bin" analyze "$1" -o "out-$1" 2>&1)
    case "$out" in *"not read"*) bad "$2: a sensor left unread: $out" ;; *"1 ok"*) ok ;; *) bad "$2: $out" ;; esac
}
# three sensors in one recording (insoles, shank IMUs and a lower-back IMU, as Mobilise-D's INDIP
# system wears them): all three are read, the lower back giving the strides their trunk pitch
all_read three insole+shank+sacrum
expect 0 "trunk pitch 20." -- "$bin" show out-three/three/r.h5
expect 0 "shank IMU beside the insoles" -- "$bin" show out-three/three/r.h5
expect 0 "lower-back IMU beside the insoles (IMU - pressure; /trunk_events)" -- "$bin" show out-three/three/r.h5
expect 0 "strides from: calibrated force; beside them: shank IMU (its contacts in /imu_events); trunk: lower-back IMU" -- "$bin" inspect three/r.wav
# four, since 0.12.0 (before, the shanks were not read): insoles, shoe and shank IMUs and a lower
# back, the shanks in a fourth chain giving each stride its tibial shock, their contacts in
# /shank_events
all_read four insole+foot+shank+sacrum
expect 0 "trunk: lower-back IMU (each stride's pitch and travel); shanks: shank IMU (each stride's tibial shock; /shank_events)" -- "$bin" inspect four/r.wav
expect 0 "shank IMU beside the insoles (IMU - pressure; /shank_events)" -- "$bin" show out-four/four/r.h5
expect 0 "peak tibial accel.     L      8." -- "$bin" show out-four/four/r.h5
expect 0 "foot gyroscope beside the insoles (IMU - pressure; /imu_events)" -- "$bin" show out-four/four/r.h5
# the shanks beside the insoles give each stride its tibial shock (since 0.12.0)
expect 0 "peak tibial accel.     L      8." -- "$bin" show out-three/three/r.h5
# a full-body set (shoe, shank and lower-back IMUs): the feet make the strides, the shanks beside
# them give each its tibial shock, the lower back its trunk pitch and travel
all_read body foot+shank+sacrum
expect 0 "strides from: foot gyroscope; beside them: shank IMU (its contacts in /imu_events); trunk: lower-back IMU" -- "$bin" inspect body/r.wav
expect 0 "shank IMU beside the foot gyroscope (shank IMU - foot gyroscope; /imu_events)" -- "$bin" show out-body/body/r.h5
expect 0 "lower-back IMU beside the foot gyroscope" -- "$bin" show out-body/body/r.h5
expect 0 "peak tibial accel.     L      8." -- "$bin" show out-body/body/r.h5
# a CSV with neither time column nor map still shows its columns, and a template that asks for the rate
printf 'acc_x,acc_y,acc_z\n0.1,0.9,0.2\n0.1,0.9,0.2\n' > no-time.csv
expect 0 '"sample_rate_hz": 100.0' -- "$bin" inspect no-time.csv
expect 1 '"sample_rate_hz": 100.0' -- "$bin" analyze no-time.csv -o out-no-time
expect 1 "the GENEActiv was worn at the left wrist: gaitbatch times steps" -- "$bin" analyze wrist -o out-wrist
find out-wrist -name 'day.h5*' | grep -q . && bad "a report was left for the wrist-worn export" || ok
expect 0 "no channel map applies (the warning above says why)" -- "$bin" inspect wrist/day.csv
for device in ana ben cy; do
    matched=$(/usr/bin/python3 "$root/scripts/compare_truth.py" "out-exports/exports/$device/day.h5" plain.truth.csv)
    case "$matched" in "matched 91/91 "*) ok ;; *) bad "$device's export: $matched" ;; esac
done
expect 0 "2026-01-02 08:15:30" -- "$bin" show out-exports/exports/ana/day.h5
expect 0 "2026-01-02 08:15:30" -- "$bin" show out-exports/exports/cy/day.h5
expect 0 "day.csv (ActiGraph ActiLife CSV, sha256" -- "$bin" show out-exports/exports/ana/day.h5
# a turned lower-back sensor (forward between z and y) that ends the recording lying on the back:
# the axis named is that of gait (z), not of the lying posture, where the horizontal frame turns
mkdir -p lying && "$bin" simulate --sensor sacrum-acc --walk --cadence 110 --yaw 30 --rate 50 \
    --duration 60 --noise 5 -o lying/walk.csv >/dev/null
/usr/bin/python3 -c "
lines = open('lying/walk.csv').read().splitlines()
last = float(lines[-1].split(',')[0])
# lying supine: up points out of the back, against the sensor's forward (0.34, 0.47, 0.81)
lines += ['%.5f,-0.3420,-0.4698,-0.8138' % (last + i / 50) for i in range(1, 3001)]
open('lying/walk.csv', 'w').write('\\n'.join(lines) + '\\n')"
expect 0 "forward was nearest the sensor's z axis" -- sh -c "'$bin' analyze lying -o out-lying --quiet 2>/dev/null && '$bin' show out-lying/lying/walk.h5"
# the same sensor switched on a minute before it was put on, lying on a table with its z axis up
# and x nearly horizontal: the horizontal frame comes from the posture, not from the first sample,
# so gait still learns z, and every step's side is right
mkdir -p table && /usr/bin/python3 -c "
lines = open('lying/walk.csv').read().splitlines()[:2 + 3000]
rows = ['%.5f,0.0010,0.0200,0.9998' % (i / 50) for i in range(3000)]
for r in lines[2:]:
    c = r.split(','); c[0] = '%.5f' % (float(c[0]) + 60); rows.append(','.join(c))
open('table/walk.csv', 'w').write('\\n'.join(lines[:2] + rows) + '\\n')"
grep -v standing lying/walk.json > table/walk.json
expect 0 "forward was nearest the sensor's z axis" -- sh -c "'$bin' analyze table -o out-table --quiet 2>/dev/null && '$bin' show out-table/table/walk.h5"
sides=$(/usr/bin/python3 -c "
import csv, h5py, numpy as np
s = h5py.File('out-table/table/walk.h5')['strides'][:]
truth = [(float(r['initial_contact_s']) + 60, r['side']) for r in csv.DictReader(open('lying/walk.truth.csv'))]
times = np.array([t for t, _ in truth])
right = [truth[int(np.argmin(abs(times - t)))][1] == s.decode()[0] for t, s in zip(s['initial_contact_s'], s['side'])]
print(sum(right) >= len(right) - 1 and len(right) > 80)")
[ "$sides" = True ] && ok || bad "a device switched on lying on a table got its sides wrong"
# without a map, forward is learnt from the steps and show names the axis nearest it (the
# simulator's z) and gives the trunk pitch along it (20 degrees, the simulator's tilt, here
# within 0.5); inspect prints the map such a file makes of itself, and saved with that axis as
# forward_axis it gives the trunk pitch without learning forward
expect 0 "(the pitch of the sensor's z axis, the one nearest the forward learnt from the steps)" -- "$bin" show out-exports/exports/ana/day.h5
learnt_pitch=$("$bin" show out-exports/exports/ana/day.h5 | sed -n 's/.*trunk pitch \([0-9.]*\) deg forward in gait.*/\1/p')
/usr/bin/python3 -c "import sys; sys.exit(abs(float('${learnt_pitch:-nan}') - 20) > 0.5)" && ok || bad "the trunk pitch along the learnt axis was '$learnt_pitch', not 20 +- 0.5 deg"
axis=$("$bin" show out-exports/exports/ana/day.h5 | sed -n 's/.*"forward_axis": "\([^"]*\)" in the map.*/\1/p')
[ "$axis" = z ] && ok || bad "show named '$axis' as the axis nearest the learnt forward, not z"
mkdir -p forward && cp exports/ana/day.csv forward/
"$bin" inspect forward/day.csv 2>/dev/null | sed -n '/^{/,/^}/p' | sed "s/^{/{\"forward_axis\": \"$axis\",/" > forward.json
mv forward.json forward/day.json
expect 0 "trunk pitch 20.0 deg forward" -- sh -c "'$bin' analyze forward -o out-forward --quiet && '$bin' show out-forward/forward/day.h5"

# the trunk pitch against standing: the simulator's map stands still for the first 0.9 s; a
# standing_s that falls in the run is refused with a warning, and show says what it has
mkdir -p stand stand-moving
"$bin" simulate --sensor sacrum-acc -o stand/lean.wav --rate 50 --duration 60 --lean 4 >/dev/null
cp stand/lean.wav stand-moving/
/usr/bin/python3 -c "import json,sys; m=json.load(open('stand/lean.json')); m['standing_s']=[10,20]; json.dump(m,open('stand-moving/lean.json','w'))"
expect 0 "the trunk moved during standing_s [10, 20] s" -- "$bin" analyze stand-moving/lean.wav -o out-stand
expect 0 "+4.0 deg from standing (standing_s: 20.0 deg)" -- sh -c "'$bin' analyze stand/lean.wav -o out-stand --quiet && '$bin' show out-stand/stand/lean.h5"
expect 0 "or give standing_s in the map" -- "$bin" show out-stand/stand-moving/lean.h5
expect 0 "standing still from 10 to 20 s (standing_s)" -- "$bin" inspect stand-moving/lean.wav
# without standing_s, the quiet standing next to gait: two 20 s walks between seated rests
mkdir -p stand-found
"$bin" simulate --sensor sacrum-acc --walk --cadence 105 --bout 20 --rest 20 --duration 80 --lean 4 \
    -o stand-found/walks.wav --rate 50 >/dev/null
/usr/bin/python3 -c "import json; m=json.load(open('stand-found/walks.json')); del m['standing_s']; json.dump(m,open('stand-found/walks.json','w'))"
expect 0 "+3.9 deg from standing (20.0 deg, over 3.9 s of quiet standing next to gait)" -- sh -c "'$bin' analyze stand-found -o out-stand-found --quiet && '$bin' show out-stand-found/stand-found/walks.h5"
expect 0 "the trunk pitch's reference: quiet standing found next to gait (no standing_s)" -- "$bin" inspect stand-found/walks.wav
# a walk that sets off at once has no standing next to it to find: show says so
mkdir -p stand-none
"$bin" simulate --sensor sacrum-acc --walk --duration 60 -o stand-none/walk.wav --rate 50 >/dev/null
/usr/bin/python3 -c "import json; m=json.load(open('stand-none/walk.json')); del m['standing_s']; json.dump(m,open('stand-none/walk.json','w'))"
expect 0 "no quiet standing was found next to gait to give it against" -- sh -c "'$bin' analyze stand-none -o out-stand-none --quiet && '$bin' show out-stand-none/stand-none/walk.h5"

# two 20 s walks with 20 s seated between: two bouts in /bouts, and show counts them
"$bin" simulate --sensor sacrum-acc --walk --cadence 105 --bout 20 --rest 20 --duration 80 \
    -o imu/walks.wav --rate 50 >/dev/null
"$bin" analyze imu/walks.wav -o out-bouts --quiet
expect 0 "; 2 bouts (/bouts" -- "$bin" show out-bouts/imu/walks.h5

# a walk across midnight (the session's start time is the clock): two days in /days and in show,
# each bout in the day it starts; a folder that is not there for simulate is named
"$bin" simulate --sensor sacrum-acc --walk --cadence 105 --bout 40 --rest 40 --duration 240 \
    --session 2026-02-28T23:59:00 -o imu/night.wav --rate 50 >/dev/null
"$bin" analyze imu/night.wav -o out-days --quiet
expect 0 "      2  2026-03-01    0.1    0.1      2    141" -- "$bin" show out-days/imu/night.h5
days=$(/usr/bin/python3 -c "import h5py; d = h5py.File('out-days/imu/night.h5')['days']
print([(int(r['day']), r['date'].decode(), float(r['start_s']), int(r['bouts'])) for r in d[:]], list(d.attrs['units'][:3]))")
if [ "$days" = "[(1, '2026-02-28', 0.0, 1), (2, '2026-03-01', 60.0, 2)] [b'1', b'', b's']" ]; then ok; else bad "/days: $days"; fi
expect 3 "nowhere/x.truth.csv: cannot write ground truth: No such file or directory" -- "$bin" simulate -o nowhere/x.wav

# a text file's first ISO date-time stamp is its start: under a map without a session, its days
# are cut at that midnight (it starts a second before it), and days_clock says so
mkdir -p stamp
"$bin" simulate --sensor sacrum-acc --walk --cadence 105 --bout 40 --rest 40 --duration 240 \
    -o stamp/back.csv --rate 50 >/dev/null
/usr/bin/python3 -c "import json, sys; sys.path.insert(0, '$root/tests/cli'); import fuzz
fuzz.write_stamped_csv('stamp/back.csv', 'stamp/stamped.csv')
m = json.load(open('stamp/back.json')); del m['session']; json.dump(m, open('stamp/stamped.json', 'w'))"
"$bin" analyze stamp/stamped.csv -o out-stamp --quiet
stamp=$(/usr/bin/python3 -c "import h5py; f = h5py.File('out-stamp/stamp/stamped.h5')
print(f.attrs['days_clock'].decode(), [(r['date'].decode(), float(r['start_s'])) for r in f['days'][:]])")
if [ "$stamp" = "2026-01-02 23:59:59 [('2026-01-02', 0.0), ('2026-01-03', 1.0)]" ]; then ok; else bad "days by the first stamp: $stamp"; fi
expect 0 "  started: 2026-01-02 23:59:59" -- "$bin" inspect stamp/stamped.csv

# the training load is time in gait (since 0.13.0), not time recorded: three weekly 10 min runs,
# then an hour worn with 10 min of walking in it is no load spike (it was 2.67, high, by the hour)
mkdir -p load/zed
for day in 01 08 15; do
    "$bin" simulate -o load/zed/2026-11-${day}_run.flac --duration 600 --athlete zed \
        --session 2026-11-$day --seed $day >/dev/null
done
"$bin" simulate --sensor sacrum-acc --walk --bout 60 --rest 300 --duration 3600 --rate 50 \
    --athlete zed --session 2026-11-22 -o load/zed/2026-11-22_walk.wav >/dev/null
"$bin" analyze load -o out-load --quiet
load=$(/usr/bin/python3 -c "import h5py; t = h5py.File('out-load/team.h5')['sessions'][:]
r = t[t['session'] == b'2026-11-22'][0]
print(r['duration_s'], 590 < r['gait_s'] < 600, r['finding_overworked_under_recovered'].decode())")
if [ "$load" = "3600.0 True none" ]; then ok; else bad "load from time in gait: $load"; fi

# a lower-back sensor that lay still for two hours between two hours of walking was not worn then
# (van Hees's rule, since 0.13.0), whatever the block size
"$bin" simulate --sensor sacrum-acc --walk --cadence 105 --bout 3600 --rest 7200 --duration 14400 \
    --rate 50 --noise 5 -o imu/still.wav >/dev/null
"$bin" analyze imu/still.wav -o out-worn --quiet
"$bin" analyze imu/still.wav -o out-worn7 --quiet --block 7 --threads 1
expect 0 "not worn: 2.0 of the 4.0 h" -- "$bin" show out-worn/imu/still.h5
worn=$(/usr/bin/python3 -c "import h5py
w = [float(h5py.File(f'{d}/imu/still.h5')['days']['worn_s'][0]) for d in ('out-worn', 'out-worn7')]
print(w)")
if [ "$worn" = "[7200.0, 7200.0]" ]; then ok; else bad "worn_s: $worn"; fi

# insoles and shank IMUs in one file: the IMU's events beside the pressure events, in show and in
# the report; an IMU too slow for its placement is left out with a warning, the insoles still count
"$bin" simulate --sensor insole+shank -o imu/both.csv --rate 500 --duration 30
expect 0 "1 recording(s): 1 ok" -- "$bin" analyze imu/both.csv -o out-both
expect 0 "shank IMU beside the insoles (IMU - pressure; /imu_events)" -- "$bin" show out-both/imu/both.h5
# a shank accelerometer that saturates at 6 g: the report still comes, with a warning that says so
"$bin" simulate --sensor shank -o imu/rail.wav --rate 500 --duration 30 --noise 20 --acc-range 6
expect 0 "channel 0 (left shank acceleration x) sits at its range limit" -- "$bin" analyze imu/rail.wav -o out-rail
# shoe IMUs whose accelerometers saturate at 4 g: the swings cut flat get no stride length rather
# than a short one (8.5 % short before), and the warning says so
"$bin" simulate --sensor foot --walk -o imu/shoe-rail.wav --rate 200 --duration 30 --noise 5 --acc-range 4 >/dev/null
expect 0 "(left foot acceleration x) sits at its range limit for 23.0 % of samples: the sensor saturates, so its swings that reach the limit get no stride length" -- "$bin" analyze imu/shoe-rail.wav -o out-shoe-rail
lengths=$(/usr/bin/python3 -c "import h5py, numpy as np; f = h5py.File('out-shoe-rail/imu/shoe-rail.h5'); s = f['strides'][:]; q = f['quality']
print(len(s) > 40, int(np.isfinite(s['stride_length_m']).sum()), int(q['foot_swings'][()]), int(q['foot_swings_left_out'][()]) > 40)")
[ "$lengths" = "True 0 0 True" ] && ok || bad "saturated shoe IMUs' strides (len > 40, with a length; swings, > 40 left out): $lengths"
# shoe IMUs in running (since 0.10.0): the strides have lengths from brief stances, show gives the
# running speed and the coaches' page says so (the simulator's 2.40 m over 0.706 s strides)
"$bin" simulate --sensor foot --run -o imu/shoe-run.wav --rate 200 --duration 30 --noise 5 --variability 0 >/dev/null
expect 0 "1 recording(s): 1 ok" -- "$bin" analyze imu/shoe-run.wav -o out-shoe-run
expect 0 "running speed          L     3." -- "$bin" show out-shoe-run/imu/shoe-run.h5
run=$(/usr/bin/python3 -c "import h5py, numpy as np; s = h5py.File('out-shoe-run/imu/shoe-run.h5')['strides'][:]
s = s[s['valid'] == 1]; n = np.isfinite(s['stride_length_m'])
print(len(s) > 70, int(n.sum()) >= len(s) - 6, abs(np.median(s['stride_length_m'][n]) - 2.40) < 0.01, abs(np.median(s['walking_speed_m_per_s'][n]) - 3.40) < 0.01)")
[ "$run" = "True True True True" ] && ok || bad "running shoe IMUs' strides (> 70, all but 6 with a length, 2.40 m, 3.40 m/s): $run"
grep -q "running speed 3.40 m/s" out-shoe-run/index.html && grep -q "Running speed (m/s)" out-shoe-run/index.html &&
    ok || bad "the coaches' page names a running foot's speed a running speed"
# a single shoe pod (the right foot's channels ignored): its strides have lengths and the run is a
# bout (before 0.10.0 a bout needed strides of both feet), at the cadence of both feet
mkdir -p pod && cp imu/shoe-run.wav pod/run.wav
/usr/bin/python3 -c "import json; m = json.load(open('imu/shoe-run.json'))
for c in m['channels']:
    if c['side'] == 'right': c['quantity'] = 'ignore'
json.dump(m, open('pod/run.json', 'w'))"
expect 0 "1 recording(s): 1 ok" -- "$bin" analyze pod -o out-pod
expect 0 "cadence 170.0 steps/min (spectrum: 170.1); 1 bout" -- "$bin" show out-pod/pod/run.h5
expect 0 "stride length          L     2.40  R        - m" -- "$bin" show out-pod/pod/run.h5
pod=$(/usr/bin/python3 -c "import h5py, numpy as np; b = h5py.File('out-pod/pod/run.h5')['bouts'][:]
print(len(b), round(float(b['cadence_spm'][0]), 1), round(float(b['stride_length_m'][0]), 2))")
[ "$pod" = "1 170.0 2.4" ] && ok || bad "a single shoe pod's bout (1, 170.0 steps/min, 2.4 m): $pod"
# shoe IMUs and a lower-back IMU in running, the map with a leg length: the strides take the trunk's
# travel from the lower back, and with the shoes' lengths and speeds get a vertical ratio and a leg
# stiffness without the map's speed (show lists them)
"$bin" simulate --sensor foot+sacrum --run -o imu/shoe-back.wav --rate 500 --duration 30 --noise 5 --variability 0 >/dev/null
/usr/bin/python3 -c "import json; m = json.load(open('imu/shoe-back.json')); m['leg_length_m'] = 0.9
json.dump(m, open('imu/shoe-back.json', 'w'))"
expect 0 "1 recording(s): 1 ok" -- "$bin" analyze imu/shoe-back.wav -o out-shoe-back
expect 0 "vertical ratio         L      5.9" -- "$bin" show out-shoe-back/imu/shoe-back.h5
# (9.07 kN/m by the simulated 0.25 s contacts; 9.2 before 0.18.0, when the shoes' toe-offs came
# 5 ms early and their contacts short)
expect 0 "leg stiffness          L      9.0" -- "$bin" show out-shoe-back/imu/shoe-back.h5
# the same shoe IMUs' accelerometers in g declared as m/s2: their gravity says so, as a lower-back
# sensor's does
mkdir -p shoe-unit && cp imu/shoe-rail.wav shoe-unit/walk.wav
/usr/bin/python3 -c "import json; m = json.load(open('imu/shoe-rail.json'))
for c in m['channels']:
    if c.get('quantity') == 'acceleration': c['unit'] = 'm/s2'
json.dump(m, open('shoe-unit/walk.json', 'w'))"
expect 1 "the accelerometer's gravity is 0.10 g, not 1 g: the file is in g while the map says m/s2; set \"unit\": \"g\"" -- "$bin" analyze shoe-unit -o out-shoe-unit
# the JSON lines log carries the warnings too, for cron jobs that read it
"$bin" analyze imu/rail.wav -o out-rail-log --log rail.jsonl >/dev/null 2>&1
grep -q '"warnings": *\[".*sits at its range limit' rail.jsonl && ok || bad "log lacks the warning: $(cat rail.jsonl)"
# a map of a wrist sensor alone (or accelerometers alone on the legs): refused, saying what gives
# steps, and no report rather than an empty one
mkdir -p wrist && "$bin" simulate --sensor sacrum-acc --walk -o wrist/arm.csv --rate 50 --duration 20 >/dev/null
sed -i 's/"sacrum"/"wrist"/g' wrist/arm.json
expect 1 "wrist/arm.csv: no channel of its map (wrist/arm.json) gives steps: gaitbatch times them from force or pressure channels, a lower-back (sacrum) accelerometer, shank accelerometers, or shank or foot gyroscopes" -- "$bin" analyze wrist -o out-wrist
[ -f out-wrist/wrist/arm.h5 ] && bad "a report for the wrist recording" || ok
# a lower-back recording of someone sitting: a report that says no steps were found, and why
"$bin" simulate --sensor sacrum-acc --walk -o imu/sitting.wav --rate 50 --duration 120 --bout 0.001 --rest 600 --noise 5
expect 0 "no steps detected (1 contacts found): is the athlete moving (sitting or standing gives none), and are the lower-back IMU channels" -- "$bin" analyze imu/sitting.wav -o out-sitting
[ -f out-sitting/imu/sitting.h5 ] && ok || bad "no report for the sitting recording"
# shoe IMUs whose gyroscopes record rad/s under a map that says deg/s: their swings read 57 times
# too slow and no step is found; the report says how fast the leg turned at most and asks (since
# 0.22.0; before, only whether the channels were mapped right)
"$bin" simulate --sensor foot --walk --rate 100 --duration 30 --seed 4 -o rad.csv >/dev/null
/usr/bin/python3 -c "
import json, math
gyros = [c['index'] + 1 for c in json.load(open('rad.json'))['channels'] if c['quantity'] == 'angular_velocity']
with open('rad.csv') as f, open('rad-in.csv', 'w') as out:
    for line in f:
        cells = line.rstrip().split(',')
        if line[0].isdigit():
            cells = [f'{float(v) * math.pi / 180:.6f}' if i in gyros else v for i, v in enumerate(cells)]
        out.write(','.join(cells) + '\\n')"
expect 0 "no steps detected (0 contacts found): the foot gyroscope's pitch rate peaks at 9.7 deg/s (a walking leg: 200+): is the athlete still, or is it in rad/s?" -- "$bin" analyze rad-in.csv --map rad.json -o out-rad
expect 0 "77 strides (77 valid), walk" -- "$bin" analyze rad.csv -o out-rad
# ... and the other way round, deg/s under a map that says rad/s: 57 times too fast, beyond what
# any gyroscope measures; the events stand, the shoes' paths would not (a warning since 0.22.0;
# before, nothing was said)
sed 's|"deg/s"|"rad/s"|g' rad.json > rad-says-rad.json
expect 0 "the leg gyroscopes' pitch rate reaches 31977 deg/s as mapped, beyond what gyroscopes measure" -- "$bin" analyze rad.csv --map rad-says-rad.json -o out-rad-says-rad
# the summary line names the asymmetry the sensors give: contact time from a lower-back IMU in
# running, none while walking (no final contacts), never a NaN
"$bin" simulate --sensor sacrum-acc -o imu/back-run.wav --rate 100 --duration 60
expect 0 "steps/min, contact time SI " -- "$bin" analyze imu/back-run.wav -o out-line
expect 0 "channel  2: sacrum acceleration z        unit 'g'" -- "$bin" inspect imu/back-run.wav
expect 0 "not assessable here: lack of calf strength (gastrocnemius and soleus) (needs insoles" -- "$bin" show out-line/imu/back-run.h5
case "$("$bin" show out-line/imu/back-run.h5)" in *"(null)"*) bad "show printed (null)" ;; *) ok ;; esac
"$bin" simulate --sensor sacrum-acc --walk --cadence 110 -o imu/back-walk.wav --rate 100 --duration 60
out=$("$bin" analyze imu/back-walk.wav -o out-line 2>&1)
case "$out" in *"cadence 110.0 steps/min"*nan*) bad "NaN in the summary line: $out" ;; *"cadence 110.0 steps/min"*) ok ;; *) bad "no summary line: $out" ;; esac
# a lower-back CSV laid out as Mobilise-D's (sample index first, then t_s, acc_x_g ...) and no map:
# the template reads the roles from the names and the time column, and works as it is
"$bin" simulate --sensor sacrum-acc --walk --cadence 110 -o imu/plain.csv --rate 100 --duration 60
awk -F, 'BEGIN { OFS = "," } /^#/ { next } NR == 2 { print "sample,t_s,acc_x_g,acc_y_g,acc_z_g"; next }
     { print NR - 3, $0 }' imu/plain.csv > imu/mobilised.csv
expect 1 '"quantity": "acceleration"' -- "$bin" analyze imu/mobilised.csv -o out-template
"$bin" analyze imu/mobilised.csv -o out-template 2>&1 | sed -n '/^{/,/^}/p' > template.json
mv template.json imu/mobilised.json
expect 0 "cadence 110.0 steps/min" -- "$bin" analyze imu/mobilised.csv -o out-template
# a full-body set's CSV (30 columns: left_foot_acc_x ... back_gyr_z) with no map: its columns are
# not taken for foot switches, and the template, whole (before 0.12.0 cut at 4 KB, 16 channels),
# names each sensor as its columns do and works as it is
mkdir -p body-csv && "$bin" simulate --sensor foot+shank+sacrum --rate 200 --duration 20 -o body-csv/r.csv >/dev/null
rm body-csv/r.json
expect 1 "no channel map says what each channel is" -- "$bin" analyze body-csv/r.csv -o out-body-csv
"$bin" inspect body-csv/r.csv 2>/dev/null | sed -n '/^{/,/^}/p' > body-template.json
mv body-template.json body-csv/r.json
expect 0 "strides from: foot gyroscope; beside them: shank IMU (its contacts in /imu_events); trunk: lower-back IMU" -- "$bin" inspect body-csv/r.csv
expect 0 "1 ok" -- "$bin" analyze body-csv/r.csv -o out-body-csv
# a phone app's export (phyphox: m/s^2, and the magnitude beside the axes): inspect's template
# leaves the magnitude out (before 0.27.0 it drafted it as a second x, which the lower back's
# stages took for x) and works as it is; a map giving an axis twice is refused, naming both
mkdir -p phone && "$bin" simulate --sensor sacrum-acc --walk --cadence 110 --rate 100 --duration 30 -o phone/walk.csv >/dev/null
/usr/bin/python3 "$root/tests/cli/device_csv.py" phyphox phone/walk.csv phone/app.csv 100
"$bin" inspect phone/app.csv 2>/dev/null | sed -n '/^{/,/^}/p' > phone-template.json
mv phone-template.json phone/app.json
expect 0 "walk, cadence 110." -- "$bin" analyze phone/app.csv -o out-phone
/usr/bin/python3 -c "import json; m = json.load(open('phone/app.json')); print([c['quantity'] for c in m['channels']])" | grep -q "'acceleration', 'ignore'\]" && ok || bad "the template maps the phone's magnitude: $(cat phone/app.json)"
mkdir -p phone-twice && cp phone/app.csv phone-twice/twice.csv
sed 's/"ignore"/"acceleration", "placement": "sacrum", "axis": "x", "unit": "m\/s2"/' phone/app.json > phone-twice/twice.json
expect 1 "phone-twice/twice.json: channels[0] and channels[3] (file channels 0 and 3) are both the sacrum acceleration x axis" -- "$bin" analyze phone-twice/twice.csv -o out-phone-twice
no_report twice
# another phone app's log (Sensor Logger's TotalAcceleration.csv: "time" in ns from 1970, then
# "seconds_elapsed", "z", "y", "x" in m/s^2): the time is read in ns by its size (before 0.27.0,
# 1e-07 Hz), and the template takes z, y, x for the accelerometer its file's name says, the
# second time column left out, and works as drafted
mkdir -p logger && /usr/bin/python3 "$root/tests/cli/device_csv.py" sensor-logger phone/walk.csv logger/TotalAcceleration.csv 100
expect 0 "sample rate: 100 Hz (measured from the time column)" -- "$bin" inspect logger/TotalAcceleration.csv
# and, no unit being named, reads m/s2 from the size of gravity in the first block (analyze's
# template says the same)
expect 1 '"unit": "m/s2"' -- "$bin" analyze logger/TotalAcceleration.csv -o out-logger
"$bin" inspect logger/TotalAcceleration.csv 2>/dev/null | sed -n '/^{/,/^}/p' > logger-template.json
mv logger-template.json logger/TotalAcceleration.json
expect 0 "walk, cadence 110." -- "$bin" analyze logger/TotalAcceleration.csv -o out-logger
# the map's time_unit, time_column and sample_rate_hz are part of the settings a report is current
# for: a map mended to give one redoes the report (before 0.27.0 a rerun kept it)
expect 0 "1 skipped (current)" -- "$bin" analyze logger/TotalAcceleration.csv -o out-logger
sed -i 's/^{/{"time_unit": "ns",/' logger/TotalAcceleration.json
expect 0 "1 ok, 0 skipped" -- "$bin" analyze logger/TotalAcceleration.csv -o out-logger
sed -i 's/^{/{"time_column": 0,/' logger/TotalAcceleration.json
expect 0 "1 ok, 0 skipped" -- "$bin" analyze logger/TotalAcceleration.csv -o out-logger
# MetaWear's CSV ("epoch (ms)", a "time (+00:00)" column of date-times written with dots,
# "elapsed (s)", then "x-axis (g)" ...; the file named for its sensor): the date-times are passed
# over (before 0.27.0 its first eight rows were taken for a header and the ninth failed), and the
# template as drafted works
mkdir -p metawear && /usr/bin/python3 "$root/tests/cli/device_csv.py" metawear phone/walk.csv metawear/MetaWear_2026-11-27T08.00.00.000_C8A1_Accelerometer.csv 100
mw=metawear/MetaWear_2026-11-27T08.00.00.000_C8A1_Accelerometer
expect 0 "channels: 4" -- "$bin" inspect $mw.csv
"$bin" inspect $mw.csv 2>/dev/null | sed -n '/^{/,/^}/p' > metawear-template.json
mv metawear-template.json $mw.json
expect 0 "walk, cadence 110." -- "$bin" analyze $mw.csv -o out-metawear
# Polar Sensor Logger's accelerometer (semicolons; the phone's clock first, then the sensor's
# time stamp in ns, then "X [mg]" ...): the second time stamp is left out of the template, the
# axes are read in thousandths of g (since 0.27.0; before, "mg" was no unit gaitbatch converts)
mkdir -p polar && /usr/bin/python3 "$root/tests/cli/device_csv.py" polar phone/walk.csv polar/Polar_Sense_ACC.txt 100
"$bin" inspect polar/Polar_Sense_ACC.txt 2>/dev/null | sed -n '/^{/,/^}/p' > polar-template.json
mv polar-template.json polar/Polar_Sense_ACC.json
grep -q '"unit": "mg"' polar/Polar_Sense_ACC.json && ok || bad "the template does not read Polar's mg: $(cat polar/Polar_Sense_ACC.json)"
expect 0 "walk, cadence 110." -- "$bin" analyze polar/Polar_Sense_ACC.txt -o out-polar
# the same said to be in g: the message names mg (before 0.27.0 only g and m/s2 were told apart)
mkdir -p polar-g && cp polar/Polar_Sense_ACC.txt polar-g/acc.txt
sed 's/"unit": "mg"/"unit": "g"/' polar/Polar_Sense_ACC.json > polar-g/acc.json
expect 1 "not 1 g: the file is in mg while the map says g; set \"unit\": \"mg\"" -- "$bin" analyze polar-g/acc.txt -o out-polar-g
# shank gyroscopes mounted the other way round (the map reverses them): a warning with the fix
"$bin" simulate --sensor shank -o imu/flipped.wav --rate 500 --duration 30 --noise 10
sed -i 's/"unit": "deg\/s"/"unit": "deg\/s", "scale": -1/' imu/flipped.json
expect 0 'channel 4 (left shank angular_velocity y) swings further negative (-401) than positive (301) as mapped' -- "$bin" analyze imu/flipped.wav -o out-flipped
# shoe IMUs over a 10 min walk, whose longest swing reaches -609 deg/s against a +551 push-off: no
# such warning (the sensor is mounted right; the check wants the negative side 1.2 times as far)
"$bin" simulate --sensor foot --walk -o imu/long-walk.wav --rate 100 --duration 600 --noise 5 >/dev/null
"$bin" analyze imu/long-walk.wav -o out-long-walk 2>long-walk.err >/dev/null
grep -q "further negative" long-walk.err && bad "a long walk's shoe IMUs are said to be mounted the other way round: $(cat long-walk.err)" || ok
mkdir -p clock
# a time column rounded to 5 decimals at 300 Hz (steps 0.00333 and 0.00334 s) is 300 Hz, not 300.3
"$bin" simulate -o clock/r300.csv --rate 300 --duration 30 >/dev/null
expect 0 "sample rate: 300 Hz (measured from the time column)" -- "$bin" inspect clock/r300.csv
# a logger whose clock changes rate after its first rows (0.1 % slower from 60 s on): each row goes
# to the sample slot its time says (since 0.17.0), so the events keep the time column's clock to
# the end (before, they drifted 60 ms from it by 120 s, with a warning)
"$bin" simulate -o clock/drift.csv --rate 100 --duration 120 >/dev/null
awk -F, 'BEGIN { OFS = "," } /^[0-9]/ { n++; if (n > 6000) $1 = sprintf("%.5f", 60 + (n - 6001) * 0.01001) } { print }' \
    clock/drift.csv > clock/drift2.csv && mv clock/drift2.csv clock/drift.csv
"$bin" analyze clock/drift.csv -o out-clock --quiet
/usr/bin/python3 -c "
import csv, h5py, numpy as np, sys
ours = h5py.File('out-clock/clock/drift.h5')['strides'][:]['initial_contact_s']
truth = [float(r['initial_contact_s']) for r in csv.DictReader(open('clock/drift.truth.csv'))]
late = [60 + (t - 60) * 1.001 for t in truth if t > 100]  # the time column's clock
errors = [np.abs(ours - t).min() for t in late]
sys.exit(0 if len(late) > 20 and np.median(errors) < 0.005 else 1)
" && ok || bad "a logger's clock that changes rate: late events are off its time column"
# a logger's dropped samples, empty cells (a pandas export writes missing values so): bridged by
# a straight line, counted in /quality/bridged_samples, and the strides survive; --bridge-gap 0
# leaves them gaps, which the low-pass spreads: each of the left foot's contacts lies next to one
mkdir -p drop && "$bin" simulate -o drop/walk.csv --walk --cadence 110 --rate 100 --duration 60 >/dev/null
awk -F, 'BEGIN { OFS = "," } /^[0-9]/ { n++; if (n % 50 == 25) $3 = "" } { print }' drop/walk.csv > drop/w2.csv && mv drop/w2.csv drop/walk.csv
expect 0 "drop/walk.h5: 105 strides (105 valid)" -- "$bin" analyze drop -o out-drop
expect 0 "drop/walk.h5: 52 strides (52 valid)" -- "$bin" analyze drop -o out-drop0 --bridge-gap 0
counts=$(/usr/bin/python3 -c "
import h5py
print(*(int(h5py.File(f'{d}/drop/walk.h5')['quality/bridged_samples'][()]) for d in ('out-drop', 'out-drop0')))")
[ "$counts" = "120 0" ] && ok || bad "bridged samples with and without --bridge-gap: $counts, expected 120 0"
# a shank at 100 Hz with every 97th row left out: the rate from its time column reads a rounding
# under 100 Hz (99.9999999999), which is not "too slow" for the shank's 100 Hz; its gaps are bridged
mkdir -p drop-shank && "$bin" simulate --sensor shank --walk --cadence 110 --rate 100 --duration 60 --seed 3 -o drop-shank/shank.csv >/dev/null
awk -F, '/^[0-9]/ { n++; if (n % 97 == 0) next } { print }' drop-shank/shank.csv > drop-shank/s2.csv && mv drop-shank/s2.csv drop-shank/shank.csv
expect 0 "drop-shank/shank.h5: 103 strides (103 valid)" -- "$bin" analyze drop-shank -o out-drop-shank
expect 0 "missing samples: 120, of which analyze bridges 120" -- "$bin" inspect drop/walk.csv
expect 0 "missing samples: 120, of which analyze bridges 0" -- "$bin" inspect --bridge-gap 0 drop/walk.csv
# one row in 97 left out of insoles, with bridging off: no stride survives the gaps, and the
# status says why instead of asking whether the athlete moved
mkdir -p gaps97 && "$bin" simulate -o gaps97/walk.csv --walk --cadence 110 --rate 100 --duration 60 >/dev/null
awk -F, '/^[0-9]/ { n++; if (n % 97 == 0) next } { print }' gaps97/walk.csv > gaps97/w2.csv && mv gaps97/w2.csv gaps97/walk.csv
expect 0 "no steps detected (0 contacts found): 1 % of the samples are missing (gaps beyond --bridge-gap)" -- "$bin" analyze gaps97 -o out-gaps97 --bridge-gap 0
expect 0 "gaps97/walk.h5: 105 strides (105 valid)" -- "$bin" analyze gaps97 -o out-gaps97b
# gaps too long to bridge (0.2 s every 2 s, rows left out): the coaches' page says how much of the
# session is missing beside its row; the bridged session above says nothing
mkdir -p gappy/team/zed && "$bin" simulate -o gappy/team/zed/walk.csv --walk --cadence 110 --rate 100 --duration 60 >/dev/null
awk -F, '/^[0-9]/ { n++; if (n % 200 >= 180) next } { print }' gappy/team/zed/walk.csv > gappy/w2.csv && mv gappy/w2.csv gappy/team/zed/walk.csv
expect 0 "1 recording(s): 1 ok" -- "$bin" analyze gappy -o out-gappy
grep -q "10 % of the samples missing" out-gappy/index.html && ok || bad "the page does not say 10 % of the session is missing"
expect 0 "missing: 10.0 % of the samples, in gaps beyond --bridge-gap" -- "$bin" show out-gappy/gappy/team/zed/walk.h5
# each gap cost a contact of each foot, so every stride left spans a gap (2.2 s): none is valid,
# and the status says why (before 0.8.0 they counted, and the cadence read 55 steps/min)
expect 0 "but 10 % of the samples are missing (gaps beyond --bridge-gap), and a stride across a gap is not valid" -- "$bin" show out-gappy/gappy/team/zed/walk.h5
grep -q "samples missing" out-drop/index.html && bad "the page calls a bridged session's samples missing" || ok
missing=$(/usr/bin/python3 -c "
import h5py
print(round(float(h5py.File('out-gappy/team.h5')['sessions'][0]['missing_pct']), 1))")
[ "$missing" = "10.0" ] && ok || bad "team.h5 missing_pct $missing, expected 10.0"
# a 500 Hz shank run with 5 % of its rows dropped in runs of 10-50 ms: the strides with nothing
# bridged within 60 ms of their events time their initial contacts as the whole run does (within
# 7 ms of the truth); those with some are flagged, the farthest of them off by tens of ms
mkdir -p shankdrop && "$bin" simulate -o shankdrop/whole.csv --sensor shank --rate 500 --duration 120 --cadence 175 --noise 5 --seed 3 >/dev/null
/usr/bin/python3 "$root/scripts/drop_samples.py" --rows 2 1 0.05 11 shankdrop/whole.csv shankdrop/rows.csv 5 25 >/dev/null
cp shankdrop/whole.json shankdrop/rows.json
expect 0 "2 recording(s): 2 ok" -- "$bin" analyze shankdrop -o out-shankdrop
/usr/bin/python3 -c "
import csv, sys, h5py, numpy as np
s = h5py.File('out-shankdrop/shankdrop/rows.h5')['strides'][:]
truth = [r for r in csv.DictReader(open('shankdrop/whole.truth.csv'))]
clear, flagged = [], []
for r in truth:
    mine = s[s['side'] == r['side'].encode()]
    k = np.argmin(np.abs(mine['initial_contact_s'] - float(r['initial_contact_s'])))
    error = abs(mine['initial_contact_s'][k] - float(r['initial_contact_s']))
    if error < 0.1:
        (flagged if mine['bridged_near_events_s'][k] > 0 else clear).append(error)
whole = h5py.File('out-shankdrop/shankdrop/whole.h5')['strides'][:]
ok = len(clear) > 100 and len(flagged) > 50 and max(clear) < 0.007 and max(flagged) > 0.02 \
    and not whole['bridged_near_events_s'].any()
print(f'{len(clear)} clear within {1000 * max(clear):.1f} ms, {len(flagged)} flagged, worst {1000 * max(flagged):.1f} ms')
sys.exit(0 if ok else 1)" >shankdrop.txt && ok || bad "bridged shank strides: $(cat shankdrop.txt)"
expect 0 "valid strides have samples drawn in within 60 ms of an event" -- "$bin" show out-shankdrop/shankdrop/rows.h5
"$bin" show out-shankdrop/shankdrop/whole.h5 | grep -q "bridged:" && bad "show: a whole recording said bridged" || ok
expect 2 "--bridge-gap must be >= 0" -- "$bin" analyze drop -o out-drop1 --bridge-gap -0.1
expect 2 "--bridge-gap must be at most 0.5 s" -- "$bin" analyze drop -o out-drop1 --bridge-gap 0.6
"$bin" simulate --sensor insole+shank -o imu/both-slow.csv --rate 60 --duration 30
expect 0 "imu/both-slow.csv: 60 Hz is too slow for the shank IMU (100 Hz needed): its events are left out" -- "$bin" analyze imu/both-slow.csv -o out-both

# output disk full (a 200 KiB tmpfs where mounting is allowed): the run says so, nothing half-written
mkdir -p tiny
if mount -t tmpfs -o size=200k tmpfs tiny 2>/dev/null; then
    expect 1 "writing the report failed (disk full?)" -- "$bin" analyze samples/team/cara -o tiny/out
    [ -z "$(find tiny -name '*.h5.tmp-*' -o -name '2026-11-03_long-run.h5')" ] && ok || bad "a half-written report was left on the full disk"
    umount tiny
fi

# bad inputs: a clear one-line error naming the file, non-zero status, no report
mkdir -p badin
map2='{"sample_rate_hz": 100, "channels": [{"index": 0, "side": "left"}, {"index": 1, "side": "right"}]}'
: > badin/empty.flac
expect 1 "empty.flac: empty file" -- "$bin" analyze badin/empty.flac -o out-bad
no_report empty
head -c 3000 samples/team/dev/2026-11-04_walk.flac > badin/trunc.flac
cp samples/team/dev/2026-11-04_walk.json badin/trunc.json
expect 1 "trunc.flac" -- "$bin" analyze badin/trunc.flac -o out-bad
no_report trunc
printf '1,2\n3,abc\n' > badin/cell.csv; echo "$map2" > badin/cell.json
expect 1 "cell.csv: line 2, column 2: 'abc' is not a number" -- "$bin" analyze badin/cell.csv -o out-bad
no_report cell
printf '1,2\n3,4,5\n' > badin/ragged.csv; echo "$map2" > badin/ragged.json
expect 1 "ragged.csv: line 2 has 3 columns" -- "$bin" analyze badin/ragged.csv -o out-bad
printf 'time_s,l,r\n0,1,2\n0.01,1,2\n0.005,1,2\n' > badin/order.csv; echo "$map2" > badin/order.json
expect 1 "order.csv: line 4: time" -- "$bin" analyze badin/order.csv -o out-bad
printf 'time_s,l,r\n0,1,2\n0.01,1,2\n0.02,1,2\n0.03,1,2\n9,1,2\n' > badin/gap.csv; echo "$map2" > badin/gap.json
expect 1 "gap of 8.970 s" -- "$bin" analyze badin/gap.csv -o out-bad
printf '1,2\nnan,4\n' > badin/nan.csv; echo "$map2" > badin/nan.json
expect 1 "nan.csv: line 2, column 1: 'nan' is NaN or Inf" -- "$bin" analyze badin/nan.csv -o out-bad
printf '1,2\n3,4\n' > badin/norate.csv
echo '{"channels": [{"index": 0, "side": "left"}]}' > badin/norate.json
expect 1 "no time column and no sample rate" -- "$bin" analyze badin/norate.csv -o out-bad
printf '1,2\n3,4\n' > badin/absurd.csv
echo '{"sample_rate_hz": 1e9, "channels": [{"index": 0, "side": "left"}]}' > badin/absurd.json
expect 1 "sample rate 1e+09 Hz is not usable" -- "$bin" analyze badin/absurd.csv -o out-bad
cp samples/team/dev/2026-11-04_walk.flac badin/wide.flac
echo '{"channels": [{"index": 7, "side": "left"}]}' > badin/wide.json
expect 1 "wide.flac: the map (badin/wide.json) names channel 7, but the file has 4 channels" -- "$bin" analyze badin/wide.flac -o out-bad
no_report wide
cp samples/team/dev/2026-11-04_walk.flac badin/nomap.flac
expect 1 '"channels"' -- "$bin" analyze badin/nomap.flac -o out-bad
expect 1 "nomap.flac: no channel map" -- "$bin" analyze badin/nomap.flac -o out-bad
no_report nomap
cp samples/team/dev/2026-11-04_walk.flac badin/typo.flac
sed 's/"athlete"/"athelete"/' samples/team/dev/2026-11-04_walk.json > badin/typo.json
expect 0 "unknown key 'athelete'" -- "$bin" analyze badin/typo.flac -o out-bad
printf 'm 1 100 10\nm.dat 16 200 16 0 0 0 0 left-foot\n' > badin/m.hea
expect 1 "names signal file" -- "$bin" analyze badin/m.hea -o out-bad
no_report m
{ echo "time_s,l,r"; i=0; while [ $i -lt 2000 ]; do echo "$i,700,650"; i=$((i + 1)); done; } > badin/still.csv
sed -i 's/^\([0-9]*\),/\1e-2,/' badin/still.csv
echo "$map2" > badin/still.json
expect 0 "no steps detected" -- "$bin" analyze badin/still.csv -o out-bad
[ -f out-bad/badin/still.h5 ] && ok || bad "a recording without steps should still get a report"
# alone on a coaches' page, its athlete's charts have nothing to draw, and say so rather than
# drawing empty axes
"$bin" analyze badin/still.csv -o out-still --quiet
[ "$(grep -o 'no data' out-still/index.html | wc -l)" -eq 3 ] && ok || bad "the coaches' page should say 'no data' in each of three charts"

# incremental runs: unchanged inputs are skipped; changed content, settings or --force redo
expect 0 "55 recording(s): 0 ok, 55 skipped (current), 0 failed" -- "$bin" analyze samples -o out
touch samples/team/ana/2026-11-02_run.flac
expect 0 "0 ok, 55 skipped" -- "$bin" analyze samples -o out
"$bin" simulate -o samples/team/ana/2026-11-09_run.flac --duration 60 --seed 99 --athlete ana
expect 0 "1 ok, 54 skipped" -- "$bin" analyze samples -o out
expect 0 "skip samples/team/dev/2026-11-04_walk.flac: report is current" -- "$bin" analyze samples -o out
expect 0 "55 ok, 0 skipped" -- "$bin" analyze samples -o out --lowpass 15
expect 0 "55 ok, 0 skipped" -- "$bin" analyze samples -o out --lowpass 15 --force
head -c 1000 out/samples/team/dev/2026-11-04_walk.h5 > broken.h5 && mv broken.h5 out/samples/team/dev/2026-11-04_walk.h5
expect 0 "1 ok, 54 skipped" -- "$bin" analyze samples -o out --lowpass 15
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    /usr/bin/python3 -c "import h5py; h5py.File('out/samples/team/cara/2026-11-03_long-run.h5', 'a').attrs['schema_version'] = 0"
    expect 0 "1 ok, 54 skipped" -- "$bin" analyze samples -o out --lowpass 15
    # a damaged report whose /summary activity is 60,000 characters long: read to its 15 (it was
    # copied whole into its 16-byte field, past the end of the report's overview in memory)
    mkdir -p damaged && cp out/samples/team/ana/2026-11-02_run.h5 damaged/long.h5
    /usr/bin/python3 -c "
import h5py, numpy as np
with h5py.File('damaged/long.h5', 'r+') as f:
    del f['summary'].attrs['activity']
    f['summary'].attrs.create('activity', np.bytes_(b'x' * 60000), dtype='S60000')"
    expect 0 "session 2026-11-02T07:30:00: xxxxxxxxxxxxxxx, 3.0 min" -- "$bin" show damaged/long.h5
    # a foreign HDF5 file that passes for a report, its duration_s 100,000 numbers (each was read
    # into the one double): an error of its own, and merge leaves it out of the team summary
    /usr/bin/python3 -c "
import h5py, numpy as np
with h5py.File('damaged/foreign.h5', 'w', libver='latest') as f:
    f.attrs.create('schema_version', 2, dtype='i4')
    f.attrs['duration_s'] = np.full(100000, 180.0)"
    expect 1 "damaged/foreign.h5: no /summary group" -- "$bin" show damaged/foreign.h5
    expect 1 "(1 sessions, 1 unreadable reports left out)" -- "$bin" merge damaged
fi

# an athlete's log with unusable rows: each is named with its line, the good rows still count,
# so ida's short sleep is still found. Saved from Excel: a byte order mark before the header row
mkdir -p logteam && cp -r "$root/sample_data/team/ida" logteam/
{ printf '\357\273\277'; head -3 "$root/sample_data/team/ida/athlete-log.csv"; printf '2026-11-30,lots,1.0,0\n11/20/2026,5,1,0\n'
  tail -n +4 "$root/sample_data/team/ida/athlete-log.csv"; } > logteam/ida/athlete-log.csv
out=$("$bin" analyze logteam -o out-log 2>&1)
case "$out" in *"athlete-log.csv: line 1"*) bad "the log's header row taken for a day: $out" ;;
    *"athlete-log.csv: line 4: sleep_h 'lots' left out"*"line 5: '11/20/2026' is not a date"*) ok ;;
    *) bad "no warnings for the log's bad rows: $out" ;; esac
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    expect 0 "hydration_electrolytes_sleep" -- /usr/bin/python3 -c "
import h5py; print(h5py.File('out-log/team.h5')['sessions'][-1]['top_finding'].decode())"
fi

# uncalibrated insoles (volts): a 20 % push-off deficit is a measurement, not a normative finding
mkdir -p volts
"$bin" simulate -o volts/v.flac --duration 60 --deficit 0.2 >/dev/null
sed -i 's/"unit": "N"/"unit": "V"/' volts/v.json
"$bin" analyze volts -o out-volts >/dev/null 2>&1
case "$("$bin" show out-volts/volts/v.h5)" in *"pushes off with less impulse"*) bad "normative push-off finding from volts" ;;
    *"push-off impulse"*"V*s"*"SI  -2"*) ok ;; *) bad "show lacks the push-off SI in volts" ;; esac
grep -q "from uncalibrated sensors: watch its change" out-volts/index.html && ok || bad "index.html lacks the uncalibrated caveat"

# JSON lines log: one object per recording
rm -f run.jsonl
expect 0 "55 skipped" -- "$bin" analyze samples -o out --lowpass 15 --log run.jsonl
[ "$(grep -c '"status": *"skipped"' run.jsonl)" -eq 55 ] && ok || bad "log lacks 55 skipped lines: $(cat run.jsonl)"
# each line says when its recording ended, UTC (since 0.24.0): within the last hour
/usr/bin/python3 -c "
import json, sys, time, calendar
ended = [calendar.timegm(time.strptime(json.loads(l)['ended'], '%Y-%m-%dT%H:%M:%SZ')) for l in open('run.jsonl')]
sys.exit(0 if len(ended) == 55 and all(0 <= time.time() - t < 3600 for t in ended) else 1)
" && ok || bad "log lines lack the time they ended: $(head -2 run.jsonl)"
# a file name that is not UTF-8 (Latin-1 bytes from an old upload tool): its log line still names
# it, each such byte as '?' (since 0.26.0; before, the line had no "input", "report" or "error")
mkdir -p latin
if cp samples/team/dev/2026-11-04_walk.flac "latin/$(printf 'r\351sum\351.flac')" 2>/dev/null; then
    cp samples/team/dev/2026-11-04_walk.json "latin/$(printf 'r\351sum\351.json')"
    printf 'cut' >"latin/$(printf 'cut\351.flac')"
    "$bin" analyze latin -o out-latin --log latin.jsonl >/dev/null 2>&1
    named=$(/usr/bin/python3 -c "
import json
lines = [json.loads(l) for l in open('latin.jsonl')]  # in the order the workers finished
for r in sorted(lines, key=lambda r: r['status']):
    print(r['status'], r.get('input'), r.get('report'), 'error' in r)")
    [ "$named" = "failed latin/cut?.flac out-latin/latin/cut?.h5 True
ok latin/r?sum?.flac out-latin/latin/r?sum?.h5 False" ] && ok || bad "log lines of names that are not UTF-8: $named"
fi
# a column label in Latin-1: the map inspect drafts keeps the column's name (since 0.26.0; before,
# the name went missing from the draft)
printf 'time,acc\351l_x,b\n0,1,2\n0.01,1,2\n0.02,1,2\n' >latin-header.csv
expect 0 '"name": "acc?l_x"' -- "$bin" inspect latin-header.csv

# a worker that crashes fails its recording alone
# under ASan the crash ends in its handler (exit 1), otherwise in SIGSEGV: both say so
GAITBATCH_FAULT=crash:good expect 1 "the worker analysing it" -- "$bin" analyze mixed -o out-crash
[ -f out-crash/mixed/good.h5 ] && bad "a crashed worker left a report" || ok
GAITBATCH_FAULT=crash:good expect 1 "1 failed" -- "$bin" analyze mixed/good.flac samples/team/dev -o out-crash2
[ -f out-crash2/samples/team/dev/2026-11-04_walk.h5 ] && ok || bad "the others should go on after a crash"
# a report whose findings crash their writer (as libhdf5 can on one damaged on disk) is named and
# counted, keeps its findings, and leaves no copy behind; the others' findings are written
GAITBATCH_FAULT=findings:2026-11-09 expect 1 "2026-11-09_run.h5: its findings could not be written" -- "$bin" merge out-crash2/samples/team out/samples/team/ana
GAITBATCH_FAULT=findings:2026-11-09 expect 1 "1 damaged report whose findings could not be written" -- "$bin" merge out/samples/team/ana
[ -z "$(find out/samples/team/ana -name '*.tmp-*')" ] && ok || bad "a crashed findings writer left its copy"

# two runs on one output folder: the second exits 3, or waits with --wait
if command -v flock >/dev/null 2>&1; then
    mkdir -p out-lock
    flock out-lock/.gaitbatch.lock sleep 2 &
    sleep 0.5
    expect 3 "another gaitbatch run" -- "$bin" analyze samples/team/dev -o out-lock
    expect 0 "1 ok" -- "$bin" analyze samples/team/dev -o out-lock --wait
    wait
fi

# -j 1 and -j 2 make the same reports; kill -9 at random moments, then a rerun, changes nothing
if /usr/bin/python3 -c 'import h5py, numpy' 2>/dev/null; then
    mkdir -p many
    i=0
    while [ $i -lt 12 ]; do
        "$bin" simulate -o many/r$i.flac --duration 600 --seed $((i + 1)) --cadence $((150 + i * 3))
        i=$((i + 1))
    done
    "$bin" analyze many -o ref -j 1 >/dev/null 2>&1
    "$bin" analyze many -o par -j 2 >/dev/null 2>&1
    /usr/bin/python3 "$root/tests/cli/same_reports.py" ref par >/dev/null && ok || bad "-j 2 reports differ from -j 1"
    interrupted=0
    for delay in 0.02 0.06 0.12; do
        rm -rf killed
        setsid "$bin" analyze many -o killed -j 2 >/dev/null 2>&1 &
        sleep $delay
        pid=$!
        kill -KILL -"$pid" 2>/dev/null
        wait 2>/dev/null
        [ "$(find killed -name '*.h5' 2>/dev/null | wc -l)" -lt 12 ] && interrupted=$((interrupted + 1))
        # --wait: the killed workers may still be exiting (ASan's teardown is slow) and hold the lock
        "$bin" analyze many -o killed -j 2 --wait >/dev/null 2>&1 || bad "rerun after kill -9 failed"
        if /usr/bin/python3 "$root/tests/cli/same_reports.py" ref killed >/dev/null && \
            [ -z "$(find killed -name '*.tmp-*')" ]; then ok; else bad "kill -9 at $delay s, then rerun: reports differ"; fi
    done
    [ "$interrupted" -gt 0 ] && ok || bad "no kill -9 landed mid-run: the test proved nothing"
fi

# --settle S (since 0.24.0): a recording any of whose files changed less than S seconds ago (its
# status time: a write, or a rename into place) is left for the next run, as an upload still
# arriving in a folder a cron job reads; a WFDB record waits for its signal file too
mkdir -p arriving
cp "$root/sample_data/examples/wfdb/run16.hea" "$root/sample_data/examples/wfdb/run16.json" arriving/
cp "$root/sample_data/examples/wfdb/run16.dat" arriving/
expect 0 "1 recording(s): 0 ok, 0 skipped (current), 0 failed, 1 waiting (still changing)" -- "$bin" analyze arriving -o out-arriving --settle 30 --log arriving.jsonl
[ ! -e out-arriving/arriving/run16.h5 ] && ok || bad "--settle: a recording still changing was analysed"
# ... and the coaches' page and team.h5 name it (since 0.25.0), with no time that would change
# from run to run
grep -q "<tr><td>arriving/run16.hea</td><td>waiting</td><td>still arriving: its files changed within 30 s of the run (--settle); the next run analyses it</td></tr>" out-arriving/index.html && ok || bad "--settle: the page does not name the recording waiting: $(grep -A3 not-analysed out-arriving/index.html)"
left=$(/usr/bin/python3 -c "
import h5py
with h5py.File('out-arriving/team.h5', 'r') as f:
    print(';'.join(f'{r[\"input\"].decode()},{r[\"status\"].decode()}' for r in f['not_analysed'][:]))")
[ "$left" = "arriving/run16.hea,waiting" ] && ok || bad "--settle: team.h5 /not_analysed holds '$left'"
grep -q '"status":"waiting","seconds":[0-9.e-]*,"ended":"[0-9T:Z-]*","changed_s_ago":' arriving.jsonl && ok || bad "--settle: the log does not say waiting: $(cat arriving.jsonl)"
sleep 1.2
cp "$root/sample_data/examples/wfdb/run16.dat" arriving/run16.dat.part
mv arriving/run16.dat.part arriving/run16.dat # the signal file renamed into place just now
expect 0 "wait arriving/run16.hea: changed" -- "$bin" analyze arriving -o out-arriving --settle 1
sleep 1.2
expect 0 "1 recording(s): 1 ok, 0 skipped (current), 0 failed" -- "$bin" analyze arriving -o out-arriving --settle 1
[ -f out-arriving/arriving/run16.h5 ] && ok || bad "--settle: a recording that settled was not analysed"
grep -q "not-analysed" out-arriving/index.html && bad "--settle: the page still names the recording analysed since" || ok
# its channel map counts as one of its files: a map rewritten just now (the athlete's mass
# corrected) waits too, though the recording did not change
sed 's/"body_mass_kg": 70.0/"body_mass_kg": 71.5/' arriving/run16.json >arriving/run16.json.part
mv arriving/run16.json.part arriving/run16.json
expect 0 "wait arriving/run16.hea: changed" -- "$bin" analyze arriving -o out-arriving --settle 1
sleep 1.2
expect 0 "1 recording(s): 1 ok, 0 skipped (current), 0 failed" -- "$bin" analyze arriving -o out-arriving --settle 1
expect 2 "--settle -5 s: give 0 to 86400 s" -- "$bin" analyze arriving -o out-arriving --settle -5
# an upload that fails is named on the coaches' page and in team.h5 /not_analysed, with what to
# do (since 0.25.0: before, it had no session and the page said nothing of it); the page is
# rewritten when that list changes, even in a run that analysed nothing new
mkdir -p uploads/ana
cp "$root/sample_data/examples/wfdb/run16.hea" "$root/sample_data/examples/wfdb/run16.dat" "$root/sample_data/examples/wfdb/run16.json" uploads/ana/
head -c 20000 "$root/sample_data/team/ana/2026-11-16_run.flac" >uploads/ana/cut.flac
cp "$root/sample_data/team/ana/2026-11-16_run.json" uploads/ana/cut.json
expect 1 "2 recording(s): 1 ok, 0 skipped (current), 1 failed" -- "$bin" analyze uploads -o out-uploads
grep -q "<tr><td>uploads/ana/cut.flac</td><td>failed</td><td>decoding failed near frame 0 (.*): the file is damaged or cut short (an interrupted copy or upload?); copy it again" out-uploads/index.html && ok || bad "the page does not name the failed upload: $(grep -A4 not-analysed out-uploads/index.html)"
grep -q "Recordings not analysed (1)" out-uploads/index.html && ok || bad "the page does not count the recordings not analysed"
grep -q "<details open><summary>1 recording: why each, and what to do</summary>" out-uploads/index.html && ok || bad "a short list of recordings not analysed is folded"
expect 0 "recordings its run left without a report (1):
  uploads/ana/cut.flac: failed: decoding failed near frame 0 (" -- "$bin" show out-uploads/team.h5
expect 1 "team summary: out-uploads/team.h5 is current" -- "$bin" analyze uploads -o out-uploads
# mended: analysed, and off the page
cp "$root/sample_data/team/ana/2026-11-16_run.flac" uploads/ana/cut.flac
expect 0 "2 recording(s): 1 ok, 1 skipped (current), 0 failed" -- "$bin" analyze uploads -o out-uploads
grep -q "not-analysed" out-uploads/index.html && bad "the page still names the mended upload" || ok
# another fails, then is taken out of the folder: the page drops it though nothing new was analysed
printf 'time,left\n' >uploads/ana/empty.csv
cp "$root/sample_data/examples/wfdb/run16.json" uploads/ana/empty.json
expect 1 "3 recording(s): 0 ok, 2 skipped (current), 1 failed" -- "$bin" analyze uploads -o out-uploads
grep -q "<tr><td>uploads/ana/empty.csv</td><td>failed</td>" out-uploads/index.html && ok || bad "the page does not name the second failed upload"
rm uploads/ana/empty.csv uploads/ana/empty.json
# a long list (more than 10) starts folded, so the athletes stay near the top of the page
mkdir -p broken-many/ana
for k in 1 2 3 4 5 6 7 8 9 10 11; do
    head -c 3000 "$root/sample_data/team/ana/2026-11-16_run.flac" >broken-many/ana/cut$k.flac
    cp "$root/sample_data/team/ana/2026-11-16_run.json" broken-many/ana/cut$k.json
done
expect 1 "11 recording(s): 0 ok, 0 skipped (current), 11 failed" -- "$bin" analyze broken-many -o out-broken-many
grep -q "<details><summary>11 recordings: why each, and what to do</summary>" out-broken-many/index.html && ok || bad "a long list of recordings not analysed is not folded"
expect 0 "team summary: out-uploads/team.h5 and out-uploads/index.html (2 sessions)" -- "$bin" analyze uploads -o out-uploads
grep -q "not-analysed" out-uploads/index.html && bad "the page still names an upload taken out" || ok
left=$(/usr/bin/python3 -c "
import h5py
with h5py.File('out-uploads/team.h5', 'r') as f:
    print(len(f['not_analysed']), f['not_analysed'].dtype.names)")
[ "$left" = "0 ('input', 'status', 'reason')" ] && ok || bad "team.h5 /not_analysed after the uploads were mended: $left"
# the shards of a job array each keep what they left without a report (OUTDIR/.gaitbatch-left-K-of-N.h5),
# and merge names them all on the page and in team.h5 (since 0.26.0; before, a merged page named none)
mkdir -p shard-uploads/ana shard-uploads/ben
for who in ana ben; do
    cp "$root/sample_data/team/$who/2026-11-16_run.flac" "$root/sample_data/team/$who/2026-11-16_run.json" shard-uploads/$who/
    head -c 20000 "$root/sample_data/team/$who/2026-11-16_run.flac" >shard-uploads/$who/cut.flac
    cp "$root/sample_data/team/$who/2026-11-16_run.json" shard-uploads/$who/cut.json
done
for k in 1 2; do "$bin" analyze shard-uploads -o out-shards --shard $k/2 >/dev/null 2>&1; done
shard_lists() { find out-shards -maxdepth 1 -name '.gaitbatch-left-*' | sort | tr '\n' ' '; }
[ "$(shard_lists)" = "out-shards/.gaitbatch-left-1-of-2.h5 out-shards/.gaitbatch-left-2-of-2.h5 " ] && ok || bad "shards left no lists: $(shard_lists)"
expect 0 "out-shards/.gaitbatch-left-1-of-2.h5: what a shard of a job array left without a report, for merge (gaitbatch 0." -- "$bin" show out-shards/.gaitbatch-left-1-of-2.h5
expect 0 "team summary: out-shards/team.h5 and out-shards/index.html (2 sessions, 2 recordings not analysed)" -- "$bin" merge out-shards
grep -q "<tr><td>shard-uploads/ana/cut.flac</td><td>failed</td><td>decoding failed near frame 0" out-shards/index.html && ok || bad "a merged page does not name a shard's failed upload"
grep -q "<tr><td>shard-uploads/ben/cut.flac</td><td>failed</td>" out-shards/index.html && ok || bad "a merged page does not name the other shard's failed upload"
expect 0 "recordings its run left without a report (2):
  shard-uploads/ana/cut.flac: failed: decoding failed" -- "$bin" show out-shards/team.h5
# a job array of another size replaces the lists; one mended upload leaves them; what a killed
# shard half wrote goes with its next run
cp "$root/sample_data/team/ben/2026-11-16_run.flac" shard-uploads/ben/cut.flac
: >out-shards/.gaitbatch-left-1-of-3.h5.tmp-99999
for k in 1 2 3; do "$bin" analyze shard-uploads -o out-shards --shard $k/3 >/dev/null 2>&1; done
[ "$(shard_lists)" = "out-shards/.gaitbatch-left-1-of-3.h5 out-shards/.gaitbatch-left-2-of-3.h5 out-shards/.gaitbatch-left-3-of-3.h5 " ] && ok || bad "the lists of the 2-shard array were kept: $(shard_lists)"
expect 0 "(3 sessions, 1 recording not analysed)" -- "$bin" merge out-shards
grep -q "shard-uploads/ben/cut.flac</td><td>failed" out-shards/index.html && bad "a merged page names a mended upload" || ok
# a list that cannot be read is named, and the merge goes on
printf 'not hdf5' >out-shards/.gaitbatch-left-2-of-3.h5
expect 0 ".gaitbatch-left-2-of-3.h5: the list of recordings shard 2 of 3 left without a report cannot be read" -- "$bin" merge out-shards
# a run over the whole list makes its own: the shards' lists go (half-written ones too), and a
# later merge keeps its list
: >out-shards/.gaitbatch-left-2-of-7.h5.tmp-99999
expect 1 "team summary: out-shards/team.h5 and out-shards/index.html (3 sessions, 1 recording not analysed)" -- "$bin" analyze shard-uploads -o out-shards
[ -z "$(shard_lists)" ] && ok || bad "a whole run left the shards' lists: $(shard_lists)"
expect 0 "(3 sessions, 1 recording not analysed)" -- "$bin" merge out-shards
# a team summary, or a shard's list, from a version whose columns differ: said, with what to do
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    cp out-shards/team.h5 other-team.h5
    "$bin" analyze shard-uploads -o out-other-list --shard 1/1 >/dev/null 2>&1
    cp out-other-list/.gaitbatch-left-1-of-1.h5 other-list.h5
    for f in other-team.h5 other-list.h5; do /usr/bin/python3 -c "
import h5py, numpy as np
with h5py.File('$f', 'r+') as f:
    f.attrs['software_version'] = np.bytes_('0.0.1')
    del f['not_analysed']
    # chunked, as H5TB makes tables: it passes the checks before the read, which then fails
    f.create_dataset('not_analysed', data=np.zeros(2, dtype=[('path', 'S8')]), chunks=(2,), maxshape=(None,))"; done
    expect 1 "other-team.h5: a team summary made by gaitbatch 0.0.1, which this version" -- "$bin" show other-team.h5
    expect 1 "other-list.h5: a shard's list made by gaitbatch 0.0.1, which this version (0." -- "$bin" show other-list.h5
    expect 1 "; run that shard again to write it anew" -- "$bin" show other-list.h5
    mkdir -p other-merge && cp other-list.h5 other-merge/.gaitbatch-left-1-of-1.h5
    expect 0 ".gaitbatch-left-1-of-1.h5: the list of recordings shard 1 of 1 left without a report cannot be read (" -- "$bin" merge other-merge
fi
# more shards than recordings: the empty ones list nothing
expect 0 "shard 5 of 5: no recordings" -- "$bin" analyze shard-uploads/ana/cut.flac -o out-shards-empty --shard 5/5
[ -f out-shards-empty/.gaitbatch-left-5-of-5.h5 ] && ok || bad "an empty shard left no list"
# a pipe or a device in an upload folder is no recording: left out of a folder's walk, and refused
# by name (since 0.24.0; before, each was a failed recording, "empty file (0 bytes)")
if mkfifo arriving/pipe.wav 2>/dev/null; then
    expect 0 "1 recording(s): 0 ok, 1 skipped (current), 0 failed" -- "$bin" analyze arriving -o out-arriving
    expect 1 "arriving/pipe.wav: not a regular file (a pipe, device or socket)" -- "$bin" analyze arriving/pipe.wav -o out-pipe
    rm -f arriving/pipe.wav
fi
# team summary after a run, and the same summary from the shards of a job array
if /usr/bin/python3 -c 'import h5py' 2>/dev/null; then
    rm -rf team-all team-shards
    "$bin" analyze "$root/sample_data" -o team-all >/dev/null 2>&1
    [ -f team-all/index.html ] && ok || bad "no index.html after a run"
    # a change or an asymmetry that rounds to zero reads +0.0, never -0.0
    if grep -q -- '-0\.0[^0-9]' team-all/index.html; then bad "index.html shows -0.0"; else ok; fi
    shown=$(find team-all -name '*.h5' ! -name team.h5 -exec "$bin" show {} \;)
    case "$shown" in *"-0.0 "* | *"-0.0%"* | *"(null)"*) bad "show prints -0.0 or (null)" ;; *) ok ;; esac
    rows=$(/usr/bin/python3 -c "import h5py; t=h5py.File('team-all/team.h5')['sessions'][:]; print(len(t), ' '.join(sorted(set(a.decode() for a in t['athlete']))))")
    [ "$rows" = "55 ana ben cara dev eve fay gus hal ida jo kai kim lee max mo nia pat rae" ] && ok || bad "team.h5 rows: $rows"
    # every session has its step times, kim's lower-back walk too, in s, but kai's with one
    # tibial accelerometer (since 0.20.0: a leg alone has strides, no steps); and since 0.7.0
    # kim's contact time from the lower back's final contacts (simulated: 1.24 steps, 665 ms)
    steps=$(/usr/bin/python3 -c "
import h5py, numpy as np
t = h5py.File('team-all/team.h5')['sessions']
kim = t[:][t['athlete'] == b'kim'][0]
one_leg = np.isnan(t['tibial_shock_right_g']) & np.isfinite(t['tibial_shock_left_g'])
print(bool(np.isfinite(t['step_time_si_pct'][~one_leg]).all() and one_leg.sum() == 1), t.attrs['units'][list(t.dtype.names).index('step_time_left_s')].decode(),
      round(1000 * kim['step_time_left_s']), abs(1000 * kim['contact_time_left_s'] - 665) < 10)")
    [ "$steps" = "True s 534 True" ] && ok || bad "team.h5 step times: $steps"
    # since 0.12.0 the shanks' tibial shock, in g: kai's full-body run only (simulated 8 g on 1 g)
    shock=$(/usr/bin/python3 -c "
import h5py, numpy as np
t = h5py.File('team-all/team.h5')['sessions']
rows = t[:]
has = rows[np.isfinite(rows['tibial_shock_left_g']) & np.isfinite(rows['tibial_shock_right_g'])]
print(' '.join(a.decode() for a in has['athlete']), t.attrs['units'][list(t.dtype.names).index('tibial_shock_left_g')].decode(),
      all(abs(has['tibial_shock_left_g'] - 8.5) < 0.5))")
    [ "$shock" = "kai g True" ] && ok || bad "team.h5 tibial shock: $shock"
    # since 0.20.0 kai's GENEActiv at the left ankle too, its shocks clipped at 8 g: a lower bound
    clipped=$(/usr/bin/python3 -c "
import h5py, numpy as np
rows = h5py.File('team-all/team.h5')['sessions'][:]
c = rows[rows['tibial_shock_clipped'] == 1]
print(' '.join(f\"{a.decode()} {s.decode()} {x:.1f}\" for a, s, x in zip(c['athlete'], c['session'], c['tibial_shock_left_g'])))")
    [ "$clipped" = "kai 2026-11-27 07:00:00 8.0" ] && ok || bad "team.h5 clipped tibial shock: $clipped"
    # findings: each simulated pattern gives its own cause in the latest session, nothing else above
    # low; the healthy athletes get nothing above low at all
    verdicts=$(/usr/bin/python3 -c "
import h5py
t = h5py.File('team-all/team.h5')['sessions'][:]
causes = [n for n in t.dtype.names if n.startswith('finding_')]
latest = {}
for r in t: latest[r['athlete'].decode()] = r
for a in sorted(latest):
    r = latest[a]
    raised = [c[8:] for c in causes if r[c].decode() in ('low', 'moderate', 'high')]
    strong = [c[8:] for c in causes if r[c].decode() in ('moderate', 'high')]
    print(a + ':' + (r['top_finding'].decode() or '-') + ':' + ','.join(strong))
" | tr '\n' ' ')
    expected="ana:-: ben:calf_strength:calf_strength cara:calf_strength:calf_strength dev:-: eve:-: fay:-: gus:overworked_under_recovered:overworked_under_recovered hal:limited_ankle_dorsiflexion:limited_ankle_dorsiflexion ida:hydration_electrolytes_sleep:hydration_electrolytes_sleep jo:anterior_pelvic_tilt:anterior_pelvic_tilt kai:-: kim:-: lee:-: max:-: mo:-: nia:-: pat:-: rae:-: "
    [ "$verdicts" = "$expected" ] && ok || bad "findings: got '$verdicts', expected '$expected'"
    cp team-all/team.h5 team-first.h5
    "$bin" merge team-all >/dev/null 2>&1
    same=$(/usr/bin/python3 -c "
import h5py, numpy as np
a = h5py.File('team-first.h5')['sessions'][:]; b = h5py.File('team-all/team.h5')['sessions'][:]
print(all(np.array_equal(a[f], b[f], equal_nan=a[f].dtype.kind == 'f') for f in a.dtype.names))")
    [ "$same" = "True" ] && ok || bad "judging the same sessions again changed the findings"
    # a nightly run with one new session: its worker judges it against team.h5 before renaming
    # it into place, so it holds the review's findings already (a shard run leaves the review out)
    latest=$(find team-all -name 2026-11-28_run.h5)
    mv "$latest" gus-latest.h5
    "$bin" analyze "$root/sample_data" -o team-all --shard 1/1 >/dev/null 2>&1
    same=$(/usr/bin/python3 -c "
import h5py, numpy as np
a = h5py.File('gus-latest.h5')['findings']; b = h5py.File('$latest')['findings']
print(all(a[t][:].tobytes() == b[t][:].tobytes() for t in ('causes', 'indicators')) and
      b'overworked' in a['causes'][:]['cause'][1] and a['causes'][:]['level'][1] != b'none')")
    [ "$same" = "True" ] && ok || bad "a new session's worker wrote other findings than the review"
    expect 0 "shard 1 of 3" -- "$bin" analyze "$root/sample_data" -o team-shards --shard 1/3
    for k in 2 3; do "$bin" analyze "$root/sample_data" -o team-shards --shard $k/3 >/dev/null 2>&1; done
    [ -f team-shards/team.h5 ] && bad "a shard wrote the team summary" || ok
    expect 0 "(55 sessions)" -- "$bin" merge team-shards
    /usr/bin/python3 "$root/tests/cli/same_reports.py" team-all team-shards >/dev/null && ok || bad "sharded reports differ"
    same=$(/usr/bin/python3 -c "
import h5py, numpy as np
a = h5py.File('team-all/team.h5')['sessions'][:]; b = h5py.File('team-shards/team.h5')['sessions'][:]
print(all(np.array_equal(a[f], b[f], equal_nan=a[f].dtype.kind == 'f') for f in a.dtype.names
          if f not in ('report', 'report_mtime_ns')))")
    [ "$same" = "True" ] && ok || bad "merged team summary differs from a plain run's"

    # a nightly run takes the rows and findings of unchanged reports from the last team.h5: the
    # summary equals a full review's (merge); a report replaced by hand, and an athlete's changed
    # log, are read and judged again
    rm -rf nightly && mkdir nightly && cp -r "$root/sample_data/team" nightly/
    "$bin" analyze nightly -o night >/dev/null 2>&1
    "$bin" simulate -o nightly/team/ana/2026-11-30_run.flac --duration 60 --athlete ana \
        --session 2026-11-30T07:30:00 >/dev/null
    "$bin" analyze nightly -o night >/dev/null 2>&1
    cp night/team.h5 night-cached.h5
    "$bin" merge night >/dev/null 2>&1
    same_table() { /usr/bin/python3 -c "
import h5py, numpy as np
a = h5py.File('$1')['sessions'][:]; b = h5py.File('$2')['sessions'][:]
print(len(a) == len(b) and all(np.array_equal(a[f], b[f], equal_nan=a[f].dtype.kind == 'f') for f in a.dtype.names))"; }
    [ "$(same_table night-cached.h5 night/team.h5)" = "True" ] && ok || bad "a nightly summary differs from a full review"
    # ben's last report edited by hand (still current for its input); ida's log now sleeps well
    /usr/bin/python3 -c "
import h5py
with h5py.File('night/nightly/team/ben/2026-11-23_run.h5', 'r+') as f:
    t = f['summary/overall']; rows = t[:]
    rows['value'][list(rows['name']).index(b'cadence_spm')] = 111.0
    t[:] = rows"
    sed -i 's/,[0-9.]*,\([0-9.]*\),\([01]\)$/,8.0,\1,0/' nightly/team/ida/athlete-log.csv
    "$bin" simulate -o nightly/team/ana/2026-12-01_run.flac --duration 60 --athlete ana \
        --session 2026-12-01T07:30:00 >/dev/null
    "$bin" analyze nightly -o night >/dev/null 2>&1
    replaced=$(/usr/bin/python3 -c "
import h5py
rows = h5py.File('night/team.h5')['sessions'][:]
ben = [r for r in rows if r['report'].decode().endswith('ben/2026-11-23_run.h5')][0]
ida = [r for r in rows if r['athlete'] == b'ida'][-1]
print(ben['cadence_spm'], ida['finding_hydration_electrolytes_sleep'].decode())")
    [ "$replaced" = "111.0 none" ] && ok || bad "edited report or changed log not taken up: $replaced"
fi
# leg stiffness when the map gives leg length and running speed: each stride's value is Morin's
# spring-mass formula applied to that stride's own contact and flight times
if /usr/bin/python3 -c 'import h5py, numpy' 2>/dev/null; then
    mkdir -p legs && "$bin" simulate -o legs/run.flac --duration 60 --mass 70 >/dev/null
    /usr/bin/python3 -c "
import json; p = 'legs/run.json'; m = json.load(open(p))
m.update(leg_length_m=0.9, speed_m_per_s=4.0); json.dump(m, open(p, 'w'))"
    expect 0 "1 ok" -- "$bin" analyze legs -o legs-out
    legs=$(/usr/bin/python3 -c "
import h5py, numpy as np
s = h5py.File('legs-out/legs/run.h5')['strides'][:]
tc, tf, k = s['contact_time_s'], s['flight_time_s'], s['leg_stiffness_kN_per_m']
f = 70 * 9.80665 * np.pi / 2 * (tf / tc + 1)
dy = f * tc**2 / (70 * np.pi**2) - 9.80665 * tc**2 / 8
dl = 0.9 - np.sqrt(0.81 - (4.0 * tc / 2)**2) + dy
ok = np.isfinite(k) & (tf > 0)
print(ok.sum() > 50 and np.allclose(k[ok], f[ok] / dl[ok] / 1000, rtol=1e-9) and 4 < np.median(k[ok]) < 15)")
    [ "$legs" = "True" ] && ok || bad "leg stiffness does not follow the spring-mass model: $legs"
fi
# tibial accelerometers: shank sensors whose map gives no gyroscope time the initial contacts
# from the impacts and leave toe-off out; below 100 Hz they are refused, and a file in m/s2
# mapped as g is named as such
if /usr/bin/python3 -c 'import h5py, numpy' 2>/dev/null; then
    mkdir -p tibia slow-tibia
    "$bin" simulate -o tibia/run.csv --sensor shank --rate 500 --duration 40 >/dev/null
    "$bin" simulate -o slow-tibia/run.csv --sensor shank --rate 50 --duration 20 >/dev/null
    /usr/bin/python3 -c "
import json
for p in ('tibia/run.json', 'slow-tibia/run.json'):
    m = json.load(open(p))
    m['channels'] = [c for c in m['channels'] if c['quantity'] != 'angular_velocity']
    json.dump(m, open(p, 'w'))
m['channels'] = [dict(c, scale=9.80665) for c in m['channels']]
json.dump(m, open('tibia-in-m-s2.json', 'w'))
m = json.load(open('tibia/run.json'))
m['channels'].append({'index': 3, 'side': 'left', 'quantity': 'angular_velocity', 'axis': 'x',
                      'placement': 'shank', 'unit': 'deg/s'})
json.dump(m, open('tibia-x-gyro.json', 'w'))"
    expect 0 "strides from: shank accelerometer" -- "$bin" inspect tibia/run.csv
    expect 0 "run, cadence 17" -- "$bin" analyze tibia -o tibia-out
    expect 0 "peak tibial accel.     L      8." -- "$bin" show tibia-out/tibia/run.h5
    expect 0 "(tibial accelerometers time no toe-off: no contact, swing or flight time)" -- "$bin" show tibia-out/tibia/run.h5
    tibia=$(/usr/bin/python3 -c "
import csv, h5py, numpy as np
s = h5py.File('tibia-out/tibia/run.h5')['strides'][:]
truth = np.array([float(r['initial_contact_s']) for r in csv.DictReader(open('tibia/run.truth.csv'))])
err = np.array([min(abs(truth - t)) for t in s['initial_contact_s']])
# a CSV flags no clipping: no shock is marked a lower bound
print(len(s) > 100 and err.max() < 0.006 and np.isnan(s['toe_off_s']).all()
      and np.isnan(s['contact_time_s']).all() and (s['tibial_shock_clipped_s'] == 0).all())")
    [ "$tibia" = "True" ] && ok || bad "tibial accelerometers' strides are off: $tibia"
    expect 1 "50 Hz is too slow for a shank accelerometer: events need at least 100 Hz" -- "$bin" analyze slow-tibia -o x
    expect 1 "the file is in m/s2 while the map says g" -- "$bin" analyze tibia/run.csv --map tibia-in-m-s2.json -o x
    # a shank gyroscope about no pitch_axis is named as unread; the accelerometers time the steps
    expect 0 "the map's shank gyroscope (none about pitch_axis) channels are not read" -- "$bin" analyze tibia/run.csv --map tibia-x-gyro.json -o tibia-x-gyro
    # a device file that says it was worn at an ankle is a tibial accelerometer on that leg
    # (since 0.19.0; before, refused as worn elsewhere than the lower back)
    mkdir -p ankle
    /usr/bin/python3 -c "
rows = [line.split(',') for line in open('tibia/run.csv') if line[0].isdigit()]
with open('ankle-plain.csv', 'w') as out:
    out.write('time_s,acc_x,acc_y,acc_z\\n')
    out.writelines(','.join(r[:4]) + '\\n' for r in rows[::5])"
    /usr/bin/python3 "$root/tests/cli/device_csv.py" geneactiv ankle-plain.csv ankle/left.csv 100 "left ankle"
    /usr/bin/python3 "$root/tests/cli/device_csv.py" geneactiv ankle-plain.csv unsided.csv 100 "ankle"
    expect 0 "GENEActiv file read as a tibial accelerometer (worn at the left ankle)" -- "$bin" analyze ankle -o ankle-out
    expect 0 "peak tibial accel.     L      8." -- "$bin" show ankle-out/ankle/left.h5
    expect 1 "the GENEActiv was worn at the ankle, which does not say which leg" -- "$bin" analyze unsided.csv -o x
    # an AX6 on the left shank, its gyroscope mapped (a shank IMU), whose +-8 g clipped the 8.5 g
    # shocks at 100 Hz: its rows are kept, as for a tibial accelerometer (since 0.21.0; as gaps
    # they dropped every contact beside them, and no stride was left), and one leg at 169
    # steps/min, whose flight no other foot times, is running by its cadence (it was walking)
    mkdir -p ankle-ax6
    /usr/bin/python3 -c "
import json
rows = [line.rstrip().split(',') for line in open('tibia/run.csv') if line[0].isdigit()]
with open('ax6-plain.csv', 'w') as out:
    out.write('time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\\n')
    out.writelines(','.join(r[:7]) + '\\n' for r in rows[::5])
# (tibia/run.json lost its gyroscopes above: the AX6's channels are mapped afresh)
axes = [('acceleration', 'g'), ('angular_velocity', 'deg/s')]
json.dump({'channels': [{'index': 3 * k + a, 'side': 'left', 'quantity': q, 'axis': 'xyz'[a],
                         'placement': 'shank', 'unit': u}
                        for k, (q, u) in enumerate(axes) for a in range(3)]},
          open('ankle-ax6/left.json', 'w'))"
    /usr/bin/python3 "$root/tests/cli/device_csv.py" cwa ax6-plain.csv ankle-ax6/left.cwa 100 "left ankle"
    expect 0 "valid), run, cadence 169" -- "$bin" analyze ankle-ax6 -o ankle-ax6-out
    ax6_ankle=$(/usr/bin/python3 -c "
import csv, h5py, numpy as np
f = h5py.File('ankle-ax6-out/ankle-ax6/left.h5')
s = f['strides'][:]
truth = [r for r in csv.DictReader(open('tibia/run.truth.csv')) if r['side'] == 'L']
ic = np.array([float(r['initial_contact_s']) for r in truth])
to = np.array([float(r['toe_off_s']) for r in truth])
ic_err = np.array([t - ic[np.argmin(abs(ic - t))] for t in s['initial_contact_s']])
to_err = np.array([t - to[np.argmin(abs(to - t))] for t in s['toe_off_s']])
# (53 of 56 at this writing: the gyroscope's first and last strides lack an event)
print(len(s) >= len(ic) - 4 and s['valid'].all() and abs(ic_err).max() < 0.012
      and np.isfinite(to_err).all() and np.nanmax(abs(to_err)) < 0.005
      and f['quality/clipped_rows'][()] > 40 and f['quality/clipped_rows_kept'][()] == 1
      and (s['tibial_shock_clipped_s'] > 0).all() and f['summary'].attrs['activity'] in ('run', b'run'))")
    [ "$ax6_ankle" = "True" ] && ok || bad "an AX6 shank IMU whose shocks clipped: $ax6_ankle"
    # an AX6 on the left shoe, whose +-8 g clipped 36 samples at the running foot's landings
    # (8.1 g simulated, 100 Hz): its rows are kept (since 0.22.0; as gaps they dropped 22 of the
    # 53 strides), so every stride is timed as from the plain file, and each swing holding a
    # clipped sample gets no stride length (its integration would run through the limit)
    mkdir -p shoe-ax6
    "$bin" simulate --sensor foot --run --rate 100 --duration 40 --seed 3 -o shoe-run.csv >/dev/null
    /usr/bin/python3 -c "
import json
rows = [line.rstrip().split(',') for line in open('shoe-run.csv') if line[0].isdigit()]
with open('shoe-plain.csv', 'w') as out:
    out.write('time_s,acc_x,acc_y,acc_z,gyr_x,gyr_y,gyr_z\\n')
    out.writelines(','.join(r[:7]) + '\\n' for r in rows)
axes = [('acceleration', 'g'), ('angular_velocity', 'deg/s')]
json.dump({'activity': 'run',
           'channels': [{'index': 3 * k + a, 'side': 'left', 'quantity': q, 'axis': 'xyz'[a],
                         'placement': 'foot', 'unit': u}
                        for k, (q, u) in enumerate(axes) for a in range(3)]},
          open('shoe-ax6/left.json', 'w'))"
    /usr/bin/python3 "$root/tests/cli/device_csv.py" cwa shoe-plain.csv shoe-ax6/left.cwa 100 "left foot"
    expect 0 "each swing holding one gets no stride length" -- "$bin" analyze shoe-ax6 -o shoe-ax6-out
    expect 0 "53 strides (53 valid), run" -- "$bin" analyze shoe-plain.csv --map shoe-ax6/left.json -o shoe-plain-out
    expect 0 "36 samples reach the device's range limit and are read at it: the gyroscope times the contacts beside them, but each swing holding one gets no stride length" -- "$bin" show shoe-ax6-out/shoe-ax6/left.h5
    expect 0 "(stride lengths from 30 swings of the shoes; 23 left out: too long, rising or falling, saturated or with a gap)" -- "$bin" show shoe-ax6-out/shoe-ax6/left.h5
    "$bin" analyze shoe-ax6 -o shoe-ax6-block7 --block 7 --quiet 2>/dev/null
    shoe_ax6=$(/usr/bin/python3 -c "
import h5py, numpy as np
f = h5py.File('shoe-ax6-out/shoe-ax6/left.h5')
s, plain = f['strides'][:], h5py.File('shoe-plain-out/shoe-plain.h5')['strides'][:]
lengths = np.isfinite(s['stride_length_m'])
# the rows noted ahead of their block reach the swing they fall in whatever the block size
small = h5py.File('shoe-ax6-block7/shoe-ax6/left.h5')['strides'][:]
assert np.array_equal(small['stride_length_m'], s['stride_length_m'], equal_nan=True)
print(len(s) == len(plain) == 53 and s['valid'].all()
      and abs(s['initial_contact_s'] - plain['initial_contact_s']).max() < 1e-4
      and abs(s['toe_off_s'] - plain['toe_off_s']).max() < 1e-4
      and f['quality/clipped_rows'][()] == 36 and f['quality/clipped_rows_kept'][()] == 1
      and 20 <= lengths.sum() <= 40 and np.isfinite(plain['stride_length_m']).sum() > 48
      and abs(s['stride_length_m'][lengths] - plain['stride_length_m'][lengths]).max() < 0.01
      and (s['tibial_shock_clipped_s'] == 0).all())")
    [ "$shoe_ax6" = "True" ] && ok || bad "an AX6 shoe IMU whose landings clipped: $shoe_ax6"
    # an ActiGraph .gt3x says where it was worn in its "Bio" metadata (since 0.21.0; before, it was
    # always read as a lower-back sensor): at the left ankle a tibial accelerometer, at a wrist refused
    mkdir -p ankle-gt3x
    /usr/bin/python3 "$root/tests/cli/device_csv.py" gt3x ankle-plain.csv ankle-gt3x/left.gt3x 100 "left ankle"
    /usr/bin/python3 "$root/tests/cli/device_csv.py" gt3x ankle-plain.csv wrist.gt3x 100 "right wrist"
    expect 0 "device: ActiGraph, started 2026-01-02 08:15:30, worn at the Left Ankle" -- "$bin" inspect ankle-gt3x/left.gt3x
    expect 0 "ActiGraph file read as a tibial accelerometer (worn at the Left Ankle)" -- "$bin" analyze ankle-gt3x -o ankle-gt3x-out
    expect 1 "the ActiGraph was worn at the Right Wrist: gaitbatch times steps from a lower-back" -- "$bin" analyze wrist.gt3x -o x
    gt3x_ankle=$(/usr/bin/python3 -c "
import csv, h5py, numpy as np
s = h5py.File('ankle-gt3x-out/ankle-gt3x/left.h5')['strides'][:]
truth = np.array([float(r['initial_contact_s']) for r in csv.DictReader(open('tibia/run.truth.csv'))
                  if r['side'] == 'L'])
err = np.array([min(abs(truth - t)) for t in s['initial_contact_s']])
# its +-8 g clipped the 8.5 g shocks, at the 12-bit converter's end (since 0.21.0): read at it
f = h5py.File('ankle-gt3x-out/ankle-gt3x/left.h5')
clipped = s['tibial_shock_clipped_s'] > 0
print(len(s) >= len(truth) - 2 and s['valid'].all() and err.max() < 0.012 and (s['side'] == b'L').all()
      and f['quality/clipped_rows'][()] > 40 and clipped.mean() > 0.9
      and (abs(s['peak_tibial_acceleration_g'][clipped] - 8.0) < 0.1).all())")
    [ "$gt3x_ankle" = "True" ] && ok || bad "an ActiGraph .gt3x at the left ankle: $gt3x_ankle"
    # simulate writes tibial accelerometers itself (since 0.20.0): each shank's three axes alone,
    # no gyroscope columns, and a map the analysis reads as such
    mkdir -p sim-tibia
    "$bin" simulate -o sim-tibia/walk.wav --sensor tibia --walk --cadence 110 --rate 100 --duration 30 >/dev/null
    "$bin" simulate -o sim-tibia/run.csv --sensor tibia --rate 200 --duration 10 >/dev/null
    expect 0 "time_s,left_shank_acc_x,left_shank_acc_y,left_shank_acc_z,right_shank_acc_x,right_shank_acc_y,right_shank_acc_z" -- head -2 sim-tibia/run.csv
    expect 0 "strides from: shank accelerometer" -- "$bin" inspect sim-tibia/walk.wav
    expect 0 "walk, cadence 110" -- "$bin" analyze sim-tibia/walk.wav -o sim-tibia-out
    channels=$(/usr/bin/python3 -c "
import json
m = json.load(open('sim-tibia/walk.json'))
print(' '.join(f\"{c['side']}-{c['placement']}-{c['quantity']}-{c['axis']}\" for c in m['channels']))")
    [ "$channels" = "left-shank-acceleration-x left-shank-acceleration-y left-shank-acceleration-z right-shank-acceleration-x right-shank-acceleration-y right-shank-acceleration-z" ] && ok || bad "simulate --sensor tibia's map: $channels"
    # the device's own .bin flags the rows where its +-8 g clipped the shocks (8.5 g simulated):
    # read at the limit, not as gaps, so every stride stays and is timed as well (since 0.20.0;
    # before, the gaps left none valid)
    mkdir -p ankle-bin
    /usr/bin/python3 "$root/tests/cli/device_csv.py" geneactiv-bin ankle-plain.csv ankle-bin/left.bin 100 "left ankle"
    expect 0 "samples (1.4" -- "$bin" analyze ankle-bin -o ankle-bin-out
    expect 0 "rows the device flagged as at its range limit: 57, read at the limit: each tibial shock among them is at least the limit" -- "$bin" inspect ankle-bin/left.bin
    # a tibial accelerometer reads no trunk: inspect does not ask for a forward_axis
    case "$("$bin" inspect ankle-bin/left.bin 2>&1)" in *forward_axis*) bad "inspect asks a tibial accelerometer for a forward_axis" ;; *) ok ;; esac
    # stride by stride (since 0.21.0): each shock read at the limit is marked
    count=$(/usr/bin/python3 -c "import h5py; print(len(h5py.File('ankle-bin-out/ankle-bin/left.h5')['strides']))")
    expect 0 "($count of $count valid strides have their tibial shock at the device's range limit, tibial_shock_clipped_s in /strides" -- "$bin" show ankle-bin-out/ankle-bin/left.h5
    clipped=$(/usr/bin/python3 -c "
import csv, h5py, numpy as np
f = h5py.File('ankle-bin-out/ankle-bin/left.h5')
s = f['strides'][:]
truth = np.array([float(r['initial_contact_s']) for r in csv.DictReader(open('tibia/run.truth.csv'))
                  if r['side'] == 'L'])
err = np.array([min(abs(truth - t)) for t in s['initial_contact_s']])
shock = s['peak_tibial_acceleration_g']
overall = {r['name'].decode(): r['value'] for r in f['summary/overall'][:]}
# a clipped row within 80 ms after each contact (one row, 10 ms, at 100 Hz), and every shock at
# the rail, the file's 7FF: 2047 * 100 / 25600 = 8.0 g
clipped = s['tibial_shock_clipped_s']
print(len(s) >= len(truth) - 2 and s['valid'].all() and err.max() < 0.012
      and abs(np.median(shock) - 8.0) < 0.1 and f['quality/clipped_rows'][()] > 40
      and f['quality/clipped_rows_kept'][()] == 1
      and (clipped >= 0.01 - 1e-9).all() and (clipped <= 0.03).all()
      and overall['valid_strides_shock_clipped'] == len(s))")
    [ "$clipped" = "True" ] && ok || bad "a clipping GENEActiv at the ankle: $clipped"
fi
SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=4 \
    expect 0 "14 recording(s): 14 ok" -- "$bin" analyze "$root/sample_data" -o slurm-out
expect 2 "--shard takes K/N" -- "$bin" analyze "$root/sample_data" -o x --shard 0/3
SLURM_ARRAY_TASK_ID=9 SLURM_ARRAY_TASK_COUNT=4 expect 2 "is not a shard" -- "$bin" analyze "$root/sample_data" -o x

cd "$root" || exit 1
rm -rf "$work"
echo "cli ($(basename "$(dirname "$1")")/$(basename "$1")): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
