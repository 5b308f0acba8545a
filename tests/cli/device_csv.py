#!/usr/bin/python3
"""Rewrite a lower-back CSV (the simulator's time_s, acc_x, acc_y, acc_z, or Mobilise-D's acc_x_g,
acc_y_g, acc_z_g, in g) as an accelerometer maker's export, preamble and all, as the CLI tests and
scripts/validate.sh read it without a map.

usage: device_csv.py actigraph|geneactiv|omconvert IN.csv OUT RATE_HZ [LOCATION|DATE_FORMAT [START]]
actigraph: ActiLife's raw CSV with time stamps (three decimals; DATE_FORMAT M/d/yyyy, the default,
dd.MM.yyyy or yyyy-MM-dd);
geneactiv: the GENEActiv PC software's CSV (LOCATION as its "Device Location Code");
omconvert: the WAV OpenMovement's omconvert writes from an Axivity file as it does since its AX6
support (each data channel named in the comment with its range, the validity channel last and
unnamed); with the simulator's gyroscope columns (gyr_x, gyr_y, gyr_z, deg/s) an AX6 file.
START: when the recording began, as YYYY-MM-DDTHH:MM:SS (default 2026-01-02T08:15:30).
"""
import csv
import struct
import sys
from datetime import datetime, timedelta

START = datetime(2026, 1, 2, 8, 15, 30)


def samples(path, sensor="acc"):
    """The x, y and z of each row of a sensor: the columns whose names start acc_x, acc_y, acc_z
    (gyr_... for the gyroscope); None when the file has none."""
    table = csv.reader(r for r in open(path) if not r.startswith("#"))
    names = next(table)
    axes = [next((i for i, n in enumerate(names) if n.startswith(f"{sensor}_{a}")), None)
            for a in "xyz"]
    if None in axes:
        return None
    return [[float(row[i]) for i in axes] for row in table]


def omconvert(source, target, rate, older=False):
    """16-bit channels at full scale +-8 g and +-2000 deg/s, then validity bits (all rows valid),
    the scales and start time in LIST/INFO, the data after a JUNK chunk at 1 KiB as omconvert
    places it. older: as omconvert wrote before its AX6 support, the accelerometer alone and the
    validity channel named too ("Channel-4: Aux")."""
    accel, gyro = samples(source), samples(source, "gyr")
    streams = [("Accel", 8, accel)] + ([("Gyro", 2000, gyro)] if gyro and not older else [])
    comment = f"Time: {START:%Y-%m-%d %H:%M:%S}.000\n"
    channel = 0
    for name, full_scale, _ in streams:
        for axis in "XYZ":
            channel += 1
            comment += f"Channel-{channel}: {name}-{axis}\nScale-{channel}: {full_scale}\n"
    channels = channel + 1
    if older:
        comment += f"Channel-{channels}: Aux"
    frames = bytearray()
    for i in range(len(accel)):
        values = [max(-32768, min(32767, round(v / full_scale * 32768)))
                  for _, full_scale, rows in streams for v in rows[i]]
        frames += struct.pack(f"<{channels}h", *values, 0)

    def chunk(tag, data):
        return tag + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")
    info = b"INFO" + chunk(b"ICMT", comment.encode() + b"\0")
    info += chunk(b"ICRD", f"{START:%Y-%m-%d %H:%M:%S}.000\0".encode())
    rate = round(rate)
    head = (b"WAVE" + chunk(b"fmt ", struct.pack("<HHIIHH", 1, channels, rate, rate * 2 * channels,
                                                   2 * channels, 16)) + chunk(b"LIST", info))
    junk = 1024 - 12 - len(head) - 8 - 8  # the data's first byte at 1024
    body = head + chunk(b"JUNK", bytes(junk)) + chunk(b"data", bytes(frames))
    with open(target, "wb") as out:
        out.write(b"RIFF" + struct.pack("<I", len(body)) + body)


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
    if kind == "omconvert":
        omconvert(source, target, rate)
        return
    rows = samples(source)
    with open(target, "w") as out:
        if kind == "actigraph":
            actigraph(rows, out, rate, sys.argv[5] if len(sys.argv) > 5 else "M/d/yyyy")
        else:
            geneactiv(rows, out, rate, sys.argv[5] if len(sys.argv) > 5 else "waist")


if __name__ == "__main__":
    main()
