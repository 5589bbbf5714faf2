#!/usr/bin/python3
"""Data for the accuracy benchmark (SRBench protocol, La Cava et al. 2021): for each Feynman formula, sample every
variable uniformly in its range (PMLB metadata in /work/shared/benchmarks/symbolic/feynman.csv), evaluate the truth,
add Gaussian noise with sigma = level * RMS(y). Writes <outdir>/<name>_<level>.csv (features..., target) and
<outdir>/problems.json (name, formula, variables, target, file).
Usage: /usr/bin/python3 bench/symbolic/srbench_data.py OUTDIR ROWS SEED LEVELS(comma) [NAMES(comma)|all]"""
import csv
import json
import sys
import numpy as np

out, rows, seed, levels = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), [float(v) for v in sys.argv[4].split(',')]
wanted = sys.argv[5] if len(sys.argv) > 5 else 'all'
NS = {'exp': np.exp, 'sqrt': np.sqrt, 'pi': np.pi, 'sin': np.sin, 'cos': np.cos, 'tan': np.tan, 'tanh': np.tanh,
      'arcsin': np.arcsin, 'arccos': np.arccos, 'arctan': np.arctan, 'ln': np.log, 'log': np.log}
problems = []
with open('/work/shared/benchmarks/symbolic/feynman.csv') as f:
    for r in csv.DictReader(f):
        if wanted != 'all' and r['pmlb_dataset'] not in wanted.split(','):
            continue
        n = int(r['n_vars'])
        names = [r[f'v{k}_name'] for k in range(1, n + 1)]
        lo = [float(r[f'v{k}_low']) for k in range(1, n + 1)]
        hi = [float(r[f'v{k}_high']) for k in range(1, n + 1)]
        rng = np.random.default_rng(seed)
        X = np.column_stack([rng.uniform(lo[k], hi[k], rows) for k in range(n)])
        env = dict(NS)
        env.update({names[k]: X[:, k] for k in range(n)})
        y = np.asarray(eval(r['formula'], {'__builtins__': {}}, env), dtype=float) * np.ones(rows)
        for level in levels:
            yn = y + (level * np.sqrt(np.mean(y ** 2)) * rng.standard_normal(rows) if level > 0 else 0)
            path = f"{out}/{r['pmlb_dataset']}_{level}.csv"
            target = 'target_' if r['output'] in names else r['output']
            with open(path, 'w') as g:
                g.write(','.join(names + [target]) + '\n')
                for i in range(rows):
                    g.write(','.join(repr(float(v)) for v in X[i]) + ',' + repr(float(yn[i])) + '\n')
            problems.append({'name': r['pmlb_dataset'], 'formula': r['formula'], 'variables': names, 'target': target, 'noise': level, 'file': path})
json.dump(problems, open(f'{out}/problems.json', 'w'))
print(len(problems))
