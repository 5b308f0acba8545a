#!/usr/bin/python3
"""Compare a gaitbatch report's contacts with a simulator ground-truth CSV.

usage: compare_truth.py REPORT.h5 TRUTH.csv
Prints matched share and median absolute errors (ms) of initial contact and toe-off.
"""
import csv
import sys

import h5py
import numpy as np


def main():
    report, truth_path = sys.argv[1], sys.argv[2]
    with h5py.File(report, "r") as f:
        strides = f["strides"][:]
        duration = f.attrs["duration_s"]
    truth = list(csv.DictReader(open(truth_path)))
    out = {}
    for side in ("L", "R"):
        det = strides[strides["side"] == side.encode()]
        t_ic = np.array([float(r["initial_contact_s"]) for r in truth if r["side"] == side])
        t_to = np.array([float(r["toe_off_s"]) for r in truth if r["side"] == side])
        keep = t_to < duration - 5  # contacts near the end have no following stride
        keep &= t_ic > 5
        t_ic, t_to = t_ic[keep], t_to[keep]
        ic_err, to_err = [], []
        for ic, to in zip(t_ic, t_to):
            if len(det) == 0:
                break
            k = np.argmin(np.abs(det["initial_contact_s"] - ic))
            if abs(det["initial_contact_s"][k] - ic) < 0.1:
                ic_err.append(det["initial_contact_s"][k] - ic)
                to_err.append(det["toe_off_s"][k] - to)
        out[side] = (len(ic_err), len(t_ic), ic_err, to_err)
    allic = np.abs(np.concatenate([np.array(out[s][2]) for s in out]))
    allto = np.abs(np.concatenate([np.array(out[s][3]) for s in out]))
    matched = sum(out[s][0] for s in out)
    total = sum(out[s][1] for s in out)
    print(f"matched {matched}/{total}  IC median |err| {1000*np.median(allic):.2f} ms "
          f"(max {1000*allic.max():.2f})  TO median |err| {1000*np.median(allto):.2f} ms "
          f"(max {1000*allto.max():.2f})  IC bias {1000*np.median(np.concatenate([out[s][2] for s in out])):+.2f} ms")


if __name__ == "__main__":
    main()
