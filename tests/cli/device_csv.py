#!/usr/bin/python3
"""Rewrite a lower-back CSV (the simulator's time_s, acc_x, acc_y, acc_z, or Mobilise-D's acc_x_g,
acc_y_g, acc_z_g, in g) as an accelerometer maker's export, preamble and all, as the CLI tests and
scripts/validate.sh read it without a map.

usage: device_csv.py actigraph|geneactiv IN.csv OUT.csv RATE_HZ [LOCATION|DATE_FORMAT [START]]
actigraph: ActiLife's raw CSV with time stamps (three decimals; DATE_FORMAT M/d/yyyy, the default,
dd.MM.yyyy or yyyy-MM-dd);
geneactiv: the GENEActiv PC software's CSV (LOCATION as its "Device Location Code").
START: when the recording began, as YYYY-MM-DDTHH:MM:SS (default 2026-01-02T08:15:30).
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


# ActiLife writes dates in the computer's regional format, which its title line names
DATE_FORMATS = {"M/d/yyyy": lambda t: f"{t.month}/{t.day}/{t.year}",
                "dd.MM.yyyy": lambda t: f"{t:%d.%m.%Y}",
                "yyyy-MM-dd": lambda t: f"{t:%Y-%m-%d}"}


def actigraph(rows, out, rate, date_format):
    date = DATE_FORMATS[date_format]
    out.write("------------ Data File Created By ActiGraph GT3X+ ActiLife v6.13.3 Firmware v2.5.0 "
              f"date format {date_format} at {rate:g} Hz  Filter Normal -----------\n"
              f"Serial Number: TAS0000000001\nStart Time {START:%H:%M:%S}\nStart Date {date(START)}\n"
              f"Epoch Period (hh:mm:ss) 00:00:00\nDownload Time 10:00:00\nDownload Date {date(START)}\n"
              "Current Memory Address: 0\nCurrent Battery Voltage: 4.21     Mode = 12\n"
              + "-" * 50 + "\nTimestamp,Accelerometer X,Accelerometer Y,Accelerometer Z\n")
    for i, (x, y, z) in enumerate(rows):
        t = START + timedelta(seconds=i / rate)
        out.write(f"{date(t)} {t:%H:%M:%S}.{t.microsecond // 1000:03d},{x:.3f},{y:.3f},{z:.3f}\n")


def geneactiv_header(rate, location):
    """The 100 lines before the data: device, configuration, subject, study, then five lines per
    sensor (three accelerometer axes, light, button, thermistor), blank lines between, as the
    GENEActiv PC software writes them."""
    stamp = f"{START:%Y-%m-%d %H:%M:%S}:000"
    lines = ["Device Type,GENEActiv", "Device Model,1.1", "Device Unique Serial Code,012345",
             "Device Firmware Version,Ver4.08a date14Jul14", f"Calibration Date,{stamp}",
             "Application name & version,GeneaLibrary"] + [""] * 4
    lines += [f"Measurement Frequency,{rate:g} Hz", f"Start Time,{stamp}", "Last measurement,",
              f"Device Location Code,{location}", "Time Zone,GMT +01:00"] + [""] * 5
    lines += ["Subject Code,7", "Date of Birth,1900-01-01", "Sex,", "Height,", "Weight,",
              "Handedness Code,", "Subject Notes,"] + [""] * 3
    lines += ["Study Centre,", "Study Code,", "Investigator ID,", "Exercise Type,",
              "Config Operator ID,", f"Config Time,{stamp}", "Config Notes,",
              "Extract Operator ID,", f"Extract Time,{stamp}", "Extract Notes,"] + [""] * 10
    sensors = [(f"MEMS accelerometer {a}-axis", "-8 to 8", "0.0039", "g", "") for a in "xyz"]
    sensors += [("Light meter", "0 to 5000", "5", "lux", ""),
                ("User button event marker", "1 or 0", "", "", "1=pressed"),
                ("Linear active thermistor", "0 to 70", "0.1", "deg. C", "")]
    for kind, span, resolution, units, extra in sensors:
        lines += [f"Sensor type,{kind}", f"Range,{span}", f"Resolution,{resolution}",
                  f"Units,{units}", f"Additional information,{extra}"]
    return "\n".join(lines + [""] * (100 - len(lines))) + "\n"


def geneactiv(rows, out, rate, location):
    out.write(geneactiv_header(rate, location))
    for i, (x, y, z) in enumerate(rows):
        t = START + timedelta(seconds=i / rate)
        out.write(f"{t:%Y-%m-%d %H:%M:%S}:{t.microsecond // 1000:03d},{x:.4f},{y:.4f},{z:.4f},"
                  "0,0,21.3\n")


def main():
    global START
    kind, source, target, rate = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    if len(sys.argv) > 6:
        START = datetime.fromisoformat(sys.argv[6])
    rows = samples(source)
    with open(target, "w") as out:
        if kind == "actigraph":
            actigraph(rows, out, rate, sys.argv[5] if len(sys.argv) > 5 else "M/d/yyyy")
        else:
            geneactiv(rows, out, rate, sys.argv[5] if len(sys.argv) > 5 else "waist")


if __name__ == "__main__":
    main()
