#!/usr/bin/python3
"""Check gaitbatch on PhysioNet gaitpdb control walks (Yogev et al. 2005) against the physiological
ranges quoted for these controls: stride 1.05-1.24 s, stance 0.66-0.82 s, swing 0.35-0.47 s.
There is no event reference in this set, so this is a plausibility check of per-record medians.

usage: validate_gaitpdb.py REPORT_DIR
"""
import glob
import os
import sys

import h5py
import numpy as np

RANGES = {"stride_time_s": (1.05, 1.24), "contact_time_s": (0.66, 0.82), "swing_time_s": (0.35, 0.47)}
MARGIN_S = 0.02


def main():
    reports = sorted(glob.glob(os.path.join(sys.argv[1], "*.h5")))
    inside = total = controls = 0
    print(f"{'record':12} {'stride s':>9} {'stance s':>9} {'swing s':>9}")
    for path in reports:
        name = os.path.basename(path)[:-3]
        with h5py.File(path, "r") as f:
            s = f["strides"][:]
        s = s[s["valid"] == 1]
        medians = {k: float(np.median(s[k])) if len(s) else float("nan") for k in RANGES}
        # the ranges are the control walkers' (GaCo, JuCo, SiCo); a patient's walk (..Pt..) of a
        # larger set is printed, not held to them
        control = "Co" in name
        controls += control
        for k, (lo, hi) in RANGES.items():
            total += control
            inside += control and lo - MARGIN_S <= medians[k] <= hi + MARGIN_S
        print(f"{name:12} {medians['stride_time_s']:9.3f} {medians['contact_time_s']:9.3f} "
              f"{medians['swing_time_s']:9.3f}{'' if control else '  (not a control: not held)'}")
    print(f"gaitpdb: {len(reports)} records, {controls} of control walkers; their per-record medians "
          f"within the published ranges (+-{1000 * MARGIN_S:.0f} ms): {inside}/{total}")
    sys.exit(0 if reports and inside >= 0.9 * total else 1)


if __name__ == "__main__":
    main()
