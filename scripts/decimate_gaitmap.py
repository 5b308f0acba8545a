#!/usr/bin/python3
"""Writes gaitmap's example IMU recording at a lower rate, as a sensor sampling at that rate would
record it: low-passed first (a Hamming-windowed sinc, cut off at 80 % of the new Nyquist
frequency, applied forwards; its delay is taken out), then every FACTOR-th sample kept. Picking
samples without the low-pass aliases the impacts into the swing and is not what a sensor does.

usage: decimate_gaitmap.py DATA_DIR MAP.json FACTOR OUT.csv OUT_MAP.json"""
import json
import sys

import numpy as np


def main():
    data, map_path, factor, out_csv, out_map = sys.argv[1:6]
    factor = int(factor)
    lines = open(f"{data}/imu_sample.csv").read().splitlines()
    values = np.array([[float(x) for x in line.split(",")] for line in lines[2:]])[:, 1:]
    taps = 20 * factor + 1
    cutoff = 0.8 * 0.5 / factor  # cycles per input sample
    n = np.arange(taps) - (taps - 1) / 2
    kernel = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(taps)
    kernel /= kernel.sum()
    padded = np.pad(values, (((taps - 1) // 2,) * 2, (0, 0)), mode="edge")
    smooth = np.column_stack([np.convolve(padded[:, c], kernel, mode="valid")
                              for c in range(values.shape[1])])[::factor]
    rows = [",".join([str(i)] + [f"{v:.9g}" for v in row]) for i, row in enumerate(smooth)]
    open(out_csv, "w").write("\n".join(lines[:2] + rows) + "\n")
    channel_map = json.load(open(map_path))
    channel_map["sample_rate_hz"] = channel_map["sample_rate_hz"] / factor
    json.dump(channel_map, open(out_map, "w"), indent=1)


if __name__ == "__main__":
    main()
