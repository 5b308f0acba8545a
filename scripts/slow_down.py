#!/usr/bin/python3
"""Writes the Mobilise-D example's trials drawn out in time by FACTOR, as a slower walker of the
same build would walk them: a proxy for the slow and impaired walkers a larger set holds, not
real data.

usage: slow_down.py IN_DIR FACTOR OUT_DIR

The same path taken FACTOR times slower, x(t) = x0(t / FACTOR), keeps its displacements (the
trunk still rises 2-5 cm a step) while its accelerations shrink by FACTOR^2 and its angular rates
by FACTOR. So each *_lowerback_imu.csv is resampled at its own 100 Hz over the longer time
(linear interpolation), its acceleration about gravity (a centred 2 s mean, the ends padded with
their own values) scaled by 1 / FACTOR^2 and its gyroscope by 1 / FACTOR. Tilting the trunk turns
gravity in the sensor's frame, which is no acceleration, yet is scaled with the rest: the slow
walker leans a little less. The references go with it: every time (columns ending _s, the
strides' start and end samples) times FACTOR, cadences and speeds divided by it; the participant
metadata (heights) is copied as it is.
"""
import csv
import glob
import os
import shutil
import sys

import numpy as np

RATE_HZ = 100.0
GRAVITY_WINDOW_S = 2.0


def centred_mean(values, width):
    """The mean over width samples centred on each, the ends padded with their own values."""
    padded = np.pad(values, (width // 2, width - 1 - width // 2), mode="edge")
    return np.convolve(padded, np.ones(width) / width, mode="valid")


def slow_trial(rows, factor):
    """The IMU's rows (dicts of strings) drawn out by factor, as rows to write."""
    t = np.array([float(r["t_s"]) for r in rows])
    columns = [k for k in rows[0] if k.startswith(("acc_", "gyr_"))]
    times = np.arange(0, t[-1] * factor + 1e-9, 1 / RATE_HZ)
    slowed = {}
    for name in columns:
        values = np.interp(times / factor, t, np.array([float(r[name]) for r in rows]))
        if name.startswith("acc_"):
            gravity = centred_mean(values, int(GRAVITY_WINDOW_S * RATE_HZ))
            values = gravity + (values - gravity) / factor**2
        else:
            values = values / factor
        slowed[name] = values
    return [dict({"sample": str(i), "t_s": f"{time:.2f}"},
                 **{name: f"{slowed[name][i]:.6f}" for name in columns})
            for i, time in enumerate(times)]


def slow_reference(rows, factor):
    """A reference table's rows with its times drawn out and its rates slowed by factor."""
    for r in rows:
        for name, value in r.items():
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue
            if name.endswith("_s") or name in ("stride_start_ic", "stride_end_ic"):
                r[name] = repr(number * factor)
            elif "cadence" in name or name.endswith("_mps"):
                r[name] = repr(number / factor)
    return rows


def main():
    source, factor, target = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    os.makedirs(target, exist_ok=True)
    shutil.copy(os.path.join(source, "participant_metadata.json"), target)
    for path in sorted(glob.glob(os.path.join(source, "*.csv"))):
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            fields, rows = reader.fieldnames, list(reader)
        name = os.path.basename(path)
        if name.endswith("_lowerback_imu.csv"):
            rows = slow_trial(rows, factor)
        else:
            rows = slow_reference(rows, factor)
        with open(os.path.join(target, name), "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    main()
