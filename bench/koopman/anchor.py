#!/usr/bin/python3
"""numpy anchors for bench/koopman/*.ts. Reads float64 matrices written by the TS bench (column-major .bin files),
runs the same computation with numpy/LAPACK, prints one JSON line: {"task":..., "seconds":..., "maxrssMB":...}.
Run by the TS benchmarks with Debian's /usr/bin/python3 and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset."""
import json, resource, sys, time
import numpy as np


def load(path, m, n):
    return np.fromfile(path, dtype=np.float64).reshape((n, m)).T  # column-major on disk


def best_of(fn, reps):
    times = []
    out = None
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main():
    task = sys.argv[1]
    reps = int(sys.argv[2])
    extra = {}
    if task == 'svd':
        m, n = int(sys.argv[3]), int(sys.argv[4])
        a = load(sys.argv[5], m, n)
        sec, s = best_of(lambda: np.linalg.svd(a, full_matrices=False)[1], reps)
        extra['s0'] = float(s[0]); extra['slast'] = float(s[-1])
    elif task == 'qr':
        m, n = int(sys.argv[3]), int(sys.argv[4])
        a = load(sys.argv[5], m, n)
        sec, _ = best_of(lambda: np.linalg.qr(a, mode='r'), reps)
    elif task == 'eig':
        n = int(sys.argv[3])
        a = load(sys.argv[4], n, n)
        sec, w = best_of(lambda: np.linalg.eig(a), reps)
    elif task == 'dmd':
        # exact DMD (Tu et al. 2014) of snapshots n x T, rank r
        n, T, r = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        d = load(sys.argv[6], n, T)
        def dmd():
            X, Y = d[:, :-1], d[:, 1:]
            U, s, Vh = np.linalg.svd(X, full_matrices=False)
            U, s, V = U[:, :r], s[:r], Vh[:r].conj().T
            At = U.T @ Y @ V / s
            lam, W = np.linalg.eig(At)
            Phi = (Y @ V / s) @ W
            return lam
        sec, lam = best_of(dmd, reps)
        extra['lam0'] = float(np.max(np.abs(lam)))
    elif task == 'edmd':
        # QR-based EDMD with ResDMD residuals of all eigenpairs (Colbrook & Townsend QR form)
        M, m = int(sys.argv[3]), int(sys.argv[4])
        px = load(sys.argv[5], M, m); py = load(sys.argv[6], M, m)
        def edmd():
            Q, R = np.linalg.qr(px)
            C1 = Q.T @ py
            K = np.linalg.solve(R, C1)
            lam, V = np.linalg.eig(K)
            E = py - Q @ C1
            R2 = np.linalg.qr(E, mode='r')
            res = np.sqrt(np.linalg.norm((C1 @ V) - (R @ V) * lam, axis=0) ** 2 + np.linalg.norm(R2 @ V, axis=0) ** 2) / np.linalg.norm(R @ V, axis=0)
            return lam, res
        sec, (lam, res) = best_of(edmd, reps)
        extra['medianResidual'] = float(np.median(res))
    elif task == 'pseudo':
        # sigma_min([A - zI; D]) per grid point by LAPACK SVD (complex), on nx x ny points
        r, rd, nx, ny = (int(x) for x in sys.argv[3:7])
        A = load(sys.argv[7], r, r); D = load(sys.argv[8], rd, r)
        xs = np.linspace(-1.2, 1.2, nx); ys = np.linspace(-1.2, 1.2, ny)
        def ps():
            out = np.empty((ny, nx))
            for iy, y in enumerate(ys):
                for ix, x in enumerate(xs):
                    S = np.vstack([A - (x + 1j * y) * np.eye(r), D])
                    out[iy, ix] = np.linalg.svd(S, compute_uv=False)[-1]
            return out
        sec, tau = best_of(ps, reps)
        extra['tauMin'] = float(tau.min())
    else:
        raise SystemExit('unknown task ' + task)
    print(json.dumps({'task': task, 'seconds': sec, 'maxrssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **extra}))


main()
