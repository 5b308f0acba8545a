#!/usr/bin/python3
"""Writes a validation recording at a lower rate, as a sensor sampling at that rate would record
it: low-passed first (a Hamming-windowed sinc, cut off at 80 % of the new Nyquist frequency,
applied forwards; its delay is taken out), then every FACTOR-th sample kept. Picking samples
without the low-pass aliases the impacts into the swing and is not what a sensor does.

usage: decimate.py gaitmap IMU.csv MAP.json FACTOR OUT.csv OUT_MAP.json
       decimate.py mobgap IN.csv FACTOR OUT.csv
gaitmap: an imu_*.csv like the example's (two header rows, a sample index, 204.8 Hz), with its map's
sample_rate_hz divided by FACTOR; mobgap: a *_lowerback_imu.csv (one header row; the sample and
t_s columns are kept as they are at the samples kept, so the map's time column gives the rate)."""
import json
import sys

import numpy as np


def lowpass_decimate(values, factor):
    """Every factor-th row of the columns of values, each low-passed first."""
    taps = 20 * factor + 1
    cutoff = 0.8 * 0.5 / factor  # cycles per input sample
    n = np.arange(taps) - (taps - 1) / 2
    kernel = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(taps)
    kernel /= kernel.sum()
    padded = np.pad(values, (((taps - 1) // 2,) * 2, (0, 0)), mode="edge")
    return np.column_stack([np.convolve(padded[:, c], kernel, mode="valid")
                            for c in range(values.shape[1])])[::factor]


def gaitmap(in_csv, map_path, factor, out_csv, out_map):
    lines = open(in_csv).read().splitlines()
    values = np.array([[float(x) for x in line.split(",")] for line in lines[2:]])[:, 1:]
    rows = [",".join([str(i)] + [f"{v:.9g}" for v in row])
            for i, row in enumerate(lowpass_decimate(values, factor))]
    open(out_csv, "w").write("\n".join(lines[:2] + rows) + "\n")
    channel_map = json.load(open(map_path))
    channel_map["sample_rate_hz"] = channel_map["sample_rate_hz"] / factor
    json.dump(channel_map, open(out_map, "w"), indent=1)


def mobgap(in_csv, factor, out_csv):
    lines = open(in_csv).read().splitlines()
    table = np.array([[float(x) for x in line.split(",")] for line in lines[1:]])
    kept = table[::factor, :2]  # sample, t_s
    signals = lowpass_decimate(table[:, 2:], factor)
    rows = [",".join([f"{kept[i, 0]:.0f}", f"{kept[i, 1]:.9g}"] + [f"{v:.9g}" for v in row])
            for i, row in enumerate(signals)]
    open(out_csv, "w").write("\n".join(lines[:1] + rows) + "\n")


def main():
    if sys.argv[1] == "gaitmap":
        in_csv, map_path, factor, out_csv, out_map = sys.argv[2:7]
        gaitmap(in_csv, map_path, int(factor), out_csv, out_map)
    elif sys.argv[1] == "mobgap":
        in_csv, factor, out_csv = sys.argv[2:5]
        mobgap(in_csv, int(factor), out_csv)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
