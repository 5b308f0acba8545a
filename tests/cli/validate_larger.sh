#!/bin/sh
# validate.sh on a larger set of the same kinds than ../shared/data holds (as its README says one is
# used for independent checks): the floors set on the subset give way to the issues' targets, the
# other figures are printed "not held", and the run passes. The larger set is the shared one with
# one more recording of each kind, links to its own files under other names (nothing is copied).
# usage: tests/cli/validate_larger.sh path/to/gaitbatch
set -u
bin=$1
data=${GAITBATCH_DATA:-../shared/data}
if [ ! -d "$data/gaitndd" ] || [ ! -d "$data/gaitpdb" ] || [ ! -d "$data/gaitmap_example" ] ||
    [ ! -d "$data/mobgap_example" ]; then
    echo "validate (larger set): $data not found: skipped"
    exit 0
fi
data=$(cd "$data" && pwd)
larger=build/testdata/larger-data
rm -rf "$larger" && mkdir -p "$larger"
for kind in gaitndd gaitpdb gaitmap_example mobgap_example; do
    mkdir -p "$larger/$kind"
    for f in "$data/$kind"/*; do ln -s "$f" "$larger/$kind/$(basename "$f")"; done
done
for e in hea let rit ts; do ln -s "$data/gaitndd/control1.$e" "$larger/gaitndd/control99.$e"; done
ln -s "$data/gaitpdb/GaCo01_01.txt" "$larger/gaitpdb/GaPt99_01.txt"
ln -s "$data/gaitmap_example/imu_sample.csv" "$larger/gaitmap_example/imu_other.csv"
ln -s "$data/gaitmap_example/stride_events_sample.csv" "$larger/gaitmap_example/stride_events_other.csv"
for f in "$data"/mobgap_example/HA_001_TimeMeasure1_Test5_Trial1_*; do
    name=$(basename "$f")
    ln -s "$f" "$larger/mobgap_example/$(echo "$name" | sed 's/Trial1/Trial9/')"
done
out=$(GAITBATCH="$bin" GAITBATCH_DATA="$larger" sh scripts/validate.sh 2>&1)
status=$?
passed=0
failed=0
check() { # DESCRIPTION: the last test's result
    if [ $? -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)) && echo "FAIL: $1"; fi
}
[ $status -eq 0 ]
check "validate.sh failed on the larger set: $(echo "$out" | tail -3)"
echo "$out" | grep -q "gaitndd: checked against floors 95.0 %"
check "gaitndd not held to the target 95 % on the larger set"
echo "$out" | grep -q "GaPt99_01 .*(not a control: not held)"
check "a patient's walk was held to the controls' ranges"
echo "$out" | grep -q "gaitmap: no mocap_other.csv: stride lengths not checked"
check "gaitmap's recording without markers"
echo "$out" | grep -q "mobgap: checked against the issue's targets for initial contacts (>= 90 %, <= 60 ms), the rest printed, not held: pass"
check "mobgap not held to the issue's targets on the larger set"
[ "$(echo "$out" | grep -c "(not held: ")" -ge 8 ]
check "fewer than 8 checks printed as not held"
echo "validate (larger set): $passed passed, $failed failed"
[ $failed -eq 0 ]
