#!/usr/bin/python3
"""Writes a validation recording with samples dropped as a logger drops them (a Bluetooth packet
lost, a phone busy elsewhere): cells emptied in runs of 1 to 5 samples of one channel at a time,
at random places, until SHARE of the data cells are empty. gaitbatch bridges such runs
(--bridge-gap), so the events should come out as from the whole recording.

usage: drop_samples.py [--rows] HEADER_ROWS FIRST_DATA_COLUMN SHARE SEED IN.csv OUT.csv [RUN_MIN RUN_MAX]
--rows empties every data cell of the rows a run takes (a logger that loses whole samples).
HEADER_ROWS lines are copied as they are; columns before FIRST_DATA_COLUMN (a sample index, the
time) are never emptied. RUN_MIN and RUN_MAX bound the runs (default 1 and 5 samples). Prints the
cells emptied."""
import random
import sys


def main():
    whole_rows = "--rows" in sys.argv
    if whole_rows:
        sys.argv.remove("--rows")
    header_rows, first, share, seed = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    lines = open(sys.argv[5]).read().splitlines()
    rows = [line.split(",") for line in lines[header_rows:]]
    columns = len(rows[0]) - first
    rng = random.Random(seed)
    run_min, run_max = (int(sys.argv[7]), int(sys.argv[8])) if len(sys.argv) > 8 else (1, 5)
    target = min(int(share * len(rows) * columns), len(rows) * columns)
    emptied = 0
    while emptied < target:
        row, column, run = rng.randrange(len(rows)), first + rng.randrange(columns), rng.randint(run_min, run_max)
        for r in range(row, min(row + run, len(rows))):
            for c in range(first, first + columns) if whole_rows else [column]:
                if rows[r][c] != "":
                    rows[r][c] = ""
                    emptied += 1
    open(sys.argv[6], "w").write("\n".join(lines[:header_rows] + [",".join(r) for r in rows]) + "\n")
    print(emptied)


if __name__ == "__main__":
    main()
