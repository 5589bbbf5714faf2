/**
 * Benchmark: our Vietoris-Rips engine vs Ripser (native, built by you under /tmp; path in RIPSER_BIN, anchor skipped
 * when unset), back to back, one case at a time, each in a fresh process under /usr/bin/time -v for peak RSS.
 *   RIPSER_BIN=/tmp/ripser_build/ripser node scripts/run-ts.mjs bench/topology/rips/rips-bench.ts [case ...]
 * Cases: sphere_3_192 (lower distance matrix, H<=2), o3_1024 at thresholds 1.4 and 1.8 (H<=3), uniform_2000
 * (2000 seeded uniform points in [0,1]^3, H<=1, no threshold).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { computeRips, type DistanceSource } from '../../../src/analysis/topology/rips/engine';

const SHARED = '/work/shared/benchmarks/persistence';

interface Case {
  name: string;
  file: string;
  format: 'lower-distance' | 'point-cloud';
  maxDim: number;
  threshold?: number;
}

function uniformFile(): string {
  const path = '/tmp/dynlens_uniform_2000_3d.txt';
  if (!existsSync(path)) {
    // Seeded LCG (Numerical Recipes constants) so both engines read the same points.
    let s = 12345;
    const next = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 4294967296;
    };
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push([next(), next(), next()].map((x) => x.toFixed(12)).join(' '));
    writeFileSync(path, lines.join('\n') + '\n');
  }
  return path;
}

const CASES: Case[] = [
  { name: 'sphere_3_192', file: `${SHARED}/sphere_3_192.lower_distance_matrix`, format: 'lower-distance', maxDim: 2 },
  { name: 'o3_1024_t1.4', file: `${SHARED}/o3_1024.txt`, format: 'point-cloud', maxDim: 3, threshold: 1.4 },
  { name: 'o3_1024_t1.8', file: `${SHARED}/o3_1024.txt`, format: 'point-cloud', maxDim: 3, threshold: 1.8 },
  { name: 'uniform_2000', file: '', format: 'point-cloud', maxDim: 1 },
];

function parseNumbers(text: string): number[] {
  return text
    .split(/[^0-9eE+\-.]+/)
    .filter((t) => t !== '')
    .map(Number);
}

function loadSource(c: Case): DistanceSource {
  const text = readFileSync(c.file || uniformFile(), 'utf8');
  if (c.format === 'lower-distance') return { kind: 'lower', data: Float64Array.from(parseNumbers(text)) };
  const rows = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(parseNumbers);
  const dim = rows[0].length;
  const data = new Float64Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r, i * dim));
  return { kind: 'points-rows', data, dim };
}

/** Child mode: run our engine once and print a JSON line. */
function runOurs(name: string): void {
  const c = CASES.find((x) => x.name === name)!;
  const t0 = performance.now();
  const src = loadSource(c);
  const t1 = performance.now();
  const res = computeRips(src, { maxDim: c.maxDim, threshold: c.threshold });
  const t2 = performance.now();
  const bars = res.diagrams.map((d) => d.births.length);
  writeFileSync(
    `/tmp/dynlens_rips_${name}.json`,
    JSON.stringify(
      res.diagrams.map((d) => ({
        births: [...d.births],
        deaths: [...d.deaths].map((x) => (Number.isFinite(x) ? x : null)),
      })),
    ),
  );
  console.log(JSON.stringify({ loadMs: t1 - t0, computeMs: t2 - t1, bars, stats: res.stats }));
}

interface Measured {
  wallS: number;
  cpuS: number;
  maxRssMB: number;
}

function timeV(stderr: string): Measured {
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  const wallS = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  return {
    wallS,
    cpuS: user && sys ? Number(user[1]) + Number(sys[1]) : NaN,
    maxRssMB: rss ? Number(rss[1]) / 1024 : NaN,
  };
}

/** Ripser's printed intervals per degree: " [b,d)" or " [b, )". */
function parseRipser(out: string): { births: number[]; deaths: number[] }[] {
  const dims: { births: number[]; deaths: number[] }[] = [];
  for (const line of out.split('\n')) {
    if (line.startsWith('persistence intervals in dim')) dims.push({ births: [], deaths: [] });
    const m = /^\s*\[([^,]+),([^)]*)\)/.exec(line);
    if (m && dims.length) {
      dims[dims.length - 1].births.push(Number(m[1]));
      dims[dims.length - 1].deaths.push(m[2].trim() === '' ? Infinity : Number(m[2]));
    }
  }
  return dims;
}

/**
 * Same bars as Ripser? Ripser computes in float32, so values agree to ~1e-6 relative and float rounding may merge
 * or split near-ties; we compare the sorted births and the sorted deaths per degree with that tolerance.
 */
function compareWithRipser(name: string, ripserOut: string): string {
  const theirs = parseRipser(ripserOut);
  const ours = JSON.parse(readFileSync(`/tmp/dynlens_rips_${name}.json`, 'utf8')) as {
    births: number[];
    deaths: (number | null)[];
  }[];
  const notes: string[] = [];
  for (let d = 0; d < ours.length; d++) {
    const t = theirs[d] ?? { births: [], deaths: [] };
    const ob = [...ours[d].births].sort((a, b) => a - b);
    const od = ours[d].deaths.map((x) => x ?? Infinity).sort((a, b) => a - b);
    const tb = [...t.births].sort((a, b) => a - b);
    const td = [...t.deaths].sort((a, b) => a - b);
    if (ob.length !== tb.length) {
      notes.push(`H${d}: ${ob.length} bars vs Ripser ${tb.length}`);
      continue;
    }
    let worst = 0;
    for (let i = 0; i < ob.length; i++) {
      const e1 = Math.abs(ob[i] - tb[i]);
      const e2 = od[i] === td[i] ? 0 : Math.abs(od[i] - td[i]);
      worst = Math.max(worst, e1, e2);
    }
    notes.push(`H${d}: ${ob.length} bars, max |diff| ${worst.toExponential(1)}`);
  }
  return notes.join('; ');
}

function best(runs: Measured[]): Measured {
  // Minimum over repetitions: the machine is shared, and load only ever adds time.
  return {
    wallS: Math.min(...runs.map((r) => r.wallS)),
    cpuS: Math.min(...runs.map((r) => r.cpuS)),
    maxRssMB: Math.min(...runs.map((r) => r.maxRssMB)),
  };
}

function main(): void {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    runOurs(args[1]);
    return;
  }
  const ri = args.indexOf('--repeat');
  const repeat = ri >= 0 ? Number(args[ri + 1]) : 1;
  const names = args.filter((a, i) => !(a === '--repeat' || (ri >= 0 && i === ri + 1)));
  const wanted = names.length ? CASES.filter((c) => names.includes(c.name)) : CASES;
  const ripser = process.env.RIPSER_BIN;
  const self = process.argv[1];
  console.log(
    `node ${process.version}, ${new Date().toISOString()}, best of ${repeat} alternating runs, load average ${loadavg()[0].toFixed(1)}`,
  );
  console.log(
    'case | ripser wall s | ripser cpu s | ripser MB | ours wall s | ours cpu s (compute s) | ours MB | wall ratio | cpu ratio | mem ratio',
  );
  const fmt = (x: number | undefined, d = 2): string => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
  for (const c of wanted) {
    const anchorRuns: Measured[] = [];
    const ourRuns: Measured[] = [];
    let info: { computeMs?: number; loadMs?: number; bars?: number[] } = {};
    let computeMs = Infinity;
    let ripserOut = '';
    for (let rep = 0; rep < repeat; rep++) {
      if (ripser && existsSync(ripser)) {
        const file = c.file || uniformFile();
        const a = ['-v', ripser, '--format', c.format, '--dim', String(c.maxDim)];
        if (c.threshold !== undefined) a.push('--threshold', String(c.threshold));
        a.push(file);
        const r = spawnSync('/usr/bin/time', a, { encoding: 'utf8', maxBuffer: 1 << 28 });
        anchorRuns.push(timeV(r.stderr));
        ripserOut = r.stdout;
      }
      const o = spawnSync('/usr/bin/time', ['-v', process.execPath, self, '--child', c.name], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
      ourRuns.push(timeV(o.stderr));
      const line = o.stdout.trim().split('\n').pop() ?? '{}';
      try {
        info = JSON.parse(line) as typeof info;
        computeMs = Math.min(computeMs, info.computeMs ?? Infinity);
      } catch {
        console.log(o.stdout, o.stderr);
      }
    }
    const anchor = anchorRuns.length ? best(anchorRuns) : undefined;
    const ours = best(ourRuns);
    console.log(
      `${c.name} | ${fmt(anchor?.wallS)} | ${fmt(anchor?.cpuS)} | ${fmt(anchor?.maxRssMB, 0)} | ${fmt(ours.wallS)} | ${fmt(ours.cpuS)} (${fmt(computeMs / 1000)}) | ${fmt(ours.maxRssMB, 0)} | ` +
        `${anchor ? fmt(ours.wallS / anchor.wallS) : '-'} | ${anchor ? fmt(ours.cpuS / anchor.cpuS) : '-'} | ${anchor ? fmt(ours.maxRssMB / anchor.maxRssMB) : '-'}   bars ${JSON.stringify(info.bars)}`,
    );
    if (ripserOut) console.log(`  vs Ripser: ${compareWithRipser(c.name, ripserOut)}`);
  }
}

main();
