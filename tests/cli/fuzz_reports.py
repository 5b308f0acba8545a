#!/usr/bin/python3
"""Mutation test of damaged reports: a report changed on disk (1 to 20 bytes overwritten at
random) must give `show` a report or an error, and `merge` a team summary (its findings written,
or a warning naming it), never a crash, a hang or a temporary copy left behind. Run with the plain build: libhdf5 1.10's own decoder reads past its buffers on
some such files, which ASan reports but which does not fault (README, Known limits); what this
holds is gaitbatch's side, such as the check of a table's record type before HDF5 converts it.

usage: fuzz_reports.py GAITBATCH CASES [SEED]
The report is made afresh from a simulated recording (shoe IMUs and a lower back, so most tables
are in it). The same SEED gives the same cases for the same report. Damaged reports that
misbehave are kept under build/testdata/fuzz-reports-kept/. Exits 1 when any case misbehaves.
"""
import os
import random
import shutil
import subprocess
import sys

TIMEOUT_S = 60


def run(command):
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return "hang"
    if done.returncode < 0:
        return f"signal {-done.returncode}"
    if done.returncode not in (0, 1):
        return f"exit {done.returncode}: {done.stderr.decode(errors='replace')[-300:]}"
    # a report whose findings could not be written is counted, and the run says so in its status
    if "could not be written" in done.stderr.decode(errors="replace"):
        if done.returncode != 1 or b"damaged report whose findings could not be written" not in done.stdout:
            return f"a damaged report named but not counted (exit {done.returncode})"
        global damaged_named
        damaged_named += 1
    return None


damaged_named = 0


def main():
    gaitbatch = os.path.abspath(sys.argv[1])
    cases = int(sys.argv[2])
    random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    work = os.path.abspath("build/testdata/fuzz-reports")
    kept = os.path.abspath("build/testdata/fuzz-reports-kept")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    subprocess.run([gaitbatch, "simulate", "--sensor", "foot+sacrum", "--rate", "100",
                    "--duration", "20", "-o", os.path.join(work, "r.wav")],
                   check=True, capture_output=True)
    subprocess.run([gaitbatch, "analyze", os.path.join(work, "r.wav"), "-o",
                    os.path.join(work, "out"), "--quiet"], check=True, capture_output=True)
    source = os.path.join(work, "out", work.lstrip("/"), "r.h5")
    if not os.path.exists(source):
        source = next(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(work, "out"))
                      for f in fs if f == "r.h5")
    original = open(source, "rb").read()
    folder = os.path.join(work, "damaged")
    failures = 0
    for case in range(cases):
        data = bytearray(original)
        for _ in range(random.choice([1, 2, 5, 20])):
            data[random.randrange(len(data))] = random.randrange(256)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        damaged = os.path.join(folder, "r.h5")
        open(damaged, "wb").write(data)
        problem = run([gaitbatch, "show", damaged]) or run([gaitbatch, "merge", folder])
        left = [f for f in os.listdir(folder) if ".tmp-" in f]
        if not problem and left:
            problem = f"left behind: {', '.join(left)}"
        if problem:
            failures += 1
            os.makedirs(kept, exist_ok=True)
            shutil.copy(damaged, os.path.join(kept, f"case{case}.h5"))
            print(f"FAIL: case {case}: {problem}")
    print(f"fuzz (damaged reports): {cases} cases, seed {sys.argv[3] if len(sys.argv) > 3 else 1}: "
          f"{cases - failures} passed, {failures} failed ({damaged_named} named as damaged by merge)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
