#!/bin/sh
# Regenerates sample_data/ with the simulator (fixed seeds: the same files every time).
# usage: scripts/make-sample-data.sh [path/to/gaitbatch]
set -eu
bin=${1:-build/gaitbatch}
out=sample_data
rm -rf "$out/team" "$out/examples"
mkdir -p "$out/examples/csv" "$out/examples/wfdb"
sim() { "$bin" simulate "$@"; }
common="--rate 100 --noise 8 --drift 10"
# sets a number in a channel map: map_set MAP KEY VALUE
map_set() {
    /usr/bin/python3 -c "import json, sys; m = json.load(open(sys.argv[1])); m[sys.argv[2]] = float(sys.argv[3])
json.dump(m, open(sys.argv[1], 'w'), indent=2)" "$@"
}
# day N of November 2026, as a date
day() { printf '2026-11-%02d' "$1"; }
session() { # ATHLETE DAY MINUTES SEED [simulate options...]
    athlete=$1 d=$(day "$2") minutes=$3 seed=$4
    shift 4
    mkdir -p "$out/team/$athlete"
    sim -o "$out/team/$athlete/${d}_run.flac" $common --duration $((minutes * 60)) --seed "$seed" \
        --athlete "$athlete" --session "${d}T07:30:00" "$@"
}

# ana: a healthy runner, once a week for four weeks
for w in 0 1 2 3; do session ana $((2 + 7 * w)) 3 $((11 + w)) --cadence $((168 + w)) --mass 58; done
# ben: a right push-off deficit that grows from 5 % to 15 % over three weeks (calf strength)
w=0
for deficit in 0.05 0.08 0.12 0.15; do
    session ben $((2 + 7 * w)) 3 $((21 + w)) --cadence 176 --mass 74 --deficit $deficit
    w=$((w + 1))
done
# cara: one long run with fatigue: push-off fades and contact time grows at the same cadence
mkdir -p "$out/team/cara"
sim -o "$out/team/cara/2026-11-03_long-run.flac" $common --duration 900 --cadence 164 --mass 63 \
    --fatigue 4 --contact-time 0.26 --seed 31 --athlete cara --session 2026-11-03T09:00:00
# dev: a walker
mkdir -p "$out/team/dev"
sim -o "$out/team/dev/2026-11-04_walk.flac" $common --walk --duration 180 --cadence 108 --mass 81 \
    --seed 41 --athlete dev --session 2026-11-04T12:00:00
# gus: three short runs a week for three weeks, then every day and twice as long (training load)
for d in 1 3 5 8 10 12 15 17 19; do session gus "$d" 2 $((50 + d)) --cadence 172 --mass 68; done
for d in 22 23 24 25 26 27 28; do session gus "$d" 4 $((50 + d)) --cadence 172 --mass 68; done
# hal: the heel lifts early in stance (limited ankle dorsiflexion)
for w in 0 1 2; do session hal $((6 + 7 * w)) 3 $((71 + w)) --cadence 174 --mass 70 --heel-off 0.30; done
# ida: gait in the normal range, but a log of short sleep and cramps (athlete-log.csv)
for w in 0 1; do session ida $((12 + 7 * w)) 3 $((81 + w)) --cadence 170 --mass 55; done
{
    echo "date,sleep_h,fluid_l,cramps"
    d=10
    while [ $d -le 19 ]; do
        echo "$(day $d),5.$((d % 2 * 5)),1.2,$((d % 2))"
        d=$((d + 1))
    done
} > "$out/team/ida/athlete-log.csv"

# jo: a lower-back sensor only, strapped on at a different angle each week (standing 7-11 degrees,
# the map's standing_s being the quiet first 0.9 s); in gait the trunk leans 1 degree further
# forward than standing, then 7.5 in the last session
w=0
for posture in 8:1 11:1 7:1 10:7.5; do
    mkdir -p "$out/team/jo"
    sim -o "$out/team/jo/$(day $((3 + 7 * w)))_run.wav" --sensor sacrum-acc --rate 50 --duration 120 \
        --noise 10 --cadence 172 --tilt "${posture%:*}" --lean "${posture#*:}" --seed $((91 + w)) \
        --athlete jo --session "$(day $((3 + 7 * w)))T07:00:00"
    w=$((w + 1))
done

# lee: a lower-back sensor in walking, its height above the floor in the map (sensor_height_m), so
# that steps have lengths and the sessions a walking speed: three weeks of walks, each quicker
w=0
for cadence in 100 106 112; do
    mkdir -p "$out/team/lee"
    stem="$out/team/lee/$(day $((5 + 7 * w)))_walk"
    sim -o "$stem.wav" --sensor sacrum-acc --walk --rate 50 --duration 120 --noise 5 \
        --cadence $cadence --seed $((101 + w)) --athlete lee --session "$(day $((5 + 7 * w)))T10:00:00"
    map_set "$stem.json" sensor_height_m 0.98
    w=$((w + 1))
done

# mo: IMUs on both shoes (accelerometer and gyroscope), walking: strides have lengths by
# zero-velocity updates (1.40 m, the simulator's swing) and the sessions a walking speed, quicker
# each week as the cadence rises
w=0
for cadence in 100 106 112; do
    mkdir -p "$out/team/mo"
    sim -o "$out/team/mo/$(day $((6 + 7 * w)))_walk.wav" --sensor foot --walk --rate 100 \
        --duration 60 --noise 5 --cadence $cadence --seed $((111 + w)) --athlete mo \
        --session "$(day $((6 + 7 * w)))T09:00:00"
    w=$((w + 1))
done

# nia: a runner with IMUs on both shoes and one at the lower back, her leg length in the map: since
# 0.10.0 the shoes give each running stride its length (2.40 m, the simulator's swing) and so the
# running speed, which with the trunk's travel from the lower back gives the vertical ratio, and
# with the leg length the leg stiffness, without the map's speed; quicker each week as the cadence
# rises
w=0
for cadence in 166 172 178; do
    mkdir -p "$out/team/nia"
    stem="$out/team/nia/$(day $((4 + 7 * w)))_run"
    sim -o "$stem.wav" --sensor foot+sacrum --run --rate 100 --duration 40 --noise 5 \
        --cadence $cadence --seed $((121 + w)) --athlete nia --session "$(day $((4 + 7 * w)))T18:00:00"
    map_set "$stem.json" leg_length_m 0.88
    w=$((w + 1))
done

# pat: a lab walk with pressure insoles, an IMU on each shoe and one at the lower back, as
# Mobilise-D's INDIP system is worn (since 0.11.0 all three are read): the insoles make the strides,
# the shoes' contacts are set beside them and give each stride its length, and the lower back gives
# the trunk pitch and each stride's vertical travel
mkdir -p "$out/examples/indip/pat"
sim -o "$out/examples/indip/pat/2026-11-12_walk.wav" --sensor insole+foot+sacrum --walk --rate 100 \
    --duration 60 --noise 5 --cadence 108 --seed 131 --athlete pat --session 2026-11-12T10:00:00

# kai: a run in a full-body IMU set, an IMU on each shoe, each shank and the lower back (since
# 0.12.0 all three kinds are read): the shoes make the strides and give their lengths, the shanks'
# contacts are set beside them and give each stride its tibial shock, and the lower back gives the
# trunk pitch and each stride's vertical travel
mkdir -p "$out/examples/fullbody/kai"
sim -o "$out/examples/fullbody/kai/2026-11-20_run.wav" --sensor foot+shank+sacrum --run --rate 100 \
    --duration 60 --noise 5 --cadence 172 --seed 141 --athlete kai --session 2026-11-20T07:00:00
map_set "$out/examples/fullbody/kai/2026-11-20_run.json" leg_length_m 0.9

# kim: an ActiGraph worn at the lower back and exported by ActiLife (raw CSV, 30 Hz, no map), the
# device turned so that its y axis points forward: gaitbatch reads it as it is, learns forward from
# the steps for the sides, and `show` names y as the axis for a map's forward_axis
mkdir -p "$out/examples/actigraph/kim"
sim -o "$out/examples/actigraph/kim/walk.csv" --sensor sacrum-acc --walk --cadence 112 --rate 30 \
    --duration 180 --noise 8 --yaw 90 --seed 71 >/dev/null
/usr/bin/python3 tests/cli/device_csv.py actigraph "$out/examples/actigraph/kim/walk.csv" \
    "$out/examples/actigraph/kim/2026-11-07_walk.csv" 30 M/d/yyyy 2026-11-07T17:45:00
rm "$out/examples/actigraph/kim/walk.csv" "$out/examples/actigraph/kim/walk.json"
# a week later the same device's own .gt3x file (a wGT3X-BT's: 16-bit records at 256 LSB/g), read
# without ActiLife or a map since 0.15.0
sim -o "$out/examples/actigraph/kim/walk.csv" --sensor sacrum-acc --walk --cadence 114 --rate 30 \
    --duration 180 --noise 8 --yaw 90 --seed 72 >/dev/null
/usr/bin/python3 tests/cli/device_csv.py gt3x "$out/examples/actigraph/kim/walk.csv" \
    "$out/examples/actigraph/kim/2026-11-14_walk.gt3x" 30 - 2026-11-14T17:40:00
rm "$out/examples/actigraph/kim/walk.csv" "$out/examples/actigraph/kim/walk.json"

# max: an Axivity AX6 worn at the lower back, its accelerometer and gyroscope as omconvert writes
# them (since its AX6 support: each channel named with its range, the validity channel unnamed),
# turned 30 degrees about its up axis: gaitbatch reads it without a map (since 0.14.0), gyroscope
# and all, and learns forward from the steps
mkdir -p "$out/examples/axivity/max"
sim -o "$out/examples/axivity/max/walk.csv" --sensor sacrum --walk --cadence 106 --rate 100 \
    --duration 60 --noise 5 --yaw 30 --seed 81 >/dev/null
/usr/bin/python3 tests/cli/device_csv.py omconvert "$out/examples/axivity/max/walk.csv" \
    "$out/examples/axivity/max/2026-11-14_walk.wav" 100 - 2026-11-14T09:30:00
rm "$out/examples/axivity/max/walk.csv" "$out/examples/axivity/max/walk.json"
# a week later the same device's own .cwa file, read without omconvert (since 0.15.0): its sensor
# clock ran at 99.2 Hz against the 100 Hz it was set to, which the sectors' time stamps measure
sim -o "$out/examples/axivity/max/walk.csv" --sensor sacrum --walk --cadence 108 --rate 99.2 \
    --duration 60 --noise 5 --yaw 30 --seed 82 >/dev/null
/usr/bin/python3 tests/cli/device_csv.py cwa "$out/examples/axivity/max/walk.csv" \
    "$out/examples/axivity/max/2026-11-21_walk.cwa" 99.2 "lower back" 2026-11-21T09:30:00
rm "$out/examples/axivity/max/walk.csv" "$out/examples/axivity/max/walk.json"

# rae: a GENEActiv worn at the right hip, its own .bin file (text pages of 12-bit samples, each axis
# calibrated by its gain and offset), read without a CSV export or a map since 0.15.0
mkdir -p "$out/examples/geneactiv/rae"
sim -o "$out/examples/geneactiv/rae/walk.csv" --sensor sacrum-acc --walk --cadence 104 --rate 50 \
    --duration 120 --noise 5 --seed 91 >/dev/null
/usr/bin/python3 tests/cli/device_csv.py geneactiv-bin "$out/examples/geneactiv/rae/walk.csv" \
    "$out/examples/geneactiv/rae/2026-11-18_walk.bin" 50 "right hip" 2026-11-18T11:05:00
rm "$out/examples/geneactiv/rae/walk.csv" "$out/examples/geneactiv/rae/walk.json"

# kai a week after his full-body run, with a GENEActiv at the left ankle (its own .bin file): read
# as a tibial accelerometer without a map, its +-8 g clipping the shocks (since 0.20.0 read at the
# limit, not as gaps)
mkdir -p "$out/examples/geneactiv/kai"
sim -o "$out/examples/geneactiv/kai/shank.csv" --sensor shank --run --rate 100 --duration 60 \
    --noise 5 --cadence 174 --seed 142 >/dev/null
/usr/bin/python3 -c "
import csv, sys
rows = csv.reader(r for r in open(sys.argv[1]) if not r.startswith('#'))
names = next(rows)
cols = [names.index('time_s')] + [names.index('left_shank_acc_' + a) for a in 'xyz']
with open(sys.argv[2], 'w') as out:
    out.write('time_s,acc_x,acc_y,acc_z\\n')
    out.writelines(','.join(r[i] for i in cols) + '\\n' for r in rows)" \
    "$out/examples/geneactiv/kai/shank.csv" "$out/examples/geneactiv/kai/left.csv"
/usr/bin/python3 tests/cli/device_csv.py geneactiv-bin "$out/examples/geneactiv/kai/left.csv" \
    "$out/examples/geneactiv/kai/2026-11-27_run.bin" 100 "left ankle" 2026-11-27T07:00:00
rm "$out/examples/geneactiv/kai/shank.csv" "$out/examples/geneactiv/kai/shank.json" \
    "$out/examples/geneactiv/kai/left.csv"

# a week later rae in the lab with APDM Opals at the lower back and on the sternum, the HDF5 file
# Mobility Lab exports (m/s2, rad/s, 128 Hz), read without a CSV export or a map since 0.16.0
mkdir -p "$out/examples/apdm/rae"
sim -o "$out/examples/apdm/rae/walk.csv" --sensor sacrum --walk --cadence 106 --rate 128 \
    --duration 60 --noise 5 --seed 92 >/dev/null
/usr/bin/python3 tests/cli/device_csv.py apdm "$out/examples/apdm/rae/walk.csv" \
    "$out/examples/apdm/rae/2026-11-25_walk.h5" 128 Lumbar 2026-11-25T10:20:00
rm "$out/examples/apdm/rae/walk.csv" "$out/examples/apdm/rae/walk.json"

# other input formats
sim -o "$out/examples/csv/walk_with_dropouts.csv" --rate 100 --noise 5 --walk --duration 120 \
    --cadence 104 --dropouts 2 --seed 51 --athlete eve --session 2026-11-05T10:00:00
sim -o "$out/examples/wfdb/run16.hea" --rate 250 --noise 5 --duration 120 --cadence 180 --zones 4 \
    --seed 61 --athlete fay --session 2026-11-06T07:00:00
# ground truth stays out of the shipped samples: tests make their own
find "$out" -name '*.truth.csv' -delete
du -sh "$out"
