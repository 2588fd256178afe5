#!/usr/bin/python3
"""scipy.ndimage peer of bench/kernels-filters.mjs: times gaussian_filter(σ=1 voxel) and
median_filter(size=3) on a raw float32 volume (only the filter call is timed). Prints one JSON line.
Usage: peer_filters_scipy.py RAW NZ NY NX RUNS MEDIAN_RUNS
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy import ndimage as ndi

raw, nz, ny, nx, runs, median_runs = sys.argv[1], *map(int, sys.argv[2:7])
x = np.fromfile(raw, dtype='<f4').reshape(nz, ny, nx)
result = {'scipy': scipy.__version__, 'gaussian': [], 'median': []}
for _ in range(runs):
    t = time.perf_counter()
    g = ndi.gaussian_filter(x, sigma=1.0)
    result['gaussian'].append(time.perf_counter() - t)
result['gaussianSum'] = float(g.sum(dtype=np.float64))
del g
for _ in range(median_runs):
    t = time.perf_counter()
    m = ndi.median_filter(x, size=3)
    result['median'].append(time.perf_counter() - t)
result['medianSum'] = float(m.sum(dtype=np.float64))
print(json.dumps(result))
