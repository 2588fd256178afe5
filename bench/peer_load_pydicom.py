#!/usr/bin/python3
"""Peer for bench/load-series.mjs: load a CT series into a float32 HU volume with pydicom + numpy.

Prints one JSON line {"seconds": [...], "shape": [...], "sum": ...}. Timing is in-process (interpreter
start and imports excluded), warm page cache (one untimed run first), as in ../shared/bench-reference.md.
"""
import gc
import glob
import json
import os
import sys
import time

import numpy as np
import pydicom


def load(folder):
    files = [f for f in glob.glob(os.path.join(folder, "**", "*"), recursive=True) if os.path.isfile(f)]
    ds = [pydicom.dcmread(f) for f in files]
    normal = np.cross(np.array(ds[0].ImageOrientationPatient[:3], float), np.array(ds[0].ImageOrientationPatient[3:], float))
    ds.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, float))))
    vol = np.empty((len(ds), ds[0].Rows, ds[0].Columns), np.float32)
    for k, d in enumerate(ds):
        vol[k] = d.pixel_array.astype(np.float32) * float(d.RescaleSlope) + float(d.RescaleIntercept)
    return vol


def main():
    folder, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    load(folder)  # warm the page cache
    times = []
    for _ in range(runs):
        vol = None
        gc.collect()  # outside the timed region, as the Medlens side does
        t = time.perf_counter()
        vol = load(folder)
        times.append(time.perf_counter() - t)
    print(json.dumps({"seconds": times, "shape": list(vol.shape), "sum": float(vol.sum(dtype=np.float64))}))


if __name__ == "__main__":
    main()
