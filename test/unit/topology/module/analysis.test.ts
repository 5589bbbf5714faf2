import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { moduleAnalyses, type ModuleParams } from '../../../../src/analysis/topology/module/analysis';
import { resolveParams } from '../../../../src/analysis/core/params';
import { DynLensError } from '../../../../src/analysis/core/errors';
import { seededUniform } from '../../../../src/analysis/core/random';
import { complexBox, ripsBifiltration, scaleToUnitBox } from '../../../../src/analysis/topology/module/complex';
import { boxDiagonal, lineFamily } from '../../../../src/analysis/topology/module/family';
import { createLineEngine } from '../../../../src/analysis/topology/module/line';
import { approximateModule } from '../../../../src/analysis/topology/module/approximate';
import {
  barcodeLandscapeAt,
  mmaImage,
  mmaLandscapes,
  pixelLine,
  summandWeight,
} from '../../../../src/analysis/topology/module/represent';
import type { ModuleResult } from '../../../../src/protocol';
import { tableOfRows, testContext } from '../../../support';

const entry = moduleAnalyses[0];

function ring(n: number, seed: number): number[][] {
  const u = seededUniform(seed);
  return Array.from({ length: n }, (_, i) => {
    const t = (2 * Math.PI * i) / n;
    return [Math.cos(t) + 0.05 * (u() - 0.5), Math.sin(t) + 0.05 * (u() - 0.5)];
  });
}

async function runModule(points: number[][], raw: Record<string, unknown>): Promise<ModuleResult> {
  const p = resolveParams(entry.params, raw) as ModuleParams;
  return (await entry.run(tableOfRows(points, 'ring.csv', ['x', 'y']), p, testContext())) as ModuleResult;
}

describe('module analysis', () => {
  it('a ring has one H1 summand far heavier than the others, and the --line check holds', async () => {
    const r = await runModule(ring(40, 1), { precision: 0.05, line: [0.5, 0.4], imageResolution: 10 });
    const h1 = r.summands
      .filter((s) => s.degree === 1)
      .map((s) => s.weight)
      .sort((a, b) => b - a);
    expect(h1.length).toBeGreaterThan(0);
    expect(h1[0]).toBeGreaterThan(5 * (h1[1] ?? 0));
    expect(r.lineCheck).toBeDefined();
    expect(r.lineCheck!.insideFamily).toBe(true);
    for (const d of r.lineCheck!.degrees) expect(d.bottleneck).toBeLessThanOrEqual(r.lineCheck!.bound + 1e-12);
    const features = entry.features!(r, resolveParams(entry.params, {}) as never);
    expect(features.names.length).toBe(features.values.length);
    expect(features.names[0]).toBe('mma_h0_x00_y00');
    expect(features.names).toContain('mma_land_h1_k3_x09_y09');
    expect(new Set(features.names).size).toBe(features.names.length);
  });

  it('refuses precision 0 and precision larger than the box', async () => {
    await expect(runModule(ring(12, 2), { precision: 0 })).rejects.toThrow(/--precision must be > 0/);
    await expect(runModule(ring(12, 2), { precision: 2 })).rejects.toThrow(DynLensError);
    await expect(runModule(ring(12, 2), { precision: 2 })).rejects.toThrow(/larger than the filtration box/);
  });
});

describe('MMA image and landscapes', () => {
  const u = seededUniform(5);
  const cloud = { n: 30, dim: 2, coords: Float64Array.from({ length: 60 }, () => u()) };
  const f = Float64Array.from({ length: 30 }, () => u());
  const k0 = ripsBifiltration(cloud, f, 0.6);
  const k = scaleToUnitBox(k0, complexBox(k0));
  const box = complexBox(k);
  const delta = 0.03 * boxDiagonal(box);
  const family = lineFamily(box, delta);
  const engine = createLineEngine(k);
  const out = approximateModule(engine, family, { degrees: [0, 1] });
  const grid = { box, resolution: 12 };

  it('landscapes along each pixel line are within delta/2 of the true barcode landscapes', () => {
    for (const deg of [0, 1]) {
      const sm = out.summands.filter((s) => s.degree === deg);
      const land = mmaLandscapes(sm, family, grid, 3);
      let worst = 0;
      for (let j = 0; j < 12; j++)
        for (let i = 0; i < 12; i++) {
          const { c, s } = pixelLine(grid, i, j);
          const clip = Math.min(box.x1 - c / 2, box.y1 + c / 2);
          const truth = barcodeLandscapeAt(engine(c)[deg], s, 3, clip);
          for (let q = 0; q < 3; q++) worst = Math.max(worst, Math.abs(land[q][j * 12 + i] - truth[q]));
        }
      expect(worst).toBeLessThanOrEqual(delta / 2 + 1e-9);
    }
  });

  it('image: a pixel inside every summand has the sum of w^p; normalisations', () => {
    const sm = out.summands.filter((s) => s.degree === 0);
    const o = { ...grid, bandwidth: 0.01, power: 2, kernel: 'linear' as const, normalisation: 'none' as const };
    const img = mmaImage(sm, family, o);
    const weights = sm.map((s) => summandWeight(s, family, box) ** 2);
    const total = weights.reduce((a, b) => a + b, 0);
    for (const v of img) expect(v).toBeLessThanOrEqual(total + 1e-12);
    expect(Math.max(...img)).toBeGreaterThan(0);
    const bySum = mmaImage(sm, family, { ...o, normalisation: 'sum' });
    img.forEach((v, i) => expect(bySum[i]).toBeCloseTo(v / total, 12));
    const byMax = mmaImage(sm, family, { ...o, normalisation: 'max' });
    expect(Math.max(...byMax)).toBeCloseTo(1, 12);
  });
});

describe('dynlens module through the built CLI', () => {
  const root = join(__dirname, '..', '..', '..', '..');
  const cli = join(root, 'bin', 'dynlens.js');
  const dir = mkdtempSync(join(tmpdir(), 'dynlens-module-'));
  const file = join(dir, 'ring.csv');
  beforeAll(() => {
    writeFileSync(
      file,
      'x,y\n' +
        ring(30, 3)
          .map((p) => p.join(','))
          .join('\n') +
        '\n',
    );
    if (!existsSync(join(root, 'dist', 'cli.js')))
      expect(spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' }).status).toBe(0);
  }, 120_000);
  const run = (args: string[]) =>
    spawnSync(process.execPath, [cli, 'module', file, ...args], { encoding: 'utf8', cwd: root, timeout: 60_000 });

  it('--precision 0 and a precision larger than the box exit with 2 and say why', () => {
    const zero = run(['--precision', '0', '--json']);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/--precision must be > 0/);
    const big = run(['--precision', '5', '--json']);
    expect(big.status).toBe(2);
    expect(big.stderr).toMatch(/larger than the filtration box/);
  });

  it('--precision, --degrees and --delay-embedding', () => {
    const r = run(['--precision', '0.05', '--degrees', '1', '--json', '-q']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { precision: number; degrees: number[]; summands: { degree: number }[] };
    expect(doc.precision).toBe(0.05);
    expect(doc.degrees).toEqual([1]);
    expect(doc.summands.every((s) => s.degree === 1)).toBe(true);
    const series = join(dir, 'series.csv');
    writeFileSync(series, 'v\n' + Array.from({ length: 80 }, (_, i) => Math.sin(i / 3)).join('\n') + '\n');
    const e = spawnSync(
      process.execPath,
      [cli, 'module', series, '--delay-embedding', '2,4', '--precision', '0.05', '--json', '-q'],
      { encoding: 'utf8', cwd: root, timeout: 60_000 },
    );
    expect(e.status).toBe(0);
    expect((JSON.parse(e.stdout) as { dimension: number }).dimension).toBe(2);
  });
});
