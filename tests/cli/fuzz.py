#!/usr/bin/python3
"""Mutation test of bad input: damaged recordings and channel maps must give an error and a
status, never a crash, a hang, a sanitizer report or a half-written report.

usage: fuzz.py GAITBATCH CASES [SEED]
Simulated recordings of every reader (CSV, WFDB, float WAV, FLAC, an omconvert-style WAV,
Axivity .cwa files, ActiGraph .gt3x files, GENEActiv .bin files, a .bin and a .cwa worn at the
ankle (tibial accelerometers, their clipped rows read at the limit), ActiGraph and GENEActiv CSV exports, a CSV with date-time stamps, MetaWear's and Sensor Logger's logs, a Mobilise-D-style CSV without a
map, a gzip-compressed CSV, .cwa and .bin file: the stream or what it holds) are damaged at random: cells replaced by NaN, huge, empty or
non-numeric values; rows dropped, repeated, cut or made very long; header bytes overwritten; files
truncated; map values replaced by values of the wrong type or range, or removed. Each damaged
set is given to `analyze` (and the recording to `inspect`). One case in five damages a team's
athlete log, manifest or rules file instead. The same SEED gives the same cases. Damaged inputs
that fail are kept under build/testdata/fuzz-kept/ with the reason, to be replayed by hand.
Exits 1 when any case misbehaves.
"""
import csv
import gzip
import io
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import device_csv  # noqa: E402

TIMEOUT_S = 120  # a hang, not a slow case: the largest input here takes well under 1 s

CELLS = ["nan", "NaN", "inf", "-inf", "1e308", "-1e308", "", "abc", "0x10", "1e-320", "-0", "1,2",
         "99999999999999999999", "\t", "#", "-", ".", "1e", "0", "-1", "2147483648", "9e18"]
JSON_VALUES = [-1, 0, 1e308, -1e308, "x", None, [], {}, True, 1e-300, 2**40, -2**31, "", "left",
               "g", "m/s2", "deg/s", "sacrum", 0.0001, 7, 1000000]


def make_seeds(gaitbatch, where):
    """Small recordings of each reader and sensor kind, with their channel maps."""
    os.makedirs(where, exist_ok=True)
    sims = [("insole.csv", []), ("insole.hea", []), ("insole.flac", []),
            ("sacrum.wav", ["--sensor", "sacrum", "--rate", "100"]),
            ("shank.csv", ["--sensor", "shank", "--rate", "200", "--duration", "10"]),
            ("foot.wav", ["--sensor", "foot", "--rate", "200", "--duration", "10"]),
            ("legs.wav", ["--sensor", "foot+sacrum", "--rate", "200", "--duration", "10"]),
            ("three.csv", ["--sensor", "insole+shank+sacrum", "--rate", "200", "--duration", "10"]),
            ("body.csv", ["--sensor", "foot+shank+sacrum", "--rate", "200", "--duration", "10"]),
            ("four.wav", ["--sensor", "insole+foot+shank+sacrum", "--rate", "200", "--duration", "10"]),
            ("back.csv", ["--sensor", "sacrum-acc", "--walk", "--rate", "50"])]
    for name, extra in sims:
        subprocess.run([gaitbatch, "simulate", "-o", os.path.join(where, name), "--duration", "20",
                        "--seed", "5"] + extra, check=True, stdout=subprocess.DEVNULL)
    device_csv.omconvert(os.path.join(where, "back.csv"), os.path.join(where, "axivity.wav"), 50,
                         older=True)
    subprocess.run([gaitbatch, "simulate", "-o", os.path.join(where, "back6.csv"), "--duration",
                    "20", "--seed", "5", "--sensor", "sacrum", "--walk", "--rate", "100"],
                   check=True, stdout=subprocess.DEVNULL)
    device_csv.omconvert(os.path.join(where, "back6.csv"), os.path.join(where, "ax6.wav"), 100)
    device_csv.cwa(os.path.join(where, "back.csv"), os.path.join(where, "ax3.cwa"), 50, "waist")
    device_csv.cwa(os.path.join(where, "back6.csv"), os.path.join(where, "ax6.cwa"), 100, "back")
    device_csv.gt3x(os.path.join(where, "back.csv"), os.path.join(where, "bt.gt3x"), 50,
                    asleep=range(5, 8))
    device_csv.gt3x(os.path.join(where, "back.csv"), os.path.join(where, "plus.gt3x"), 50, packed=True)
    device_csv.gt3x(os.path.join(where, "back.csv"), os.path.join(where, "older.gt3x"), 50, older=True)
    device_csv.apdm(os.path.join(where, "back.csv"), os.path.join(where, "apdm.h5"), 50)
    device_csv.geneactiv_bin(os.path.join(where, "back.csv"), os.path.join(where, "genea.bin"), 50,
                             "waist")
    # a left shank's accelerometer at 100 Hz as device files worn at the ankle: tibial
    # accelerometers, whose rows clipped at +-8 g are read at the limit (since 0.20.0)
    write_ankle_csv(os.path.join(where, "shank.csv"), os.path.join(where, "ankle.csv"))
    device_csv.geneactiv_bin(os.path.join(where, "ankle.csv"), os.path.join(where, "ankle.bin"), 100,
                             "left ankle")
    device_csv.cwa(os.path.join(where, "ankle.csv"), os.path.join(where, "ankle.cwa"), 100,
                   "left ankle")
    write_mobilise_csv(os.path.join(where, "back.csv"), os.path.join(where, "mobilised.csv"))
    write_stamped_csv(os.path.join(where, "back.csv"), os.path.join(where, "stamped.csv"))
    # phone and wearable logs (since 0.27.0): MetaWear's CSV, a column of dates and times beside
    # its ms from 1970; Sensor Logger's ns from 1970 with bare axis names; each with the map
    # inspect drafts for it, as a user saves it
    logs = device_csv.samples(os.path.join(where, "back.csv"))
    for log, kind in (("metawear_Accelerometer", "metawear"), ("TotalAcceleration", "sensor-logger")):
        with open(os.path.join(where, log + ".csv"), "w") as out:
            device_csv.LOGS[kind](logs, out, 50)
        drafted = subprocess.run([gaitbatch, "inspect", os.path.join(where, log + ".csv")],
                                 capture_output=True, text=True).stdout
        with open(os.path.join(where, log + ".json"), "w") as out:
            out.write(drafted[drafted.index("{"):])
    shutil.copy(os.path.join(where, "back.json"), os.path.join(where, "stamped.json"))
    shutil.copy(os.path.join(where, "body.csv"), os.path.join(where, "bodyraw.csv"))
    rows = device_csv.samples(os.path.join(where, "back.csv"))
    with open(os.path.join(where, "actigraph.csv"), "w") as out:
        device_csv.actigraph(rows, out, 50, "dd.MM.yyyy")
    with open(os.path.join(where, "geneactiv.csv"), "w") as out:
        device_csv.geneactiv(rows, out, 50, "waist")
    # compressed as they are (since 0.18.0): text read through zlib, and a .cwa.gz measured in a
    # first pass
    for plain, packed in (("back.csv", "packed.csv.gz"), ("ax3.cwa", "packed.cwa.gz"),
                          ("genea.bin", "packed.bin.gz")):
        data = open(os.path.join(where, plain), "rb").read()
        open(os.path.join(where, packed), "wb").write(gzip.compress(data, mtime=0))
    shutil.copy(os.path.join(where, "back.json"), os.path.join(where, "packed.json"))
    make_team(gaitbatch, os.path.join(where, "team"))
    cases = []
    for name, _ in sims:
        stem = os.path.splitext(name)[0]
        companions = [stem + ".json"] + ([stem + ".dat"] if name.endswith(".hea") else [])
        cases.append((name, companions))
    cases.append(("axivity.wav", []))  # describes itself: no map
    cases.append(("ax6.wav", []))  # and omconvert's AX6 layout, gyroscope and all
    cases.append(("ax3.cwa", []))  # the Axivity's own files: packed sectors
    cases.append(("ax6.cwa", []))  # and six-axis ones
    cases.append(("bt.gt3x", []))  # ActiGraph's own files: 16-bit records, idle sleep
    cases.append(("plus.gt3x", []))  # and 12-bit ones
    cases.append(("older.gt3x", []))  # and the older layout's activity.bin
    cases.append(("genea.bin", []))  # a GENEActiv's own text pages
    cases.append(("apdm.h5", []))  # an APDM Opal's HDF5 export
    cases.append(("ankle.bin", []))  # tibial accelerometers: a GENEActiv and an AX3 at the ankle
    cases.append(("ankle.cwa", []))
    cases.append(("stamped.csv", ["stamped.json"]))
    cases.append(("metawear_Accelerometer.csv", ["metawear_Accelerometer.json"]))
    cases.append(("TotalAcceleration.csv", ["TotalAcceleration.json"]))
    cases.append(("actigraph.csv", []))  # these describe themselves
    cases.append(("geneactiv.csv", []))
    cases.append(("mobilised.csv", []))  # no map: the template is made from the column names
    cases.append(("bodyraw.csv", []))  # and for a full-body set's 30 columns
    cases.append(("insole.hea", ["insole.dat"]))  # WFDB signal descriptions instead of a map
    cases.append(("packed.csv.gz", ["packed.json"]))
    cases.append(("packed.cwa.gz", []))
    cases.append(("packed.bin.gz", []))
    return cases


def write_ankle_csv(shank_csv, out_path):
    """The simulator's left shank accelerometer (200 Hz) as time_s, acc_x, acc_y, acc_z at 100 Hz."""
    table = csv.reader(r for r in open(shank_csv) if not r.startswith("#"))
    names = next(table)
    columns = [names.index("time_s")] + [names.index(f"left_shank_acc_{a}") for a in "xyz"]
    with open(out_path, "w") as out:
        out.write("time_s,acc_x,acc_y,acc_z\n")
        for k, row in enumerate(table):
            if k % 2 == 0:
                out.write(",".join(row[c] for c in columns) + "\n")


SIDE_FILES = ["team/ida/athlete-log.csv", "manifest.csv", "rules.json"]


def make_team(gaitbatch, where):
    """One athlete's two sessions with the files read beside recordings: her daily log, a manifest
    and a findings rules file."""
    os.makedirs(os.path.join(where, "team/ida"), exist_ok=True)
    for day in ("12", "19"):
        subprocess.run([gaitbatch, "simulate", "-o", os.path.join(where, f"team/ida/2026-11-{day}_run.flac"),
                        "--duration", "20", "--seed", day, "--athlete", "ida",
                        "--session", f"2026-11-{day}T07:30:00"], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(where, "team/ida/athlete-log.csv"), "w") as log:
        log.write("date,sleep_h,fluid_l,cramps\n")
        for day in range(5, 20):
            log.write(f"2026-11-{day:02d},{5 + day % 3},1.{day % 5},{day % 2}\n")
    with open(os.path.join(where, "manifest.csv"), "w") as manifest:
        manifest.write("path,athlete,session\n")
        for day in ("12", "19"):
            manifest.write(f"team/ida/2026-11-{day}_run.flac,ida,2026-11-{day}T07:30:00\n")
    rules = {"rules": [
        {"id": "pushoff-asymmetry", "cause": "calf_strength", "feature": "pushoff_asymmetry_pct",
         "worse": "higher", "reference": "normative", "thresholds": [6.6, 10, 15],
         "citation": "Girard et al. 2019", "words": "one leg pushes off with less impulse"},
        {"id": "short-sleep", "cause": "hydration_electrolytes_sleep", "feature": "sleep_hours",
         "worse": "lower", "reference": "normative", "thresholds": [7, 6, 5],
         "citation": "test", "words": "short sleep"}]}
    with open(os.path.join(where, "rules.json"), "w") as f:
        json.dump(rules, f)


def side_case(rng, gaitbatch, seeds, case):
    """The team with one of the files read beside recordings damaged; returns the analyze command
    and what was damaged."""
    shutil.copytree(os.path.join(seeds, "team"), case + "/in", dirs_exist_ok=True)
    damaged = rng.choice(SIDE_FILES)
    data = open(os.path.join(seeds, "team", damaged), "rb").read()
    open(os.path.join(case, "in", damaged), "wb").write(damage(rng, damaged, data))
    args = ["analyze", "team", "-o", case + "/out", "--quiet"]
    if damaged == "manifest.csv" or rng.random() < 0.3:
        args += ["--manifest", "manifest.csv"]
    if damaged == "rules.json" or rng.random() < 0.3:
        args += ["--rules", "rules.json"]
    return [gaitbatch] + args, damaged


def write_mobilise_csv(csv_path, out_path):
    """Mobilise-D's layout: a sample index, then t_s, then the axes with their units in the names."""
    rows = [line.strip() for line in open(csv_path) if line[0].isdigit()]
    with open(out_path, "w") as out:
        out.write("sample,t_s,acc_x_g,acc_y_g,acc_z_g\n")
        for n, row in enumerate(rows):
            out.write(f"{n},{row}\n")


def write_stamped_csv(csv_path, out_path):
    """Axivity OMGUI's CSV layout: a date and time, then the axes, without a header; it starts a
    second before midnight."""
    rows = [line.strip().split(",") for line in open(csv_path) if line[0].isdigit()]
    with open(out_path, "w") as out:
        for row in rows:
            ms = round((float(row[0]) + 86399.0) * 1000)
            day, ms = 2 + ms // 86400000, ms % 86400000
            clock = f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"
            out.write(f"2026-01-{day:02d} {clock}," + ",".join(row[1:]) + "\n")


def damage_text(rng, data):
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(len(lines))
        op = rng.randrange(9)
        if op == 8:  # a logger's dropout: one column's cells emptied over a run of rows
            column, run = rng.randrange(1, 12), rng.choice([1, 2, 3, 7, 40, 400])
            for i in range(k, min(k + run, len(lines))):
                cells = lines[i].split(b",")
                if column < len(cells):
                    cells[column] = b""
                    lines[i] = b",".join(cells)
        elif op == 0:
            cells = re.split(rb"([,\t ])", lines[k])
            cells[rng.randrange(len(cells))] = rng.choice(CELLS).encode()
            lines[k] = b"".join(cells)
        elif op == 1:
            del lines[k]
        elif op == 2:
            lines.insert(k, lines[rng.randrange(len(lines))])
        elif op == 3:
            lines = lines[:k]
        elif op == 4:
            lines[k] = lines[k][: rng.randrange(len(lines[k]) + 1)]
        elif op == 5:
            lines.insert(k, b"7" * rng.choice([1, 100, 5000, 70000]))
        elif op == 6:
            lines[k] = lines[k].replace(b",", b",,", 1)
        elif lines[k]:
            b = bytearray(lines[k])
            b[rng.randrange(len(b))] = rng.randrange(256)
            lines[k] = bytes(b)
        if not lines:
            lines = [b""]
    return b"\n".join(lines)


def damage_binary(rng, data):
    b = bytearray(data)
    op = rng.randrange(4)
    if op == 0:  # the header
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(min(len(b), 128))] = rng.randrange(256)
    elif op == 1:  # anywhere
        for _ in range(rng.randint(1, 30)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif op == 2:
        b = b[: rng.randrange(len(b))]
    else:  # a size or count field made huge
        i = rng.randrange(min(len(b), 64))
        b[i:i + 4] = b"\xff\xff\xff\x7f"
    return bytes(b)


def damage_cwa(rng, data):
    """Half the time, a .cwa file's sectors with a field changed (time stamps, sequence numbers,
    scales, rate and layout codes, offsets, counts) and their checksums made good again, so that
    the reader takes them; else any binary damage."""
    if rng.random() < 0.5 or len(data) < 1024 + 512:
        return damage_binary(rng, data)
    b = bytearray(data)
    sectors = (len(b) - 1024) // 512
    for _ in range(rng.randint(1, 6)):
        at = 1024 + 512 * rng.randrange(sectors)
        field = at + rng.choice([4, 10, 12, 14, 16, 18, 24, 25, 26, 28])
        b[field:field + 2] = rng.choice([b"\xff\xff", b"\x00\x00", b"\x00\x80", b"\xff\x7f",
                                         bytes([rng.randrange(256), rng.randrange(256)])])
        b[at + 510:at + 512] = b"\0\0"
        total = sum(struct.unpack("<256H", bytes(b[at:at + 512]))) & 0xffff
        b[at + 510:at + 512] = struct.pack("<H", -total & 0xffff)
    return bytes(b)


def damage_gt3x(rng, data):
    """Half the time, a .gt3x whose log.bin has bytes changed inside the archive (its CRC made
    good again, so the records themselves are read: sizes, types, time stamps, samples), some
    records' checksums made good too; else any binary damage."""
    if rng.random() < 0.5:
        return damage_binary(rng, data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    if "activity.bin" in archive.namelist():  # the older layout: samples, a Start Date
        info, samples = archive.read("info.txt"), bytearray(archive.read("activity.bin"))
        for _ in range(rng.randint(0, 6)):
            samples[rng.randrange(len(samples))] = rng.randrange(256)
        if rng.random() < 0.5:
            samples = samples[:rng.randrange(len(samples) + 1)]
        if rng.random() < 0.4:
            info = re.sub(rb"Start Date: \d+", rng.choice([b"Start Date: 0", b"Start Date: -5",
                                                            b"Start Date: 9e30", b"Stop: 1"]), info)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("info.txt", info)
            z.writestr("activity.bin", bytes(samples))
        return out.getvalue()
    info, log = archive.read("info.txt"), bytearray(archive.read("log.bin"))
    starts = [i for i in range(len(log)) if log[i] == 0x1E]
    for _ in range(rng.randint(1, 6)):
        at = rng.choice(starts)
        log[at + rng.randrange(1, 12)] = rng.choice([0, 0xff, 0x7f, 0x80, rng.randrange(256)])
        size = struct.unpack_from("<H", log, at + 6)[0]
        if rng.random() < 0.7 and at + 8 + size < len(log):
            check = 0
            for byte in log[at:at + 8 + size]:
                check ^= byte
            log[at + 8 + size] = ~check & 0xff
    if rng.random() < 0.3:
        info = info.replace(b"Sample Rate: 50", rng.choice([b"Sample Rate: 0", b"Sample Rate: x",
                                                           b"Sample Rate: 1e9", b"Rate: 50"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("info.txt", info)
        z.writestr("log.bin", bytes(log))
    return out.getvalue()


def damage_json(rng, data):
    doc = json.loads(data)

    def places(node, path=()):
        yield path
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in items:
            yield from places(value, path + (key,))
    for _ in range(rng.randint(1, 3)):
        paths = [p for p in places(doc) if p]
        if not paths:
            break
        path = rng.choice(paths)
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if rng.random() < 0.25:
            del parent[path[-1]]
        else:
            parent[path[-1]] = rng.choice(JSON_VALUES)
    return json.dumps(doc).encode()


def damage(rng, name, data):
    if name.endswith(".gz"):  # half the time what it holds, else the compressed stream itself
        if rng.random() < 0.5:
            return gzip.compress(damage(rng, name[:-3], gzip.decompress(data)), mtime=0)
        return damage_binary(rng, data)
    if name.endswith(".json"):
        return damage_json(rng, data)
    if name.endswith((".csv", ".hea", ".bin")):
        return damage_text(rng, data)
    if name.endswith(".cwa"):
        return damage_cwa(rng, data)
    if name.endswith(".gt3x"):
        return damage_gt3x(rng, data)
    return damage_binary(rng, data)


# HDF5's own leak on a failed open of a damaged file (the file says why)
LSAN_SUPPRESSIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsan-hdf5.supp")


def run(cmd, cwd=None):
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1", UBSAN_OPTIONS="print_stacktrace=1",
               LSAN_OPTIONS=f"suppressions={LSAN_SUPPRESSIONS}:print_suppressions=0")
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, env=env, cwd=cwd)
        return p.returncode, p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return None, ""


def hdf5_asks_too_much(stderr):
    """ASan's abort on libhdf5's own request for terabytes, made as it decodes a damaged file's
    header (seed 78, case 2761: H5C_protect, for a damaged APDM file): in the plain build malloc
    returns NULL there and HDF5 fails the read, which gaitbatch reports as a damaged file. A
    request gaitbatch itself makes is still a misbehaviour (it checks a count before sizing by it)."""
    if "allocation-size-too-big" not in stderr:
        return False
    frames = re.findall(r"#\d+ 0x[0-9a-f]+ in (\S+)", stderr)
    ours = [f for f in frames if not f.startswith("__interceptor_")]
    return bool(ours) and ours[0].startswith("H5")


def misbehaviour(command, status, stderr, out, stem):
    """What went wrong with one run, or None."""
    if status is None:
        return f"no answer within {TIMEOUT_S} s"
    if status < 0 or status > 3:
        return f"exit status {status}"
    if ("Sanitizer" in stderr or "runtime error" in stderr) and not hdf5_asks_too_much(stderr):
        return "sanitizer report"
    if command != "analyze":
        return None
    written = [f for _, _, files in os.walk(out) for f in files]
    if any(".tmp-" in f for f in written):
        return "a temporary file was left"
    report = stem + ".h5" in written
    if status != 0 and report:
        return "a report was written for a failed recording"
    if status == 0 and not report:
        return "status 0 without a report"
    return None


def main():
    gaitbatch, count = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(seed)
    work = os.path.abspath(f"build/testdata/fuzz-{os.getpid()}")
    kept_root = os.path.abspath("build/testdata/fuzz-kept")
    cases = make_seeds(gaitbatch, os.path.join(work, "seeds"))
    failed = set()
    for n in range(count):
        if rng.random() < 0.2:  # a daily log, manifest or rules file damaged instead
            case = os.path.join(work, "case")
            shutil.rmtree(case, ignore_errors=True)
            command, damaged = side_case(rng, gaitbatch, os.path.join(work, "seeds"), case)
            status, stderr = run(command, cwd=case + "/in")
            why = misbehaviour("analyze", status, stderr, case + "/out", "2026-11-19_run")
            if why:
                failed.add(n)
                kept = os.path.join(kept_root, f"{seed}-{n}")
                shutil.copytree(case + "/in", kept, dirs_exist_ok=True)
                open(os.path.join(kept, "WHY"), "w").write(f"{why}\n{' '.join(command)}\n{stderr}")
                print(f"FAIL: case {n}: damaged {damaged}: {why}; kept in {kept}")
            continue
        recording, companions = rng.choice(cases)
        files = [recording] + companions
        damaged = [f for f in files if rng.random() < 0.6] or [rng.choice(files)]
        case = os.path.join(work, "case")
        shutil.rmtree(case, ignore_errors=True)
        os.makedirs(case + "/in")
        for f in files:
            data = open(os.path.join(work, "seeds", f), "rb").read()
            if f in damaged:
                data = damage(rng, f, data)
            open(os.path.join(case, "in", f), "wb").write(data)
        stem = os.path.splitext(recording[:-3] if recording.endswith(".gz") else recording)[0]
        for command, args in (("analyze", [case + "/in", "-o", case + "/out", "--quiet"]),
                              ("inspect", [os.path.join(case, "in", recording)])):
            status, stderr = run([gaitbatch, command] + args)
            why = misbehaviour(command, status, stderr, case + "/out", stem)
            if why:
                failed.add(n)
                kept = os.path.join(kept_root, f"{seed}-{n}")
                shutil.copytree(case + "/in", kept, dirs_exist_ok=True)
                open(os.path.join(kept, "WHY"), "w").write(f"{why}\n{command} {recording}\n{stderr}")
                print(f"FAIL: case {n}: {command} {recording} (damaged {', '.join(damaged)}): {why}; "
                      f"kept in {kept}")
    shutil.rmtree(work, ignore_errors=True)
    print(f"fuzz ({os.path.basename(os.path.dirname(gaitbatch))}): {count} damaged inputs, "
          f"seed {seed}: {count - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
