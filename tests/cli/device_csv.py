#!/usr/bin/python3
"""Rewrite a lower-back CSV (the simulator's time_s, acc_x, acc_y, acc_z, or Mobilise-D's acc_x_g,
acc_y_g, acc_z_g, in g) as an accelerometer maker's export, preamble and all, as the CLI tests and
scripts/validate.sh read it without a map.

usage: device_csv.py actigraph|geneactiv|geneactiv-bin|omconvert|cwa|gt3x|apdm|phyphox|sensor-logger|metawear|polar IN.csv OUT RATE_HZ [LOCATION|DATE_FORMAT|packed|older [START]]
actigraph: ActiLife's raw CSV with time stamps (three decimals; DATE_FORMAT M/d/yyyy, the default,
dd.MM.yyyy or yyyy-MM-dd);
geneactiv: the GENEActiv PC software's CSV (LOCATION as its "Device Location Code");
omconvert: the WAV OpenMovement's omconvert writes from an Axivity file as it does since its AX6
support (each data channel named in the comment with its range, the validity channel last and
unnamed); with the simulator's gyroscope columns (gyr_x, gyr_y, gyr_z, deg/s) an AX6 file;
cwa: the Axivity device's own file (OpenMovement's cwa.h): an AX3's packed sectors, or with the
gyroscope columns an AX6's; RATE_HZ is the rate the samples were taken at, the header says the
nearest rate the device can be set to (100 Hz for 101), and LOCATION goes into its metadata
(LOCATION,RANGE_G: an AX3 set to +-RANGE_G, 2 to 16 g, its samples clipped there);
gt3x: the ActiGraph device's own file (ActiGraph's GT3X-File-Format): a wGT3X-BT's ACTIVITY2
records (16-bit, holding the 12-bit converter's counts: +-8 g, beyond it clipped), or with
"packed" a GT3X+'s 12-bit ACTIVITY records, or with "older" the layout of
firmware 2.5.0 and earlier (NHANES-GT3X-File-Format: activity.bin, every sample packed, timed
from info.txt's Start Date); otherwise that argument, "left ankle", is where it was worn.
apdm: an APDM Opal recording as Mobility Lab exports it (HDF5: /Sensors/<id>/Accelerometer in
m/s2, Gyroscope in rad/s, Magnetometer, Time in microseconds, Configuration's "Label 0" and
"Sample Rate"), the samples as a "Lumbar" sensor, beside a "Sternum" one holding them too
(LOCATION: the lumbar sensor's label instead);
geneactiv-bin: the GENEActiv device's own .bin file (its header, then pages of 300 samples in
hex, each axis calibrated by its gain and offset; LOCATION as its "Device Location Code").
phyphox, sensor-logger, metawear, polar: phone apps' and wearables' logs (phyphox's CSV in m/s^2
with the magnitude beside the axes; Sensor Logger's TotalAcceleration.csv, ns from 1970 and
bare axis names in m/s^2; MetaWear's CSV, ms from 1970 beside a date and time written with dots;
Polar Sensor Logger's semicolon-separated log, a clock and ns, axes in mg).
START: when the recording began, as YYYY-MM-DDTHH:MM:SS (default 2026-01-02T08:15:30).
"""
import calendar
import csv
import json
import math
import struct
import sys
import zipfile
from datetime import datetime, timedelta
from urllib.parse import quote

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


def cwa_time(t):
    """A time as the device's clock packs it: YYYYYYMM MMDDDDDh hhhhmmmm mmssssss."""
    return ((t.year - 2000) << 26 | t.month << 22 | t.day << 17 | t.hour << 12 | t.minute << 6
            | t.second)


def cwa_sector(body):
    """A data sector: body (510 bytes) and the checksum that makes its 16-bit words sum to 0."""
    total = sum(struct.unpack("<255H", body)) & 0xffff
    return body + struct.pack("<H", -total & 0xffff)


def packed(x, y, z):
    """Three axes in g as an AX3 packs them: 10 signed bits each at 1/256 g, shifted left by a
    shared exponent e (eezzzzzz zzzzyyyy yyyyyyxx xxxxxxxx)."""
    raw = [round(v * 256) for v in (x, y, z)]
    shift = next(e for e in range(4) if all(-512 <= r >> e <= 511 for r in raw + [0]) or e == 3)
    parts = [max(-512, min(511, r >> shift)) & 0x3ff for r in raw]
    return struct.pack("<I", shift << 30 | parts[2] << 20 | parts[1] << 10 | parts[0])


def cwa(source, target, rate, location, range_g=8):
    """+-8 g (an AX3 at range_g: 2, 4, 8 or 16, clipped there as the device does); an AX6 at
    1/4096 g and +-2000 deg/s, gyroscope first. Each sector stamps its first sample with the second
    and its fraction, as firmware since 2014 does."""
    accel, gyro = samples(source), samples(source, "gyr")
    assert range_g == 8 or not gyro
    if not gyro:  # (the AX6's 16-bit counts end at +-8 g themselves)
        accel = [[max(-range_g, min(range_g - 1 / 256, v)) for v in row] for row in accel]
    code = 15 - round(math.log2(3200 / rate))
    range_code = {16: 0x00, 8: 0x40, 4: 0x80, 2: 0xC0}[range_g]  # the rate code's top two bits
    rate_code, set_rate = range_code | code, 3200 / (1 << (15 - code))
    per_sector = 40 if gyro else 120
    metadata = f"_p={quote(location)}&_sc=7".encode()
    header = struct.pack("<2sHBHIHIIIB", b"MD", 1020, 0x64 if gyro else 0x17, 4321, 77, 0, 0, 0, 0, 0)
    header += b"\0" + bytes(8) + bytes([0x02 if gyro else 0x00, rate_code])
    header += struct.pack("<IBh", cwa_time(START), 52, -1) + bytes(20)
    header += metadata + b"\xff" * (448 - len(metadata)) + b"\xff" * 512
    with open(target, "wb") as out:
        out.write(header)
        for sequence, first in enumerate(range(0, len(accel), per_sector)):
            rows = range(first, min(first + per_sector, len(accel)))
            begins = START + timedelta(seconds=first / rate)
            fraction = int(begins.microsecond / 1e6 * 65536) & 0xfffe
            offset = -((fraction * int(set_rate)) >> 16)  # the whole second's sample, for old readers
            data = b""
            for i in rows:
                if gyro:
                    values = [round(v / 2000 * 32768) for v in gyro[i]] + [round(v * 4096) for v in accel[i]]
                    data += struct.pack("<6h", *(max(-32768, min(32767, v)) for v in values))
                else:
                    data += packed(*accel[i])
            scale = (4 << 13 | 2 << 10) if gyro else 0  # accelerometer 1/2^(8+4) g, gyroscope 8000/2^2
            body = struct.pack("<2sHHIII", b"AX", 508, 0x8000 | fraction >> 1, 77, sequence,
                               cwa_time(begins.replace(microsecond=0)))
            body += struct.pack("<HHBBBBhH", scale, 300, 0, 200, rate_code, 0x62 if gyro else 0x30,
                                offset, len(rows))
            out.write(cwa_sector(body + data + bytes(480 - len(data))))


def gt3x_record(kind, stamp, payload):
    """A log.bin record: separator, type, Unix time, size, payload, then the complement of the XOR
    of all those bytes."""
    record = struct.pack("<BBIH", 0x1E, kind, stamp, len(payload)) + payload
    check = 0
    for byte in record:
        check ^= byte
    return record + bytes([~check & 0xff])


def pack12(values):
    """12-bit two's-complement values, most significant nibble first, two nibbles a byte."""
    nibbles = []
    for v in values:
        u = max(-2048, min(2047, v)) & 0xfff
        nibbles += [u >> 8, (u >> 4) & 0xf, u & 0xf]
    nibbles += [0] * (len(nibbles) % 2)
    return bytes(nibbles[i] << 4 | nibbles[i + 1] for i in range(0, len(nibbles), 2))


def gt3x(source, target, rate, packed=False, asleep=(), older=False, location=""):
    """info.txt and log.bin in a zip archive: a METADATA record ("Bio", with the location's side
    and limb, "left ankle" as "Left" and "Ankle", as ActiLife sets them), then (a wGT3X-BT) PARAMETERS with
    ACCEL_SCALE 256 LSB/g and one ACTIVITY2 record a second, or (packed, a GT3X+) one 12-bit
    ACTIVITY record a second, Y X Z, at the 341 LSB/g its NEO serial number implies. Seconds in
    asleep are left out, as the device's idle sleep mode leaves them. older: a GT3X+ of firmware
    2.2.0, info.txt and activity.bin, every sample's Y X Z packed one after the other."""
    rows, rate = samples(source), round(rate)
    scale = 341 if packed or older else 256
    start = calendar.timegm(START.timetuple())
    if older:
        ticks = (start + 62135596800) * 10**7
        info = (f"Serial Number: NEO1A20110135\r\nFirmware: 2.2.0\r\nBattery Voltage: 4.06\r\n"
                f"Sample Rate: {rate}\r\nStart Date: {ticks}\r\nStop Date: 0\r\n"
                f"Download Date: {ticks + 36000 * 10**7}\r\nBoard Revision: 2\r\n"
                f"Subject Name: 7\r\n")
        counts = [round(v * scale) for x, y, z in rows for v in (y, x, z)]
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("info.txt", info)
            archive.writestr("activity.bin", pack12(counts))
            archive.writestr("lux.bin", b"\x00\x00" * (len(rows) // rate))
        return
    words = location.title().split()
    side, limb = (words[0], " ".join(words[1:])) if len(words) > 1 else ("", " ".join(words))
    bio = {"MetadataType": "Bio", "SubjectName": "7", "Race": "", "Limb": limb, "Side": side,
           "Dominance": ""}
    log = [gt3x_record(0x06, start, json.dumps(bio, separators=(",", ":")).encode())]
    if not packed:
        mantissa, exponent = math.frexp(float(scale))
        value = (exponent & 0xff) << 24 | (int(mantissa * (1 << 23)) & 0xffffff)
        log.append(gt3x_record(0x15, start, struct.pack("<HHI", 0, 55, value)))
    for second, first in enumerate(range(0, len(rows), rate)):
        if second in asleep:
            continue
        counts = [[round(v * scale) for v in row] for row in rows[first:first + rate]]
        if packed:
            payload = pack12([v for x, y, z in counts for v in (y, x, z)])
        else:
            # a wGT3X-BT's converter has 12 bits (+-8 g at 256 LSB/g): a shock beyond, clipped
            payload = b"".join(struct.pack("<3h", *(max(-2048, min(2047, v)) for v in c))
                               for c in counts)
        log.append(gt3x_record(0x00 if packed else 0x1A, start + second, payload))
    ticks = (start + 62135596800) * 10**7
    info = (f"Serial Number: {'NEO1C16110020' if packed else 'MOS2E22180349'}\nFirmware: 1.9.2\n"
            f"Battery Voltage: 4.10\nSample Rate: {rate}\nStart Date: {ticks}\nStop Date: 0\n"
            f"Download Date: {ticks + 36000 * 10**7}\nBoard Revision: 4\nSubject Name: 7\n")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("info.txt", info)
        archive.writestr("log.bin", b"".join(log))


def apdm(source, target, rate, label="Lumbar", drop=(), sternum_extra=0, accel_units=None):
    """The samples as an APDM lower-back sensor's (labelled `label`), beside a sternum sensor's
    (the same samples), in Mobility Lab's HDF5 layout (h5py: python3-h5py). Rows in drop are left
    out, with their time stamps, as samples a wireless sensor lost; the sternum sensor keeps
    sternum_extra rows more (its last row repeated, timed on), as an unsynchronised export.
    accel_units, when given, is written as the Accelerometer datasets' Units attribute."""
    import h5py
    import numpy
    acc = numpy.array(samples(source)) * 9.80665
    gyro = samples(source, "gyr")
    gyro = numpy.radians(numpy.array(gyro)) if gyro else numpy.zeros_like(acc)
    start_us = calendar.timegm(START.timetuple()) * 10**6
    times = start_us + numpy.round(numpy.arange(len(acc)) * 1e6 / rate).astype(numpy.uint64)
    keep = numpy.ones(len(acc), bool)
    keep[list(drop)] = False
    with h5py.File(target, "w") as f:
        f.attrs["FileFormatVersion"] = 5
        f.create_group("Processed")
        for number, name, extra in ((1021, label, 0), (1187, "Sternum", sternum_extra)):
            more = numpy.arange(1, extra + 1)
            later = times[-1] + numpy.round(more * 1e6 / rate).astype(numpy.uint64)
            sensor = f.create_group(f"Sensors/{number}")
            for kind, rows in (("Accelerometer", acc), ("Gyroscope", gyro)):
                rows = numpy.concatenate([rows[keep], numpy.repeat(rows[-1:], extra, axis=0)])
                dataset = sensor.create_dataset(kind, data=rows.astype(numpy.float32))
                if kind == "Accelerometer" and accel_units is not None:
                    dataset.attrs["Units"] = numpy.bytes_(accel_units)
            sensor.create_dataset("Magnetometer", data=numpy.zeros((keep.sum(), 3), numpy.float32))
            sensor.create_dataset("Time", data=numpy.concatenate([times[keep], later]))
            configuration = sensor.create_group("Configuration")
            configuration.attrs["Label 0"] = numpy.bytes_(name)
            configuration.attrs["Sample Rate"] = numpy.uint16(round(rate))


GENEA_CALIBRATION = [(25548, -520), (25463, 1147), (25779, -1018)]  # gain, offset of x, y, z


def geneactiv_bin(source, target, rate, location):
    """The header (device, capabilities, configuration, subject, calibration, memory), then per
    page "Recorded Data", eight "Key:value" lines and 300 samples of 12 hex digits: x, y, z as
    12-bit two's complement of (g * gain + offset) / 100, then light and button (0)."""
    rows = samples(source)
    stamp = f"{START:%Y-%m-%d %H:%M:%S}:000"
    pages = (len(rows) + 299) // 300
    lines = ["Device Identity", "Device Unique Serial Code:012345", "Device Type:GENEActiv",
             "Device Model:1.1", "Device Firmware Version:Ver06.17 15June23",
             f"Calibration Date:{stamp}", "", "Device Capabilities", "Accelerometer Range:-8 to 8",
             "Accelerometer Resolution:0.0039", "Accelerometer Units:g",
             "Light Meter Range:0 to 5000", "Light Meter Resolution:5", "Light Meter Units:lux",
             "Temperature Sensor Range:0 to 60", "Temperature Sensor Resolution:0.25",
             "Temperature Sensor Units:deg. C", "", "Configuration Info",
             f"Measurement Frequency:{rate:g} Hz", "Measurement Period:168 Hours",
             f"Start Time:{stamp}", "Study Centre:", "Study Code:", "Investigator ID:",
             "Exercise Type:", "Config Operator ID:", f"Config Time:{stamp}", "Config Notes:", "",
             "Trial Info", "Extract Operator ID:", f"Extract Time:{stamp}", "Extract Notes:", "",
             "Subject Info", "Subject Code:7", "Date of Birth:", "Sex:", "Height:", "Weight:",
             "Handedness Code:", f"Device Location Code:{location}", "Subject Notes:", "", "",
             "Calibration Data"]
    for axis, (gain, offset) in zip("xyz", GENEA_CALIBRATION):
        lines += [f"{axis} gain:{gain}", f"{axis} offset:{offset}"]
    lines += ["Volts:300", "Lux:800", "", "Memory Status", f"Number of Pages:{pages}", ""]
    for page in range(pages):
        t = START + timedelta(seconds=page * 300 / rate)
        lines += ["Recorded Data", "Device Unique Serial Code:012345", f"Sequence Number:{page}",
                  f"Page Time:{t:%Y-%m-%d %H:%M:%S}:{t.microsecond // 1000:03d}", "Unassigned:",
                  "Temperature:26.1", "Battery voltage:4.1", "Device Status:Recording",
                  f"Measurement Frequency:{rate:.1f}"]
        digits = ""
        for row in rows[page * 300:(page + 1) * 300]:
            for v, (gain, offset) in zip(row, GENEA_CALIBRATION):
                raw = max(-2048, min(2047, round((v * gain + offset) / 100)))
                digits += f"{raw & 0xfff:03X}"
            digits += "000"
        lines.append(digits)
    with open(target, "w") as out:
        out.write("\r\n".join(lines) + "\r\n")


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


# Phone apps' and wearables' logs (since 0.27.0), from the same rows in g at RATE_HZ, timed from
# START: the layouts as those apps write them (none of their files was at hand).
G = 9.80665


def unix_s(t):
    return calendar.timegm(t.timetuple()) + t.microsecond / 1e6


def phyphox(rows, out, rate):
    """phyphox's CSV: time from the start, the axes in m/s^2 and their magnitude, names quoted."""
    out.write('"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)",'
              '"Acceleration z (m/s^2)","Absolute acceleration (m/s^2)"\n')
    for i, row in enumerate(rows):
        a = [v * G for v in row]
        out.write(f"{i / rate:.6f},{a[0]:.6f},{a[1]:.6f},{a[2]:.6f},"
                  f"{sum(v * v for v in a) ** 0.5:.6f}\n")


def sensor_logger(rows, out, rate):
    """Sensor Logger's TotalAcceleration.csv: ns from 1970, seconds elapsed, then z, y, x in m/s^2."""
    out.write("time,seconds_elapsed,z,y,x\n")
    for i, (x, y, z) in enumerate(rows):
        ns = round(unix_s(START) * 1e9) + round(i / rate * 1e9)
        out.write(f"{ns},{i / rate:.6f},{z * G:.6f},{y * G:.6f},{x * G:.6f}\n")


def metawear(rows, out, rate):
    """MetaWear's CSV: ms from 1970, the same as a date and time written with dots, seconds
    elapsed, then the axes in g."""
    out.write("epoch (ms),time (+00:00),elapsed (s),x-axis (g),y-axis (g),z-axis (g)\n")
    for i, (x, y, z) in enumerate(rows):
        t = START + timedelta(seconds=i / rate)
        out.write(f"{round(unix_s(t) * 1000)},{t:%Y-%m-%dT%H.%M.%S}.{t.microsecond // 1000:03d},"
                  f"{i / rate:.3f},{x:.4f},{y:.4f},{z:.4f}\n")


def polar(rows, out, rate):
    """Polar Sensor Logger's accelerometer: semicolons, the phone's clock, the sensor's time stamp
    in ns (from 2000), then the axes in mg."""
    out.write("Phone timestamp;sensor timestamp [ns];X [mg];Y [mg];Z [mg]\n")
    for i, (x, y, z) in enumerate(rows):
        t = START + timedelta(seconds=i / rate)
        out.write(f"{t:%Y-%m-%dT%H:%M:%S}.{t.microsecond // 1000:03d};"
                  f"{690000000000000000 + round(i / rate * 1e9)};"
                  f"{round(x * 1000)};{round(y * 1000)};{round(z * 1000)}\n")


LOGS = {"phyphox": phyphox, "sensor-logger": sensor_logger, "metawear": metawear, "polar": polar}


def main():
    global START
    kind, source, target, rate = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    if len(sys.argv) > 6:
        START = datetime.fromisoformat(sys.argv[6])
    if kind == "omconvert":
        omconvert(source, target, rate)
        return
    if kind == "cwa":  # LOCATION[,RANGE_G]
        location, _, range_g = (sys.argv[5] if len(sys.argv) > 5 else "lower back").partition(",")
        cwa(source, target, rate, location, int(range_g or 8))
        return
    if kind == "apdm":
        apdm(source, target, rate, sys.argv[5] if len(sys.argv) > 5 else "Lumbar")
        return
    if kind == "geneactiv-bin":
        geneactiv_bin(source, target, rate, sys.argv[5] if len(sys.argv) > 5 else "waist")
        return
    if kind == "gt3x":
        option = sys.argv[5] if len(sys.argv) > 5 else ""
        gt3x(source, target, rate, option == "packed", older=option == "older",
             location="" if option in ("packed", "older") else option)
        return
    rows = samples(source)
    with open(target, "w") as out:
        if kind in LOGS:
            LOGS[kind](rows, out, rate)
        elif kind == "actigraph":
            actigraph(rows, out, rate, sys.argv[5] if len(sys.argv) > 5 else "M/d/yyyy")
        else:
            geneactiv(rows, out, rate, sys.argv[5] if len(sys.argv) > 5 else "waist")


if __name__ == "__main__":
    main()
