#!/usr/bin/python3
"""Anchor for bench/data/summary.ts: the same work with numpy/scipy (Debian's /usr/bin/python3).

Loads the CSV with numpy.loadtxt (numpy >= 1.23 parses in C; genfromtxt is pure Python and much slower; pandas is
not installed here), then per column: nanmean, nanstd(ddof=1), nanmin, nanmax, the autocorrelation to lag 200
through numpy.fft (zero padding to a power of two >= n + 200), and scipy.signal.welch (Hann, nperseg 4096, 50%
overlap, density). Prints one JSON line: load and compute seconds (wall and CPU), peak RSS, and a checksum of the results.
"""
import json
import resource
import sys
import time

import numpy as np
import scipy.signal

path = sys.argv[1]
max_lag = 200
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


c0 = cpu()
t0 = time.perf_counter()
data = np.loadtxt(path, delimiter=',', skiprows=1)
t1 = time.perf_counter()
c1 = cpu()
t = data[:, 0]
dt = (t[-1] - t[0]) / (len(t) - 1)
steps = np.diff(t)
assert np.all(np.abs(steps - dt) <= 1e-6 * dt)
check = 0.0
for j in range(1, data.shape[1]):
    x = data[:, j]
    mean = np.nanmean(x)
    std = np.nanstd(x, ddof=1)
    lo = np.nanmin(x)
    hi = np.nanmax(x)
    c = np.where(np.isnan(x), 0.0, x - mean)
    m = 1 << int(np.ceil(np.log2(len(x) + max_lag)))
    f = np.fft.rfft(c, m)
    acf = np.fft.irfft(f * np.conj(f), m)[: max_lag + 1]
    acf /= acf[0]
    _, p = scipy.signal.welch(x, fs=1.0 / dt, window='hann', nperseg=4096, noverlap=2048, scaling='density')
    check += mean + std + lo + hi + acf[max_lag] + p.sum()
t2 = time.perf_counter()
c2 = cpu()
print(json.dumps({'loadSeconds': t1 - t0, 'computeSeconds': t2 - t1, 'loadCpuSeconds': c1 - c0, 'computeCpuSeconds': c2 - c1, 'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  'checksum': check, 'rows': data.shape[0], 'columns': data.shape[1]}))
