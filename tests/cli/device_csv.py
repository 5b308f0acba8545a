#!/usr/bin/python3
"""Rewrite a lower-back CSV (the simulator's time_s, acc_x, acc_y, acc_z, or Mobilise-D's acc_x_g,
acc_y_g, acc_z_g, in g) as an accelerometer maker's export, preamble and all, as the CLI tests and
scripts/validate.sh read it without a map.

usage: device_csv.py actigraph|geneactiv IN.csv OUT.csv RATE_HZ [LOCATION]
actigraph: ActiLife's raw CSV with time stamps (three decimals, month-first dates);
geneactiv: the GENEActiv PC software's CSV (LOCATION as its "Device Location Code").
"""
import csv
import sys
from datetime import datetime, timedelta

START = datetime(2026, 1, 2, 8, 15, 30)


def samples(path):
    """The accelerometer's x, y and z of each row: the columns whose names start acc_x, acc_y, acc_z."""
    table = csv.reader(r for r in open(path) if not r.startswith("#"))
    names = next(table)
    axes = [next(i for i, n in enumerate(names) if n.startswith(f"acc_{a}")) for a in "xyz"]
    return [[float(row[i]) for i in axes] for row in table]


def actigraph(rows, out, rate):
    out.write("------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.3 Firmware v2.5.0 "
              f"date format M/d/yyyy at {rate:g} Hz  Filter Normal -----------\n"
              "Serial Number: TAS0000000001\nStart Time 08:15:30\nStart Date 1/2/2026\n"
              "Epoch Period (hh:mm:ss) 00:00:00\nDownload Time 10:00:00\nDownload Date 1/2/2026\n"
              "Current Memory Address: 0\nCurrent Battery Voltage: 4.21     Mode = 12\n"
              + "-" * 50 + "\nTimestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\n")
    for i, (x, y, z) in enumerate(rows):
        t = START + timedelta(seconds=i / rate)
        out.write(f"{t.month}/{t.day}/{t.year} {t:%H:%M:%S}.{t.microsecond // 1000:03d},"
                  f"{x:.3f},{y:.3f},{z:.3f}\n")


def geneactiv(rows, out, rate, location):
    out.write(f"Device Type,GENEActiv\nDevice Model,1.1\nDevice Unique Serial Code,012345\n"
              f",\nMeasurement Frequency,{rate:g} Hz\nMeasurement Period,1 Hours\n"
              f"Start Time,{START:%Y-%m-%d %H:%M:%S}:000\nDevice Location Code,{location}\n"
              f"Subject Code,7\n,\nCalibration Data,\nx gain,25548\nx offset,-86\n")
    for i, (x, y, z) in enumerate(rows):
        t = START + timedelta(seconds=i / rate)
        out.write(f"{t:%Y-%m-%d %H:%M:%S}:{t.microsecond // 1000:03d},{x:.4f},{y:.4f},{z:.4f},"
                  "0,0,21.3\n")


def main():
    kind, source, target, rate = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    rows = samples(source)
    with open(target, "w") as out:
        if kind == "actigraph":
            actigraph(rows, out, rate)
        else:
            geneactiv(rows, out, rate, sys.argv[5] if len(sys.argv) > 5 else "waist")


if __name__ == "__main__":
    main()
