/**
 * Benchmark of the signed-barcode core: 1000 points uniform in [0,1]^3 (seeded), Rips x codensity (Scott
 * bandwidth), H0+H1 Hilbert functions at 50x50 and 100x100, Euler measure; against the anchor, the
 * "one Ripser call per density slice" prototype, run side by side when a native Ripser binary is given:
 *
 *   node scripts/run-ts.mjs bench/topology/multi/signed-barcode.ts [--ripser /tmp/multi_ripser/ripser] [--scaling]
 *     [--input examples/torus.csv]   (a CSV of points instead of the uniform cube; grid 50 only)
 *
 * Each configuration runs in a fresh child process (so its peak RSS is its own), sequentially. The anchor writes
 * each slice's points to a file and runs `ripser --dim 1 --threshold T`, then turns the bars into the same Hilbert
 * grid; the grids are compared entry by entry (Ripser uses 32-bit floats for distances, so an edge within ~1e-7 of
 * a grid value may snap differently: mismatches are counted, not hidden).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCancelSignal, type AnalysisContext } from '../../../src/analysis/core/context';
import { gaussianCodensity, scottBandwidth, type PointCloud } from '../../../src/analysis/topology/multi/bifiltration';
import { computeInvariants } from '../../../src/analysis/topology/multi/compute';
import { seededUniform } from '../../../src/analysis/core/random';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** A CSV of points with a header row (e.g. examples/torus.csv), or undefined. */
function csvCloud(path: string | undefined): PointCloud | undefined {
  if (!path) return undefined;
  const rows = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));
  return { n: rows.length, dim: rows[0].length, coords: Float64Array.from(rows.flat()) };
}

/** The benchmark cloud: --input FILE if given, else n uniform points in [0,1]^3. */
function benchCloud(n: number, seed: number): PointCloud {
  return csvCloud(flag('--input')) ?? uniformCloud(n, seed);
}

function uniformCloud(n: number, seed: number): PointCloud {
  const u = seededUniform(seed);
  const coords = new Float64Array(n * 3);
  for (let i = 0; i < coords.length; i++) coords[i] = u();
  return { n, dim: 3, coords };
}

const ctx: AnalysisContext = {
  progress() {},
  log() {},
  signal: localCancelSignal(),
  loadInput: () => Promise.reject(new Error('not used')),
  memoryBudgetBytes: 2 ** 32,
  parallelism: 1,
  parallelMap: () => Promise.reject(new Error('not used')),
};

interface Measurement {
  what: string;
  n: number;
  grid: number;
  wallMs: number;
  cpuMs: number;
  peakRssMB: number;
  extra?: Record<string, unknown>;
}

/** Child mode: one configuration, prints one JSON line. */
function child(kind: string, n: number, grid: number): void {
  const cloud = benchCloud(n, 1);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const f = gaussianCodensity(cloud, scottBandwidth(cloud));
  const hilbert = kind === 'hilbert';
  const out = computeInvariants(
    cloud,
    f,
    { gridSize: grid, strategy: 'regular', degrees: [0, 1], hilbert, euler: !hilbert },
    ctx,
  );
  const c1 = process.cpuUsage(c0);
  const wallMs = performance.now() - t0;
  const m: Measurement = {
    what: hilbert ? 'Hilbert H0+H1' : 'Euler (dim <= 2)',
    n,
    grid,
    wallMs,
    cpuMs: (c1.user + c1.system) / 1000,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    extra: { ...out.stats, threshold: out.threshold },
  };
  m.n = cloud.n;
  if (hilbert && args.includes('--dump')) {
    (m.extra as Record<string, unknown>).h0 = Array.from(out.hilbert[0].values);
    (m.extra as Record<string, unknown>).h1 = Array.from(out.hilbert[1].values);
    (m.extra as Record<string, unknown>).r = Array.from(out.r);
    (m.extra as Record<string, unknown>).t = Array.from(out.t);
    (m.extra as Record<string, unknown>).f = Array.from(f);
  }
  console.log(JSON.stringify(m));
}

function runChild(kind: string, n: number, grid: number, dump = false): Measurement {
  const input = flag('--input');
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      process.argv[1],
      '--child',
      kind,
      String(n),
      String(grid),
      ...(dump ? ['--dump'] : []),
      ...(input ? ['--input', input] : []),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measurement;
}

/** The anchor: Ripser once per density slice, bars turned into the same Hilbert grid. */
function ripserPrototype(
  ripser: string,
  dump: Measurement,
): { wallMs: number; cpuMs: number; peakRssMB: number; mismatches0: number; mismatches1: number; slices: number } {
  const e = dump.extra as { r: number[]; t: number[]; f: number[]; threshold: number };
  const cloud = benchCloud(dump.n, 1);
  const d = cloud.dim;
  const nr = e.r.length;
  const nt = e.t.length;
  const dir = mkdtempSync(join(tmpdir(), 'multi-anchor-'));
  const h0 = new Int32Array(nr * nt);
  const h1 = new Int32Array(nr * nt);
  const snap = (x: number): number => {
    let i = 0;
    while (i < nr && e.r[i] < x) i++;
    return i;
  };
  const t0 = performance.now();
  let prev = -1;
  let slices = 0;
  let cpuMs = 0;
  let peakKb = 0;
  for (let j = 0; j < nt; j++) {
    const members: number[] = [];
    for (let i = 0; i < dump.n; i++) if (e.f[i] <= e.t[j]) members.push(i);
    if (members.length === prev) {
      for (let i = 0; i < nr; i++) {
        h0[i * nt + j] = h0[i * nt + j - 1];
        h1[i * nt + j] = h1[i * nt + j - 1];
      }
      continue;
    }
    prev = members.length;
    slices++;
    const file = join(dir, `slice${j}.csv`);
    writeFileSync(
      file,
      members.map((i) => Array.from(cloud.coords.subarray(d * i, d * i + d)).join(',')).join('\n') + '\n',
    );
    // /usr/bin/time reports the child's CPU seconds on stderr (user+system), so the anchor's CPU can be compared
    // with ours under the same machine load.
    const timeFile = join(dir, 'time.txt');
    const r = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%U %S %M',
        '-o',
        timeFile,
        ripser,
        '--format',
        'point-cloud',
        '--dim',
        '1',
        '--threshold',
        String(e.threshold),
        file,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    if (r.status !== 0) throw new Error(`ripser failed: ${r.stderr}`);
    const [us, ss, kb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
    cpuMs += (us + ss) * 1000;
    peakKb = Math.max(peakKb, kb);
    let dim = -1;
    for (const line of r.stdout.split('\n')) {
      const m = /persistence intervals in dim (\d)/.exec(line);
      if (m) {
        dim = Number(m[1]);
        continue;
      }
      const b = /^\s*\[([^,]+),([^)]*)\)/.exec(line);
      if (!b || dim < 0) continue;
      const birth = Number(b[1]);
      const death = b[2].trim() === '' ? Infinity : Number(b[2]);
      const gb = snap(birth);
      const gd = death === Infinity ? nr : snap(death);
      const h = dim === 0 ? h0 : h1;
      for (let i = gb; i < gd; i++) h[i * nt + j]++;
    }
  }
  const wallMs = performance.now() - t0;
  const o = dump.extra as { h0: number[]; h1: number[] };
  let mismatches0 = 0;
  let mismatches1 = 0;
  for (let k = 0; k < nr * nt; k++) {
    if (h0[k] !== o.h0[k]) mismatches0++;
    if (h1[k] !== o.h1[k]) mismatches1++;
  }
  return { wallMs, cpuMs, peakRssMB: peakKb / 1024, mismatches0, mismatches1, slices };
}

function fmt(m: Measurement): string {
  return `| ${m.what} | ${m.n} | ${m.grid}x${m.grid} | ${(m.wallMs / 1000).toFixed(2)} s | ${(m.cpuMs / 1000).toFixed(2)} s | ${m.peakRssMB.toFixed(0)} MB |`;
}

function main(): void {
  if (args[0] === '--child') {
    child(args[1], Number(args[2]), Number(args[3]));
    return;
  }
  const ripser = flag('--ripser');
  console.log(
    `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average at start ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log('| what | n | grid | wall | cpu | peak RSS |');
  console.log('|---|---|---|---|---|---|');
  const input = flag('--input');
  if (input) console.log(`input: ${input}`);
  for (const grid of input ? [50] : [50, 100]) {
    const ours = runChild('hilbert', 1000, grid, Boolean(ripser));
    console.log(fmt(ours));
    if (ripser) {
      const a = ripserPrototype(ripser, ours);
      console.log(
        `| anchor: Ripser per slice (${a.slices} calls) | ${ours.n} | ${grid}x${grid} | ${(a.wallMs / 1000).toFixed(2)} s | ${(a.cpuMs / 1000).toFixed(2)} s | ${a.peakRssMB.toFixed(0)} MB (largest call) |`,
      );
      console.log(
        `| ratio ours / anchor | | | ${(ours.wallMs / a.wallMs).toFixed(3)} | ${(ours.cpuMs / a.cpuMs).toFixed(3)} | grids equal: H0 ${a.mismatches0}, H1 ${a.mismatches1} mismatches of ${grid * grid} |`,
      );
    }
    console.log(fmt(runChild('euler', 1000, grid)));
  }
  if (args.includes('--scaling')) {
    for (const n of [250, 500, 2000]) console.log(fmt(runChild('hilbert', n, 50)));
    for (const n of [250, 500, 2000]) console.log(fmt(runChild('euler', n, 50)));
    for (const grid of [25, 200]) console.log(fmt(runChild('hilbert', 1000, grid)));
  }
}

main();
