/**
 * Diagram distances vs GUDHI on the same two diagrams: bottleneck (GUDHI's default e, and e=0 exact) and W2
 * (hera, delta 0.01 default), in-process CPU times (ours in node, GUDHI in /usr/bin/python3; CPU, not wall, because the machine is shared), best of --repeat runs.
 *   node scripts/run-ts.mjs bench/topology/diagrams/distance-bench.ts [--points 1000] [--repeat 5]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bottleneckDistance, wassersteinDistance } from '../../../src/analysis/topology/diagrams/distance';

function arg(name: string, def: number): number {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? Number(process.argv[k + 1]) : def;
}

const n = arg('points', 1000);
const repeat = arg('repeat', 5);
let seed = 12345;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
/** Births uniform in [0,1], lifetimes uniform in [0,0.5]: the shape of a noisy H1 diagram. */
function diagram(): { births: number[]; deaths: number[] } {
  const births = Array.from({ length: n }, rand);
  return { births, deaths: births.map((b) => b + 0.5 * rand()) };
}
const A = diagram();
const B = diagram();
const dir = mkdtempSync(join(tmpdir(), 'dgm-bench-'));
const file = join(dir, 'dg.json');
writeFileSync(file, JSON.stringify({ A, B }));

const py = `
import json, time, numpy as np, gudhi
from gudhi.hera import wasserstein_distance
d = json.load(open(${JSON.stringify(file)}))
A = np.c_[d['A']['births'], d['A']['deaths']]; B = np.c_[d['B']['births'], d['B']['deaths']]
def best(f):
    t = 1e9
    for _ in range(${repeat}):
        s = time.process_time(); v = f(); t = min(t, time.process_time() - s)
    return [v, t]
print(json.dumps({'bottleneck': best(lambda: gudhi.bottleneck_distance(A, B)),
                  'bottleneck_e0': best(lambda: gudhi.bottleneck_distance(A, B, 0)),
                  'w2': best(lambda: wasserstein_distance(A, B, order=2, internal_p=np.inf))}))
`;
const g = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' })) as Record<
  string,
  [number, number]
>;

function best(f: () => number): [number, number] {
  let t = Infinity;
  let v = NaN;
  for (let r = 0; r < repeat; r++) {
    const s = process.cpuUsage();
    v = f();
    const d = process.cpuUsage(s);
    t = Math.min(t, (d.user + d.system) / 1e6);
  }
  return [v, t];
}
const ours = { bottleneck: best(() => bottleneckDistance(A, B)), w2: best(() => wassersteinDistance(A, B, 2)) };
const row = (name: string, o: [number, number], r: [number, number]): string =>
  `| ${name} | ${r[1].toFixed(3)} | ${o[1].toFixed(3)} | ${(o[1] / r[1]).toFixed(2)} | ${r[0]} | ${o[0]} |`;
console.log(`${n} + ${n} points, best of ${repeat}`);
console.log('| distance | GUDHI CPU s | ours CPU s | ratio ours/GUDHI | GUDHI value | ours value |');
console.log('|---|---|---|---|---|---|');
console.log(row('bottleneck (GUDHI default e)', ours.bottleneck, g.bottleneck));
console.log(row('bottleneck (GUDHI e=0, exact)', ours.bottleneck, g.bottleneck_e0));
console.log(row('W2, internal L-inf (hera delta 0.01)', ours.w2, g.w2));
