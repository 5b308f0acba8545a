#!/usr/bin/python3
"""Validate foot-IMU events against gaitmap's example (MaD Lab data set, motion-capture events).

usage: validate_gaitmap.py DATA_DIR REPORT.h5
Reference strides (stride_events_sample.csv, IMU sample indices at 204.8 Hz): pre_ic -> tc -> ic.
A reference event counts as matched when a detected event of the same foot lies within 50 ms.
Prints matched shares, median absolute errors, and median stance and swing against the reference;
exits 1 when a target (>= 95 % matched, median error <= 20 ms, medians within 20 ms) is missed.
"""
import csv
import os
import sys

import h5py
import numpy as np

RATE = 204.8
WINDOW_S = 0.050


def main():
    data, report = sys.argv[1], sys.argv[2]
    reference = list(csv.DictReader(open(os.path.join(data, "stride_events_sample.csv"))))
    with h5py.File(report, "r") as f:
        strides = f["strides"][:]
    ok = True
    ic_errors, tc_errors, matched_ic, matched_tc = [], [], 0, 0
    stance_ref, swing_ref, stance_det, swing_det = [], [], [], []
    for side, foot in (("L", "left"), ("R", "right")):
        mine = strides[strides["side"] == side.encode()]
        ics = np.unique(np.concatenate([mine["initial_contact_s"],
                                        mine["initial_contact_s"] + mine["stride_time_s"]]))
        tcs = mine["toe_off_s"]
        for r in (r for r in reference if r["foot"] == foot):
            ic, tc, pre = (float(r[k]) / RATE for k in ("ic", "tc", "pre_ic"))
            stance_ref.append(tc - pre)
            swing_ref.append(ic - tc)
            d_ic = ics - ic
            d_tc = tcs - tc
            if len(d_ic) and np.min(np.abs(d_ic)) <= WINDOW_S:
                matched_ic += 1
                ic_errors.append(d_ic[np.argmin(np.abs(d_ic))])
            if len(d_tc) and np.min(np.abs(d_tc)) <= WINDOW_S:
                matched_tc += 1
                tc_errors.append(d_tc[np.argmin(np.abs(d_tc))])
        valid = mine[mine["valid"] == 1]
        stance_det.extend(valid["contact_time_s"])
        swing_det.extend(valid["swing_time_s"])
    n = len(reference)
    ic_share, tc_share = 100 * matched_ic / n, 100 * matched_tc / n
    ic_med = 1000 * np.median(np.abs(ic_errors)) if ic_errors else float("nan")
    tc_med = 1000 * np.median(np.abs(tc_errors)) if tc_errors else float("nan")
    stance_diff = 1000 * (np.median(stance_det) - np.median(stance_ref))
    swing_diff = 1000 * (np.median(swing_det) - np.median(swing_ref))
    print(f"gaitmap: {n} reference strides; initial contact matched {matched_ic}/{n} = {ic_share:.1f} %, "
          f"median |error| {ic_med:.1f} ms (bias {1000 * np.median(ic_errors):+.1f} ms); toe-off matched "
          f"{matched_tc}/{n} = {tc_share:.1f} %, median |error| {tc_med:.1f} ms (bias "
          f"{1000 * np.median(tc_errors):+.1f} ms)")
    print(f"gaitmap: median stance {1000 * np.median(stance_det):.0f} ms vs {1000 * np.median(stance_ref):.0f} ms "
          f"({stance_diff:+.1f}); median swing {1000 * np.median(swing_det):.0f} ms vs "
          f"{1000 * np.median(swing_ref):.0f} ms ({swing_diff:+.1f})")
    ok = (ic_share >= 95 and tc_share >= 95 and ic_med <= 20 and tc_med <= 20 and
          abs(stance_diff) <= 20 and abs(swing_diff) <= 20)
    print(f"gaitmap: targets (>= 95 % matched, <= 20 ms): {'met' if ok else 'MISSED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
