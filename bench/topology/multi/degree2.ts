/**
 * Degree 2 of the signed barcode: how time and memory grow with the number of points. Points on a noisy unit
 * sphere (one void), Rips x codensity, Hilbert functions of H0, H1, H2 on a 20 x 20 grid, one thread; each size
 * in a fresh child process so its peak RSS is its own. CPU time (user + system) is reported beside wall time, since
 * the machine may be shared. The limit on n is the memory budget of the largest slice's Rips complex
 * (estimateRipsMemory); this shows where time becomes the practical limit.
 *
 *   node scripts/run-ts.mjs bench/topology/multi/degree2.ts [--sizes 100,200,300,400]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { localCancelSignal, type AnalysisContext } from '../../../src/analysis/core/context';
import { gaussianCodensity, scottBandwidth, type PointCloud } from '../../../src/analysis/topology/multi/bifiltration';
import { computeInvariants } from '../../../src/analysis/topology/multi/compute';
import { seededUniform } from '../../../src/analysis/core/random';

function sphere(n: number): PointCloud {
  const u = seededUniform(7);
  const coords = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const z = 2 * u() - 1;
    const t = 2 * Math.PI * u();
    const q = Math.sqrt(1 - z * z);
    coords.set([q * Math.cos(t) + 0.05 * (u() - 0.5), q * Math.sin(t) + 0.05 * (u() - 0.5), z], 3 * i);
  }
  return { n, dim: 3, coords };
}

function one(n: number): void {
  const cloud = sphere(n);
  const f = gaussianCodensity(cloud, scottBandwidth(cloud));
  const ctx: AnalysisContext = {
    signal: localCancelSignal(),
    progress: () => undefined,
    log: () => undefined,
    memoryBudgetBytes: 4 * 2 ** 30,
    parallelism: 1,
    parallelMap: () => Promise.reject(new Error('single thread')),
    loadInput: () => Promise.reject(new Error('no files')),
  } as unknown as AnalysisContext;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = computeInvariants(
    cloud,
    f,
    { gridSize: 20, strategy: 'regular', degrees: [0, 1, 2], hilbert: true, euler: false },
    ctx,
  );
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const h2 = out.hilbert[2].values;
  let maxH2 = 0;
  for (const v of h2) maxH2 = Math.max(maxH2, v);
  process.stdout.write(
    JSON.stringify({
      n,
      wall,
      cpu: (c.user + c.system) / 1e6,
      rssMB: process.resourceUsage().maxRSS / 1024,
      maxH2,
      slices: out.stats.slicesComputed,
    }) + '\n',
  );
}

const args = process.argv.slice(2);
const child = args.indexOf('--one');
if (child >= 0) one(Number(args[child + 1]));
else {
  const k = args.indexOf('--sizes');
  const sizes = (k >= 0 ? args[k + 1] : '100,200,300,400').split(',').map(Number);
  console.log(
    `# load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log('| points | wall s | CPU s | peak RSS MB | max H2 | slices |');
  console.log('|---|---|---|---|---|---|');
  for (const n of sizes) {
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--one', String(n)], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    const o = JSON.parse(r.stdout.trim().split('\n').pop()!);
    console.log(
      `| ${n} | ${o.wall.toFixed(1)} | ${o.cpu.toFixed(1)} | ${o.rssMB.toFixed(0)} | ${o.maxH2} | ${o.slices} |`,
    );
  }
}
