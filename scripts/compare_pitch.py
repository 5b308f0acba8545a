#!/usr/bin/python3
"""Compares the trunk pitch in gait of two analyses of the same lower-back recordings: one with
the map's forward_axis (the median over strides), one without (along the axis nearest the forward
learnt from the steps, the weighted median of the tilt: README.md, Validation).

usage: compare_pitch.py LABEL MAPPED_DIR LEARNT_DIR MAX_DEG MIN_RECORDINGS [MAX_STRIDE_DEG]
Prints each recording's two pitches and exits 1 when fewer than MIN_RECORDINGS have both (a walk
too short to learn forward from has no learnt pitch) or two differ by more than MAX_DEG. Since
0.9.1 strides have a learnt pitch too: those of both analyses starting within 20 ms of each other
are paired, and with MAX_STRIDE_DEG the median |difference| over the pairs must not exceed it."""
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


def stride_differences(mapped_dir, learnt_dir):
    """Learnt minus mapped pitch of the strides the two analyses both have (within 20 ms)."""
    differences = []
    for path in glob.glob(os.path.join(mapped_dir, "**", "*.h5"), recursive=True):
        name = os.path.basename(path)
        other = glob.glob(os.path.join(learnt_dir, "**", name), recursive=True)
        if name == "team.h5" or not other:
            continue
        with h5py.File(path, "r") as f, h5py.File(other[0], "r") as g:
            mapped, learnt = f["strides"][:], g["strides"][:]
        if len(mapped) == 0:
            continue
        for row in learnt[np.isfinite(learnt["trunk_pitch_deg"])]:
            k = int(np.argmin(np.abs(mapped["initial_contact_s"] - row["initial_contact_s"])))
            if (abs(mapped["initial_contact_s"][k] - row["initial_contact_s"]) < 0.02 and
                    np.isfinite(mapped["trunk_pitch_deg"][k])):
                differences.append(row["trunk_pitch_deg"] - mapped["trunk_pitch_deg"][k])
    return np.abs(np.array(differences))


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
    if len(sys.argv) > 6:
        strides, most = stride_differences(mapped_dir, learnt_dir), float(sys.argv[6])
        median = np.median(strides) if len(strides) else np.nan
        fine = len(strides) > 0 and median <= most
        print(f"{label}: per stride, {len(strides)} paired: median |difference| {median:.2f} deg, "
              f"95 % within {np.percentile(strides, 95) if len(strides) else np.nan:.2f}, "
              f"largest {np.max(strides) if len(strides) else np.nan:.1f} deg (median at most "
              f"{most:g}): {'pass' if fine else 'FAIL'}")
        ok = ok and fine
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
