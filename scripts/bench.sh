#!/bin/sh
# shellcheck disable=SC2046 # each `set -- $(...)` splits a line of figures into $1, $2, ...
# make bench: throughput and peak memory of gaitbatch against plain libsndfile decoding,
# and memory flatness from a 15 min to a 4 h recording. Recordings are simulated into build/bench.
set -eu
bin=build/gaitbatch
dir=build/bench
py=/usr/bin/python3
# recordings are simulated once per gaitbatch version, since the simulator changes with it (the
# lower-back recordings were once kept from before the sideways push, so their sides were noise)
version=$($bin --version | cut -d' ' -f2)
if [ "$(cat "$dir/.version" 2>/dev/null)" != "$version" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "$version" >"$dir/.version"
fi
cc -O2 -o build/bench_decode tests/bench_decode.c $(pkg-config --cflags --libs sndfile)
measure() { $py scripts/run_measured.py 3 "$@"; }
# analysing new recordings: the output folder is removed before each run, so no run pays for
# replacing the last one's reports (on ext4 that flushes the old file's pages)
fresh() { out=$1; shift; $py scripts/run_measured.py 3 --fresh "$out" "$@" -o "$out" --quiet; }
simulate_once() { # FILE ARGS...: simulate unless present
    f=$1
    shift
    [ -f "$f" ] || "$bin" simulate -o "$f" "$@"
}

echo "gaitbatch $($bin --version | cut -d' ' -f2) on $(nproc) cores, $(uname -m); best of 3 runs"
simulate_once "$dir/hour.flac" --rate 1000 --zones 4 --duration 3600 --noise 5 --seed 7
simulate_once "$dir/hour.wav" --rate 1000 --zones 4 --duration 3600 --noise 5 --seed 7
printf '%-26s %10s %10s %12s %10s %10s\n' "1 h, 8 channels, 1 kHz" "decode s" "analyse s" "ratio" "rec-h/s" "peak MiB"
# the issue's ratio is for one core: --threads 1, and both runs pinned to CPU 0
one_core=$(command -v taskset >/dev/null && echo "taskset -c 0" || echo "")
for f in hour.flac hour.wav; do
    set -- $(measure $one_core build/bench_decode "$dir/$f")
    decode=$1
    [ "$f" = hour.flac ] && flac_decode=$decode
    set -- $(fresh "$dir/out-$f" $one_core "$bin" analyze "$dir/$f" --threads 1)
    analyse=$1
    peak=$2
    $py -c "d,a,p=$decode,$analyse,$peak; print(f'{\"$f\":26} {d:10.3f} {a:10.3f} {a/d:11.2f}x {1/a:10.1f} {p/1024:10.1f}')"
done

simulate_once "$dir/quarter.flac" --rate 200 --zones 2 --duration 900 --noise 5 --seed 8
simulate_once "$dir/four-hours.flac" --rate 200 --zones 2 --duration 14400 --noise 5 --seed 8
set -- $(fresh "$dir/out-quarter" "$bin" analyze "$dir/quarter.flac")
quarter=$2
set -- $(fresh "$dir/out-four-hours" "$bin" analyze "$dir/four-hours.flac")
four=$2
$py -c "q,f=$quarter,$four; print(f'peak memory, 200 Hz insoles: 15 min {q/1024:.1f} MiB, 4 h {f/1024:.1f} MiB, ratio {f/q:.2f} (target <= 1.5)')"

# parallel workers: a batch of 40 recordings (10 min, 200 Hz) with -j 1 and -j 2, one thread per
# recording in both, so the figure is the workers' scaling
mkdir -p "$dir/batch"
i=0
while [ $i -lt 40 ]; do
    simulate_once "$dir/batch/r$i.flac" --rate 200 --duration 600 --noise 5 --seed $((100 + i))
    i=$((i + 1))
done
set -- $(fresh "$dir/out-j1" "$bin" analyze "$dir/batch" -j 1 --threads 1)
one=$1
set -- $(fresh "$dir/out-j2" "$bin" analyze "$dir/batch" -j 2 --threads 1)
two=$1
set -- $(measure "$bin" analyze "$dir/batch" -o "$dir/out-j2" --quiet -j 2 --threads 1)
rerun=$1
$py -c "a,b,r=$one,$two,$rerun; print(f'40 recordings: -j 1 {a:.3f} s, -j 2 {b:.3f} s, speed-up {a/b:.2f}x (target >= 1.8); rerun with nothing new {r:.3f} s = {100*r/b:.1f} % of the -j 2 run (target < 5 %)')"

# a lower-back accelerometer (3 axes, 50 Hz, 8 h), as the Python tools are usually run on
simulate_once "$dir/back-8h.wav" --sensor sacrum-acc --rate 50 --duration 28800 --noise 5 --seed 9
# (a single recording gets a second thread; the one-thread time is printed beside it)
set -- $(fresh "$dir/out-back1" "$bin" analyze "$dir/back-8h.wav" --threads 1)
single=$1
set -- $(fresh "$dir/out-back" "$bin" analyze "$dir/back-8h.wav")
$py -c "t,p,s=$1,$2,$single; print(f'lower-back accelerometer, 3 axes, 50 Hz, 8 h of running: {t:.3f} s = {1000*t/8:.1f} ms per recording-hour ({1000*s/8:.1f} on one thread; a stress case: 82,000 strides), peak {p/1024:.1f} MiB')"
# the same sensor over a day as the Python tools see it: 1 min walking bouts, 4 min seated between
simulate_once "$dir/back-day.wav" --sensor sacrum-acc --walk --cadence 110 --rate 50 --duration 28800 \
    --bout 60 --rest 240 --noise 5 --seed 10
set -- $(fresh "$dir/out-back-day1" "$bin" analyze "$dir/back-day.wav" --threads 1)
single=$1
set -- $(fresh "$dir/out-back-day" "$bin" analyze "$dir/back-day.wav")
$py -c "t,p,s=$1,$2,$single; print(f'lower-back accelerometer, 3 axes, 50 Hz, 8 h day (20 % walking in 1 min bouts): {t:.3f} s = {1000*t/8:.1f} ms per recording-hour (target < 10; {1000*s/8:.1f} on one thread), peak {p/1024:.1f} MiB')"
# this VM runs at times near half its pace (README, Benchmarks): the FLAC decoding above, plain
# libsndfile, says which spell a run is in; scaled by it, the day's figure at the quiet pace
$py -c "t,d=$1,$flac_decode; print(f'  FLAC decoding took {d:.3f} s in this run against 0.19 s in a quiet spell: the day at that pace about {1000*t/8*0.19/d:.1f} ms per recording-hour (an estimate, not the target)')"

# the same kind of day as an ActiGraph records it and ActiLife exports it: raw CSV at 30 Hz with
# time stamps, read as text (numbers by the decimal fast path, the stamps passed over)
if [ ! -f "$dir/actigraph-day.csv" ]; then
    "$bin" simulate -o "$dir/day30.csv" --sensor sacrum-acc --walk --cadence 110 --rate 30 \
        --duration 28800 --bout 60 --rest 240 --noise 5 --seed 10 >/dev/null
    $py tests/cli/device_csv.py actigraph "$dir/day30.csv" "$dir/actigraph-day.csv" 30
fi
set -- $(fresh "$dir/out-actigraph" "$bin" analyze "$dir/actigraph-day.csv")
$py -c "t,p=$1,$2; print(f'ActiGraph raw CSV, 30 Hz, 8 h day (35 MB of text): {t:.3f} s = {1000*t/8:.1f} ms per recording-hour, peak {p/1024:.1f} MiB')"
