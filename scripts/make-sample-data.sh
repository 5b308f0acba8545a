#!/bin/sh
# Regenerates sample_data/ with the simulator (fixed seeds: the same files every time).
# usage: scripts/make-sample-data.sh [path/to/gaitbatch]
set -eu
bin=${1:-build/gaitbatch}
out=sample_data
rm -rf "$out/team" "$out/examples"
mkdir -p "$out/team/ana" "$out/team/ben" "$out/team/cara" "$out/team/dev" "$out/examples/csv" "$out/examples/wfdb"
sim() { "$bin" simulate "$@"; }
common="--rate 200 --noise 8 --drift 10"
sim -o "$out/team/ana/2026-11-02_easy-run.flac" $common --duration 240 --cadence 170 --mass 58 --seed 11 --athlete ana --session 2026-11-02T07:30:00
sim -o "$out/team/ana/2026-11-09_easy-run.flac" $common --duration 240 --cadence 168 --mass 58 --seed 12 --athlete ana --session 2026-11-09T07:30:00
sim -o "$out/team/ben/2026-11-02_tempo-run.flac" $common --duration 240 --cadence 176 --mass 74 --deficit 0.12 --seed 21 --athlete ben --session 2026-11-02T18:00:00
sim -o "$out/team/ben/2026-11-09_tempo-run.flac" $common --duration 240 --cadence 176 --mass 74 --deficit 0.15 --seed 22 --athlete ben --session 2026-11-09T18:00:00
sim -o "$out/team/cara/2026-11-03_long-run.flac" --rate 100 --noise 8 --drift 10 --duration 900 --cadence 164 --mass 63 --fatigue 4 --contact-time 0.26 --seed 31 --athlete cara --session 2026-11-03T09:00:00
sim -o "$out/team/dev/2026-11-04_walk.flac" $common --walk --duration 180 --cadence 108 --mass 81 --seed 41 --athlete dev --session 2026-11-04T12:00:00
sim -o "$out/examples/csv/walk_with_dropouts.csv" --rate 100 --noise 5 --walk --duration 120 --cadence 104 --dropouts 2 --seed 51 --athlete eve --session 2026-11-05T10:00:00
sim -o "$out/examples/wfdb/run16.hea" --rate 250 --noise 5 --duration 120 --cadence 180 --zones 4 --seed 61 --athlete fay --session 2026-11-06T07:00:00
# ground truth stays out of the shipped samples: tests make their own
find "$out" -name '*.truth.csv' -delete
du -sh "$out"
