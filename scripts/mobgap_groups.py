#!/usr/bin/python3
"""Groups Mobilise-D lower-back trials by participant, each with a channel map of its own.

usage: mobgap_groups.py METADATA.json BASE_MAP.json TRIALS_DIR MAPS_DIR
Trials are TRIALS_DIR/<cohort>_<id>_..._lowerback_imu.csv (Mobilise-D's names, e.g.
HA_001_TimeMeasure1_Test5_Trial1). For each participant with trials, writes MAPS_DIR/mobgap-<cohort>_<id>.json:
BASE_MAP with the participant's sensor_height_m from METADATA (participant_metadata.json: cohort,
then id), or BASE_MAP as it is for a participant it does not list. Prints one line per
participant: the map, then the participant's trial files, separated by tabs, for
`gaitbatch analyze --map MAP FILES...`."""
import glob
import json
import os
import sys


def main():
    metadata_path, base_path, trials, maps = sys.argv[1:5]
    metadata = json.load(open(metadata_path)) if os.path.exists(metadata_path) else {}
    base = json.load(open(base_path))
    groups = {}
    for path in sorted(glob.glob(os.path.join(trials, "*_lowerback_imu.csv"))):
        parts = os.path.basename(path).split("_")
        groups.setdefault((parts[0], parts[1]), []).append(path)
    os.makedirs(maps, exist_ok=True)
    for (cohort, person), files in sorted(groups.items()):
        height = metadata.get(cohort, {}).get(person, {}).get("sensor_height_m")
        chosen = dict(base)
        if height:
            chosen["sensor_height_m"] = height
        map_path = os.path.join(maps, f"mobgap-{cohort}_{person}.json")
        json.dump(chosen, open(map_path, "w"), indent=1)
        print("\t".join([map_path] + files))


if __name__ == "__main__":
    main()
