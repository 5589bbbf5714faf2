#!/usr/bin/python3
"""Anchors for bench/stability/*.ts, run with Debian's python (numpy, scipy). Prints one JSON object.

usage: anchor.py lorenz            -> numpy Benettin (RK4 dt=0.01, T=1000 after 100, QR every 0.5) and scipy
                                      solve_ivp(RK45, rtol=1e-8, atol=1e-10) of the Lorenz orbit over T=1100
       anchor.py rosenstein FILE DIM LAG THEILER HORIZON STRIDE
                                   -> Rosenstein divergence curve with scipy.spatial.cKDTree neighbours on a
                                      one-column text file (same embedding parameters as ours), fit over [a, b]
"""
import json, sys, time
import numpy as np

def lorenz_f(u, s=10.0, r=28.0, b=8.0 / 3.0):
    x, y, z = u
    return np.array([s * (y - x), x * (r - z) - y, x * y - b * z])

def lorenz_jac(u, s=10.0, r=28.0, b=8.0 / 3.0):
    x, y, z = u
    return np.array([[-s, s, 0.0], [r - z, -1.0, -x], [y, x, -b]])

def benettin_numpy(T=1000.0, trans=100.0, dt=0.01, every=50):
    u = np.array([1.0, 1.0, 1.0])
    for _ in range(int(trans / dt)):
        k1 = lorenz_f(u); k2 = lorenz_f(u + dt / 2 * k1); k3 = lorenz_f(u + dt / 2 * k2); k4 = lorenz_f(u + dt * k3)
        u = u + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    Q = np.eye(3)
    sums = np.zeros(3)
    def F(u, Q):
        return lorenz_f(u), lorenz_jac(u) @ Q
    n = int(T / dt)
    for i in range(1, n + 1):
        a1, b1 = F(u, Q); a2, b2 = F(u + dt / 2 * a1, Q + dt / 2 * b1)
        a3, b3 = F(u + dt / 2 * a2, Q + dt / 2 * b2); a4, b4 = F(u + dt * a3, Q + dt * b3)
        u = u + dt / 6 * (a1 + 2 * a2 + 2 * a3 + a4)
        Q = Q + dt / 6 * (b1 + 2 * b2 + 2 * b3 + b4)
        if i % every == 0:
            Q, R = np.linalg.qr(Q)
            d = np.diag(R)
            sums += np.log(np.abs(d))
            Q = Q * np.sign(d)
    return (sums / T).tolist()

def main():
    what = sys.argv[1]
    if what == 'lorenz':
        from scipy.integrate import solve_ivp
        t0 = time.perf_counter()
        ex = benettin_numpy()
        t1 = time.perf_counter()
        sol = solve_ivp(lambda t, u: lorenz_f(u), [0, 1100], [1.0, 1.0, 1.0], method='RK45', rtol=1e-8, atol=1e-10)
        t2 = time.perf_counter()
        print(json.dumps({'benettinNumpy': {'exponents': ex, 'seconds': t1 - t0},
                          'solveIvpRK45': {'seconds': t2 - t1, 'steps': int(sol.t.size), 'nfev': int(sol.nfev)}}))
    elif what == 'rosenstein':
        from scipy.spatial import cKDTree
        path, dim, lag, w, K, stride = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
        x = np.loadtxt(path)
        t0 = time.perf_counter()
        M = len(x) - (dim - 1) * lag
        X = np.stack([x[i * lag:i * lag + M] for i in range(dim)], axis=1)
        usable = M - K
        tree = cKDTree(X[:usable])
        # enough neighbours that one lies outside the Theiler window (trajectory neighbours come first)
        k = 2 * w + 3
        refs = np.arange(0, usable, stride)
        i_list, j_list = [], []
        for c in range(0, refs.size, 2000):
            r = refs[c:c + 2000]
            dist, idx = tree.query(X[r], k=k)
            ok = np.abs(idx - r[:, None]) > w
            first = np.argmax(ok, axis=1)
            has = ok[np.arange(r.size), first]
            i_list.append(r[has]); j_list.append(idx[np.arange(r.size), first][has])
        i0 = np.concatenate(i_list); j0 = np.concatenate(j_list)
        has = i0
        y = np.empty(K + 1)
        for kk in range(K + 1):
            d = np.linalg.norm(X[i0 + kk] - X[j0 + kk], axis=1)
            d = d[d > 0]
            y[kk] = np.mean(np.log(d))
        t1 = time.perf_counter()
        print(json.dumps({'seconds': t1 - t0, 'curve': y.tolist(), 'references': int(has.size)}))

main()
