#!/usr/bin/python3
"""Exit 0 when two folders hold the same reports: same files, and in each the same /strides,
/segments and /summary tables and the same input checksum (creation times may differ)."""
import os
import sys

import h5py
import numpy as np


def reports(root):
    found = set()
    for folder, _, files in os.walk(root):
        for name in files:
            # hidden files are no reports (a shard's list of what it left: gaitbatch passes them over)
            if name.endswith(".h5") and not name.startswith(".") and not (folder == root and name == "team.h5"):
                found.add(os.path.relpath(os.path.join(folder, name), root))
    return found


def same(a, b):
    with h5py.File(a, "r") as x, h5py.File(b, "r") as y:
        if x.attrs["input_sha256"] != y.attrs["input_sha256"]:
            return False
        for table in ("strides", "segments", "summary/per_side", "summary/asymmetry"):
            p, q = x[table][:], y[table][:]
            if p.dtype != q.dtype or len(p) != len(q):
                return False
            for field in p.dtype.names:
                u, v = p[field], q[field]
                if u.dtype.kind == "f":
                    if not np.array_equal(u, v, equal_nan=True):
                        return False
                elif not np.array_equal(u, v):
                    return False
    return True


def main():
    left, right = sys.argv[1], sys.argv[2]
    a, b = reports(left), reports(right)
    if a != b:
        sys.exit(f"different report sets: only in {left}: {sorted(a - b)}, only in {right}: {sorted(b - a)}")
    for name in sorted(a):
        if not same(os.path.join(left, name), os.path.join(right, name)):
            sys.exit(f"{name} differs")
    print(f"{len(a)} reports identical")


if __name__ == "__main__":
    main()
