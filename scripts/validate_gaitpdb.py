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
    inside = total = 0
    print(f"{'record':12} {'stride s':>9} {'stance s':>9} {'swing s':>9}")
    for path in reports:
        with h5py.File(path, "r") as f:
            s = f["strides"][:]
        s = s[s["valid"] == 1]
        medians = {k: float(np.median(s[k])) for k in RANGES}
        for k, (lo, hi) in RANGES.items():
            total += 1
            inside += lo - MARGIN_S <= medians[k] <= hi + MARGIN_S
        print(f"{os.path.basename(path)[:-3]:12} {medians['stride_time_s']:9.3f} "
              f"{medians['contact_time_s']:9.3f} {medians['swing_time_s']:9.3f}")
    print(f"gaitpdb: {len(reports)} records; per-record medians within the published ranges "
          f"(+-{1000 * MARGIN_S:.0f} ms): {inside}/{total}")
    sys.exit(0 if reports and inside >= 0.9 * total else 1)


if __name__ == "__main__":
    main()
