#!/usr/bin/python3
"""Anchor for bench/data/hdf5.ts (Debian's /usr/bin/python3, h5py + numpy + scipy).

  hdf5_anchor.py write FILE   writes the benchmark container (once): /run/states, 1e7 x 4 float64 (320 MB:
                              t-free signals), and /filler, float64 written in 128 MB blocks, so that the file is
                              2.2 GB (over the 2 GiB default memory budget: the budget must apply to what is read)
  hdf5_anchor.py FILE         h5py reads /run/states into numpy, then per column the statistics of the summary:
                              nanmean, nanstd(ddof=1), nanmin, nanmax, autocorrelation to lag 200 through numpy.fft,
                              scipy.signal.welch (Hann, nperseg 4096, 50% overlap). Prints one JSON line.
"""
import json
import resource
import sys
import time

import h5py
import numpy as np
import scipy.signal

ROWS = 10_000_000


def write(path):
    rng = np.random.default_rng(7)
    with h5py.File(path, 'w') as f:
        d = f.create_dataset('run/states', shape=(ROWS, 4), dtype='f8')
        block = 1_000_000
        walk = 0.0
        for a in range(0, ROWS, block):
            i = np.arange(a, a + block)
            t = i * 1e-3
            noise = rng.standard_normal((block, 2))
            steps = np.cumsum(rng.standard_normal(block)) * 0.01 + walk
            walk = steps[-1]
            d[a:a + block] = np.column_stack([np.sin(2 * np.pi * 5 * t) + 0.1 * noise[:, 0],
                                              np.cos(2 * np.pi * 0.3 * t), steps, noise[:, 1]])
        filler_rows = (2_200_000_000 - ROWS * 4 * 8) // 8
        fd = f.create_dataset('filler', shape=(filler_rows,), dtype='f8')
        chunk = 16_000_000
        buf = rng.standard_normal(chunk)
        for a in range(0, filler_rows, chunk):
            n = min(chunk, filler_rows - a)
            fd[a:a + n] = buf[:n]


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def anchor(path):
    max_lag = 200
    c0, t0 = cpu(), time.perf_counter()
    with h5py.File(path, 'r') as f:
        data = f['run/states'][...]
    t1, c1 = time.perf_counter(), cpu()
    check = 0.0
    for j in range(data.shape[1]):
        x = data[:, j]
        mean, std, lo, hi = np.nanmean(x), np.nanstd(x, ddof=1), np.nanmin(x), np.nanmax(x)
        c = np.where(np.isnan(x), 0.0, x - mean)
        m = 1 << int(np.ceil(np.log2(len(x) + max_lag)))
        fx = np.fft.rfft(c, m)
        acf = np.fft.irfft(fx * np.conj(fx), m)[: max_lag + 1]
        acf /= acf[0]
        _, p = scipy.signal.welch(x, fs=1.0, window='hann', nperseg=4096, noverlap=2048, scaling='density')
        check += mean + std + lo + hi + acf[max_lag] + p.sum()
    t2, c2 = time.perf_counter(), cpu()
    print(json.dumps({'loadSeconds': t1 - t0, 'computeSeconds': t2 - t1, 'loadCpuSeconds': c1 - c0,
                      'computeCpuSeconds': c2 - c1,
                      'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      'rows': data.shape[0], 'columns': data.shape[1], 'checksum': check}))


if __name__ == '__main__':
    if sys.argv[1] == 'write':
        write(sys.argv[2])
    else:
        anchor(sys.argv[1])
