#!/usr/bin/python3
"""The README's promise that pandas reads the report tables as they are: every H5TB table of a few
reports (insoles, a lower-back sensor, insoles with an IMU beside them, the team summary) is read
with h5py and with pandas.read_hdf (through PyTables), and both give the same columns and values.
Skips cleanly without pandas or PyTables (scripts/install-deps.sh --test installs them).

usage: readers.py GAITBATCH
"""
import os
import shutil
import subprocess
import sys
import warnings

import h5py
import numpy as np


def table_names(path):
    found = []
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: found.append(name)
                     if isinstance(obj, h5py.Dataset) and obj.attrs.get("CLASS") == b"TABLE" else None)
    return found


def same_table(path, name, pd):
    with h5py.File(path, "r") as f:
        raw = f[name][:]
    frame = pd.read_hdf(path, name)
    # PyTables lists the columns in the order of their offsets in a row: compared by name
    if sorted(frame.columns) != sorted(raw.dtype.names) or len(frame) != len(raw):
        return f"columns or rows differ ({len(frame)} against {len(raw)} rows)"
    for column in raw.dtype.names:
        a, b = raw[column], frame[column].to_numpy()
        if a.dtype.kind == "S":
            a = np.char.decode(a, "ascii")
            b = np.array([x.decode("ascii") if isinstance(x, bytes) else x for x in b])
            if not np.array_equal(a, b):
                return f"column {column} differs"
        elif not np.array_equal(a, b, equal_nan=a.dtype.kind == "f"):
            return f"column {column} differs"
    return None


def main():
    try:
        warnings.simplefilter("ignore")
        import pandas as pd
        import tables  # noqa: F401  (pandas.read_hdf needs it)
    except ImportError:
        print("readers: pandas or PyTables not installed (scripts/install-deps.sh --test installs them): skipped")
        print("readers: 0 passed, 0 failed, 1 skipped")
        return 0
    gaitbatch = os.path.abspath(sys.argv[1])
    work = os.path.abspath(f"build/testdata/readers-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    run = lambda *args: subprocess.run([gaitbatch, *args], check=True, cwd=work,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run("simulate", "-o", "insoles.flac", "--duration", "90", "--zones", "4", "--seed", "5")
    run("simulate", "-o", "back.wav", "--sensor", "sacrum", "--duration", "90", "--lean", "3")
    run("simulate", "-o", "both.wav", "--sensor", "insole+shank", "--rate", "500", "--duration", "60")
    run("analyze", "insoles.flac", "back.wav", "both.wav", "-o", "out", "--quiet")
    reports = [os.path.join(work, "out", name)
               for name in ("insoles.h5", "back.h5", "both.h5", "team.h5")]
    passed = failed = 0
    for report in reports:
        for name in table_names(report):
            problem = same_table(report, name, pd)
            if problem:
                failed += 1
                print(f"FAIL: {os.path.basename(report)} /{name}: {problem}")
            else:
                passed += 1
    shutil.rmtree(work, ignore_errors=True)
    print(f"readers: {passed} passed, {failed} failed (tables read alike by h5py and pandas.read_hdf)")
    return 1 if failed or passed < 20 else 0


if __name__ == "__main__":
    sys.exit(main())
