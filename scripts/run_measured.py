#!/usr/bin/python3
"""Run a command N times; print the best wall time (s) and the largest peak RSS (KiB) of its runs.

usage: run_measured.py N [--fresh DIR] COMMAND...
--fresh DIR removes DIR before each run, so each run writes new reports (as for new recordings)
rather than replacing the last run's.
"""
import resource
import shutil
import subprocess
import sys
import time


def main():
    runs = int(sys.argv[1])
    command = sys.argv[2:]
    fresh = None
    if command[:1] == ["--fresh"]:
        fresh, command = command[1], command[2:]
    best = float("inf")
    peak = 0
    for _ in range(runs):
        if fresh:
            shutil.rmtree(fresh, ignore_errors=True)
        start = time.perf_counter()
        # each run in a fresh child so ru_maxrss of the waited child is this run's own peak
        pid = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).pid
        _, status, usage = os_wait4(pid)
        elapsed = time.perf_counter() - start
        if status != 0:
            sys.exit(f"run_measured: {' '.join(command)} failed ({status})")
        best = min(best, elapsed)
        peak = max(peak, usage.ru_maxrss)
    print(f"{best:.4f} {peak}")


def os_wait4(pid):
    import os
    _, status, usage = os.wait4(pid, 0)
    return pid, os.waitstatus_to_exitcode(status), usage


if __name__ == "__main__":
    main()
