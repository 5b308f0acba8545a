#!/usr/bin/python3
"""Validate foot-IMU events against gaitmap's example (MaD Lab data set, motion-capture events).

usage: validate_gaitmap.py [--lengths-only] [--name NAME] DATA_DIR REPORT.h5 [MAX_LENGTH_ERROR_M]
Reference strides (DATA_DIR/stride_events_NAME.csv, NAME "sample" by default, beside the recording
imu_NAME.csv; IMU sample indices at 204.8 Hz): pre_ic -> tc -> ic.
A reference event counts as matched when a detected event of the same foot lies within 50 ms.
Prints matched shares, median absolute errors, and median stance and swing against the reference;
exits 1 when a target (>= 95 % matched, median error <= 20 ms, medians within 20 ms) is missed.
Stride length (foot_path, zero-velocity updates) against the motion capture's heel marker (FCC,
mm at 100 Hz, mocap_NAME.csv, taken as synchronous with the IMU from their first samples): its horizontal travel
from the reference stride's mid-stance (min_vel) to the next, which holds that stride's swing; the
stride of ours that starts at the reference's pre_ic (within 50 ms) is compared. Exits 1 when
fewer than 90 % of the strides have a length or the median absolute error is over
MAX_LENGTH_ERROR_M (default 0.05). With --lengths-only the events are printed but only the stride
lengths decide the exit status (a recording at a lower rate than the reference's events).
"""
import csv
import os
import sys

import h5py
import numpy as np

RATE = 204.8
WINDOW_S = 0.050
MOCAP_RATE = 100.0


def heel_travel(mocap, start, end):
    """Horizontal travel (m) of the marker between two IMU sample indices."""
    a, b = (int(round(i / RATE * MOCAP_RATE)) for i in (start, end))
    if b >= len(mocap):
        return float("nan")
    return float(np.hypot(*(mocap[b, :2] - mocap[a, :2]))) / 1000


def read_mocap(path):
    """The mocap CSV: two header rows (marker, axis), then index and x, y, z per marker."""
    rows = list(csv.reader(open(path)))
    names, axes = rows[0], rows[1]
    values = np.array([[float(x) for x in r[1:]] for r in rows[2:]])
    markers = {}
    for column, (name, axis) in enumerate(zip(names[1:], axes[1:])):
        markers.setdefault(name, {})[axis] = values[:, column]
    return {name: np.column_stack([m["x"], m["y"], m["z"]]) for name, m in markers.items()}


def main():
    lengths_only = "--lengths-only" in sys.argv
    if lengths_only:
        sys.argv.remove("--lengths-only")
    name = "sample"
    if "--name" in sys.argv:
        i = sys.argv.index("--name")
        name = sys.argv[i + 1]
        del sys.argv[i:i + 2]
    data, report = sys.argv[1], sys.argv[2]
    reference = list(csv.DictReader(open(os.path.join(data, f"stride_events_{name}.csv"))))
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
    lengths_ok = stride_lengths(os.path.join(data, f"mocap_{name}.csv"), reference, strides,
                                float(sys.argv[3]) if len(sys.argv) > 3 else 0.05)
    ok = lengths_ok and (ok or lengths_only)
    sys.exit(0 if ok else 1)


def stride_lengths(mocap_path, reference, strides, max_error_m):
    if not os.path.exists(mocap_path):  # a recording of the larger set without markers
        print(f"gaitmap: no {os.path.basename(mocap_path)}: stride lengths not checked")
        return True
    mocap = read_mocap(mocap_path)
    errors, references, missing = [], [], 0
    for side, foot in (("L", "left"), ("R", "right")):
        mine = strides[strides["side"] == side.encode()]
        heel = mocap[f"{side}_FCC"]
        for r in (r for r in reference if r["foot"] == foot):
            truth = heel_travel(heel, float(r["start"]), float(r["end"]))
            if not np.isfinite(truth):
                continue
            pre = float(r["pre_ic"]) / RATE
            near = np.abs(mine["initial_contact_s"] - pre)
            if not len(near) or near.min() > WINDOW_S or not np.isfinite(mine["stride_length_m"][near.argmin()]):
                missing += 1
                continue
            errors.append(mine["stride_length_m"][near.argmin()] - truth)
            references.append(truth)
    n = len(errors) + missing
    e = np.array(errors)
    share = 100 * len(errors) / n if n else 0
    if not len(e):  # no stride with a length: say so rather than fail on empty statistics
        print(f"gaitmap: stride length against the heel marker: none of {n} strides has one: FAIL")
        return False
    median_abs = float(np.median(np.abs(e))) if len(e) else float("nan")
    print(f"gaitmap: stride length against the heel marker, {len(errors)}/{n} strides "
          f"({share:.0f} %; reference median {np.median(references):.2f} m): median error "
          f"{100 * np.median(e):+.1f} cm, median |error| {100 * median_abs:.1f} cm "
          f"({100 * median_abs / np.median(references):.1f} %), 90th percentile "
          f"{100 * np.percentile(np.abs(e), 90):.1f} cm; walking speed median "
          f"{np.nanmedian(strides['walking_speed_m_per_s']):.2f} m/s")
    if not np.isfinite(max_error_m):  # no floor: printed only
        return True
    ok = share >= 90 and median_abs <= max_error_m
    print(f"gaitmap: stride length checked against a floor of {100 * max_error_m:.0f} cm median |error| "
          f"over 90 % of strides: {'pass' if ok else 'FAIL'}")
    return ok


if __name__ == "__main__":
    main()
