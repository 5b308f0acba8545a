#!/usr/bin/python3
"""The README's promise that pandas and R read the report tables as they are: every H5TB table of a
few reports (insoles, a lower-back sensor, insoles with an IMU beside them, the team summary) is
read with h5py, with pandas.read_hdf (through PyTables) and with R's rhdf5 (tests/cli/readers.R),
and all give the same columns and values. Each skips cleanly without its reader
(scripts/install-deps.sh --test installs them).

usage: readers.py GAITBATCH
"""
import csv
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


def same_as_r(path, name, written):
    """The table as R wrote it (readers.R) against h5py's: numbers to 17 digits, strings as text."""
    with h5py.File(path, "r") as f:
        raw = f[name][:]
    rows = list(csv.DictReader(open(written)))
    if len(rows) != len(raw) or (rows and sorted(rows[0]) != sorted(raw.dtype.names)):
        return f"columns or rows differ ({len(rows)} against {len(raw)} rows)"
    for column in raw.dtype.names:
        a = raw[column]
        b = [r[column] for r in rows]
        if a.dtype.kind == "S":
            same = list(np.char.decode(a, "ascii")) == b
        else:
            b = np.array([float("nan") if x in ("NA", "NaN") else float(x) for x in b])
            same = np.array_equal(a.astype(float), b, equal_nan=True)
        if not same:
            return f"column {column} differs"
    return None


def read_with_r(reports):
    """Every table read by R into CSV files; None when R or rhdf5 is not installed."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "readers.R")
    if not shutil.which("Rscript") or subprocess.run(
            ["Rscript", "-e", "library(rhdf5)"], capture_output=True).returncode != 0:
        return None
    jobs = [(report, name, f"{report}.{name.replace('/', '.')}.R.csv")
            for report in reports for name in table_names(report)]
    subprocess.run(["Rscript", script] + [x for job in jobs for x in job], check=True,
                   capture_output=True)
    return jobs


def tally(results, reader):
    """(report, table, problem or None) triples: each problem printed; (passed, failed)."""
    for report, name, problem in results:
        if problem:
            print(f"FAIL: {reader}: {os.path.basename(report)} /{name}: {problem}")
    failed = sum(1 for *_, problem in results if problem)
    return len(results) - failed, failed


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
    passed, failed = tally([(report, name, same_table(report, name, pd))
                            for report in reports for name in table_names(report)], "pandas")
    r_jobs = read_with_r(reports)
    r_passed, r_failed = tally([(report, name, same_as_r(report, name, written))
                                for report, name, written in r_jobs or []], "R")
    failed += r_failed
    shutil.rmtree(work, ignore_errors=True)
    r_said = (f"{r_passed} by R's rhdf5" if r_jobs is not None
              else "R's rhdf5 not installed (scripts/install-deps.sh --test installs it): skipped")
    print(f"readers: {passed + r_passed} passed, {failed} failed (tables read alike by h5py and "
          f"pandas.read_hdf: {passed}; {r_said})")
    return 1 if failed or passed < 20 or (r_jobs is not None and r_passed < 20) else 0


if __name__ == "__main__":
    sys.exit(main())
