#!/usr/bin/python3
"""Compares the trunk pitch in gait of two analyses of the same lower-back recordings: one with
the map's forward_axis (the median over strides), one without (along the axis nearest the forward
learnt from the steps, the weighted median of the tilt: README.md, Validation).

usage: compare_pitch.py LABEL MAPPED_DIR LEARNT_DIR MAX_DEG MIN_RECORDINGS
Prints each recording's two pitches and exits 1 when fewer than MIN_RECORDINGS have both (a walk
too short to learn forward from has no learnt pitch) or two differ by more than MAX_DEG."""
import glob
import os
import sys

import h5py
import numpy as np


def pitches(folder):
    found = {}
    for path in glob.glob(os.path.join(folder, "**", "*.h5"), recursive=True):
        if os.path.basename(path) == "team.h5":
            continue
        with h5py.File(path, "r") as f:
            overall = {r["name"].decode(): float(r["value"]) for r in f["summary/overall"][:]}
            axis = f.attrs.get("trunk_pitch_axis", b"")
            learnt = int(f.attrs.get("trunk_pitch_learnt", 0))
        found[os.path.basename(path)] = (overall["trunk_pitch_deg"], axis.decode() if isinstance(axis, bytes) else axis, learnt)
    return found


def main():
    label, mapped_dir, learnt_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    limit, least = float(sys.argv[4]), int(sys.argv[5])
    mapped, learnt = pitches(mapped_dir), pitches(learnt_dir)
    differences = []
    for name in sorted(mapped):
        if name not in learnt:
            continue
        (a, axis_a, _), (b, axis_b, was_learnt) = mapped[name], learnt[name]
        if was_learnt and np.isfinite(a) and np.isfinite(b):
            differences.append(b - a)
        print(f"  {name}: {a:5.1f} deg along {axis_a} (map), {b:5.1f} deg along {axis_b or '-'}"
              f"{' (learnt)' if was_learnt else ''}")
    d = np.array(differences) if differences else np.array([np.nan])
    ok = len(differences) >= least and np.all(np.abs(d) <= limit)
    print(f"{label}: trunk pitch along the learnt axis minus the map's, {len(differences)} "
          f"recordings with both: median {np.median(d):+.1f} deg, largest |difference| "
          f"{np.max(np.abs(d)):.1f} deg (at most {limit:g} over {least} or more): "
          f"{'pass' if ok else 'FAIL'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
