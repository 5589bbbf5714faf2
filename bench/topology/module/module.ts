/**
 * Benchmark of `module` (MMA): n points uniform in [0,1]^3 (seeded), Rips x codensity (Scott bandwidth), threshold
 * the enclosing radius, both parameters scaled to [0, 1], H0 + H1, precision delta = 1% of the box diagonal.
 * Side by side with the anchor, "Ripser per line": the Vietoris-Rips engine of `persistence` (rips/engine.ts, a
 * different code path: apparent pairs, cohomology with clearing) run on each line of the same family, its distance
 * matrix the line's edge values and its vertex values the line's vertex values. Both barcodes are compared on every
 * line. One thread.
 *
 *   node scripts/run-ts.mjs bench/topology/module/module.ts [--points 1000] [--scaling] [--no-baseline] [--no-collapse]
 *
 * "MMA" includes the filtration-domination edge collapse (collapse.ts), as the analysis does by default; the
 * anchor runs on the full complex, so the line-by-line comparison also checks the collapse.
 */
import { seededUniform } from '../../../src/analysis/core/random';
import { enclosingRadius, gaussianCodensity, scottBandwidth } from '../../../src/analysis/topology/multi/bifiltration';
import {
  complexBox,
  ripsBifiltration,
  scaleToUnitBox,
  type BifilteredComplex,
} from '../../../src/analysis/topology/module/complex';
import { boxDiagonal, lineFamily, lineOffset, type LineFamily } from '../../../src/analysis/topology/module/family';
import { createLineEngine, lineValue } from '../../../src/analysis/topology/module/line';
import { approximateModule } from '../../../src/analysis/topology/module/approximate';
import { collapseEdges } from '../../../src/analysis/topology/module/collapse';
import { computeRips } from '../../../src/analysis/topology/rips/engine';
import { bottleneckDistance } from '../../../src/analysis/topology/diagrams/distance';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function complexOf(n: number, seed: number): { k: BifilteredComplex; buildMs: number } {
  const t0 = performance.now();
  const u = seededUniform(seed);
  const cloud = { n, dim: 3, coords: Float64Array.from({ length: 3 * n }, () => u()) };
  const f = gaussianCodensity(cloud, scottBandwidth(cloud));
  const k0 = ripsBifiltration(cloud, f, enclosingRadius(cloud));
  const k = scaleToUnitBox(k0, complexBox(k0));
  return { k, buildMs: performance.now() - t0 };
}

/** The anchor on one line: the Rips engine on the line's edge values (shifted to >= 0) with its vertex values. */
function ripsOnLine(k: BifilteredComplex, c: number): { births: Float64Array; deaths: Float64Array }[] {
  const n = k.vertexCount;
  const vv = Float64Array.from({ length: n }, (_, v) => lineValue(k.vertexGrades[2 * v], k.vertexGrades[2 * v + 1], c));
  const lowest = Math.min(...vv);
  const data = new Float64Array(n * n);
  let top = 0;
  const present = new Uint8Array(n * n);
  for (let e = 0; e < k.edgeA.length; e++) {
    const x = lineValue(k.edgeGrades[2 * e], k.edgeGrades[2 * e + 1], c) - lowest;
    const a = k.edgeA[e];
    const b = k.edgeB[e];
    data[a * n + b] = data[b * n + a] = x;
    present[a * n + b] = present[b * n + a] = 1;
    if (x > top) top = x;
  }
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) if (a !== b && !present[a * n + b]) data[a * n + b] = 2 * top + 1;
  const out = computeRips(
    { kind: 'matrix', n, data },
    { maxDim: 1, threshold: top, vertexValues: vv.map((x) => x - lowest) },
  );
  return out.diagrams.map((d) => ({
    births: d.births.map((b) => b + lowest),
    deaths: d.deaths.map((x) => x + lowest),
  }));
}

/** CPU time of this process (user + system), ms: the machine is shared, wall time is noisy. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

interface Row {
  n: number;
  edges: number;
  edgesAfterCollapse: number;
  deltaFraction: number;
  lines: number;
  buildMs: number;
  mmaMs: number;
  mmaCpuMs: number;
  summands: number;
  baselineMs?: number;
  baselineCpuMs?: number;
  worstLineDifference?: number;
}

function runOne(n: number, fraction: number, baseline: boolean): Row {
  const { k, buildMs } = complexOf(n, 1);
  const box = complexBox(k);
  const family: LineFamily = lineFamily(box, fraction * boxDiagonal(box));
  const t0 = performance.now();
  const cpu0 = cpuMs();
  // the analysis' default: filtration-domination collapse first, then the lines (--no-collapse: lines on all edges)
  const lean = collapse ? collapseEdges(k).complex : k;
  const out = approximateModule(createLineEngine(lean), family, { degrees: [0, 1] });
  const mmaCpuMs = cpuMs() - cpu0;
  const mmaMs = performance.now() - t0;
  const row: Row = {
    n,
    edges: k.edgeA.length,
    edgesAfterCollapse: lean.edgeA.length,
    deltaFraction: fraction,
    lines: family.count,
    buildMs,
    mmaMs,
    mmaCpuMs,
    summands: out.summands.length,
  };
  if (baseline) {
    const t1 = performance.now();
    const cpu1 = cpuMs();
    let worst = 0;
    for (let j = 0; j < family.count; j++) {
      const bars = ripsOnLine(k, lineOffset(family, j));
      for (const d of [0, 1]) worst = Math.max(worst, bottleneckDistance(bars[d], out.barcodes[j][d]));
    }
    row.baselineCpuMs = cpuMs() - cpu1;
    row.baselineMs = performance.now() - t1;
    row.worstLineDifference = worst;
  }
  return row;
}

const points = Number(flag('--points') ?? 1000);
const baseline = !args.includes('--no-baseline');
const collapse = !args.includes('--no-collapse');
const rows: Row[] = [runOne(points, 0.01, baseline)];
if (args.includes('--scaling')) {
  for (const n of [250, 500]) rows.push(runOne(n, 0.01, false));
  for (const f of [0.04, 0.02]) rows.push(runOne(points, f, false));
}
console.log(
  '| points | edges (after collapse) | delta / diagonal | lines | bifiltration s | MMA wall / CPU s | CPU s per line | summands | Ripser per line wall / CPU s | CPU ratio anchor/MMA | max bottleneck, MMA line vs anchor |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const sec = (ms: number): string => (ms / 1000).toFixed(2);
for (const r of rows) {
  const b = r.baselineMs === undefined ? '-' : `${sec(r.baselineMs)} / ${sec(r.baselineCpuMs!)}`;
  const ratio = r.baselineCpuMs === undefined ? '-' : (r.baselineCpuMs / r.mmaCpuMs).toFixed(2);
  console.log(
    `| ${r.n} | ${r.edges} (${r.edgesAfterCollapse}) | ${r.deltaFraction} | ${r.lines} | ${sec(r.buildMs)} | ${sec(r.mmaMs)} / ${sec(r.mmaCpuMs)} | ${(r.mmaCpuMs / r.lines / 1000).toFixed(3)} | ${r.summands} | ${b} | ${ratio} | ${r.worstLineDifference ?? '-'} |`,
  );
}
