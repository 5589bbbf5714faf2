import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../../src/analysis/core/params';
import { symbolicAnalyses, symbolicJson } from '../../../src/analysis/symbolic/analysis';
import { Rng } from '../../../src/analysis/core/random';
import type { SymbolicResult } from '../../../src/protocol/results/symbolic';
import { tableInput, testContext } from './context';
import type { TestContext } from './context';
import { parseOde } from '../../../src/analysis/stability/ode/parser';
import { evalExpr } from '../../../src/analysis/stability/ode/evaluate';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const entry = symbolicAnalyses[0];
type Input = Parameters<typeof entry.run>[0];

async function run(
  input: Input,
  raw: Record<string, unknown>,
  ctx: TestContext = testContext(),
): Promise<SymbolicResult> {
  return (await entry.run(input, resolveParams(entry.params, raw), ctx)) as SymbolicResult;
}

function uniform(n: number, seed: number, lo: number, hi: number): Float64Array {
  const rng = Rng.fromSeed(seed);
  return Float64Array.from({ length: n }, () => rng.uniform(lo, hi));
}

/** RK4 trajectory of a 2-D system, sampled every dt. */
function trajectory(
  f: (x: number, y: number) => [number, number],
  x0: number,
  y0: number,
  dt: number,
  n: number,
): { t: Float64Array; x: Float64Array; y: Float64Array } {
  const t = new Float64Array(n);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let x = x0;
  let y = y0;
  const sub = 20;
  const h = dt / sub;
  for (let i = 0; i < n; i++) {
    t[i] = i * dt;
    xs[i] = x;
    ys[i] = y;
    for (let s = 0; s < sub; s++) {
      const k1 = f(x, y);
      const k2 = f(x + (h / 2) * k1[0], y + (h / 2) * k1[1]);
      const k3 = f(x + (h / 2) * k2[0], y + (h / 2) * k2[1]);
      const k4 = f(x + h * k3[0], y + h * k3[1]);
      x += (h / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
      y += (h / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    }
  }
  return { t, x: xs, y: ys };
}

const sympyPython = '/usr/bin/python3';
const hasSympy =
  existsSync(sympyPython) && spawnSync(sympyPython, ['-c', 'import sympy'], { encoding: 'utf8' }).status === 0;

describe('symbolic analysis: bad input', () => {
  const x = uniform(50, 1, -1, 1);
  const good = tableInput({ a: x, b: x.map((v) => v * 2), y: x.map((v) => v * v) }, 'good.csv');
  it('names a missing target column and the file', async () => {
    await expect(run(good, { target: 'nope', timeBudget: 1 })).rejects.toThrow(/good\.csv: no column "nope"/);
  });
  it('refuses a constant target', async () => {
    await expect(
      run(tableInput({ a: x, y: new Float64Array(50).fill(3) }, 'c.csv'), { target: 'y', timeBudget: 1 }),
    ).rejects.toThrow(/constant/);
  });
  it('refuses fewer rows than features', async () => {
    const cols: Record<string, Float64Array> = { y: Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9) };
    for (let k = 0; k < 10; k++) cols[`f${k}`] = uniform(9, k + 3, 0, 1);
    await expect(run(tableInput(cols, 'wide.csv'), { target: 'y', timeBudget: 1 })).rejects.toThrow(
      /more rows than features/,
    );
  });
  it('drops NaN rows with a count, and refuses when most rows are NaN', async () => {
    const y = x.map((v) => 3 * v);
    y[3] = NaN;
    y[7] = NaN;
    const r = await run(tableInput({ a: x, y }, 'nan.csv'), {
      target: 'y',
      timeBudget: 2,
      iterations: 2,
      populations: 2,
    });
    expect(r.notes).toContain('2 rows with NaN dropped');
    expect(r.targets[0].stats.trainRows + r.targets[0].stats.testRows).toBe(48);
    const most = x.map((v, i) => (i < 30 ? NaN : v));
    await expect(run(tableInput({ a: x, y: most }, 'mostly-nan.csv'), { target: 'y', timeBudget: 1 })).rejects.toThrow(
      /mostly-nan\.csv: 30 of 50 rows/,
    );
  });
  it('refuses an unknown operator and a budget of 0', async () => {
    await expect(run(good, { target: 'y', operators: '+,*,sinh' })).rejects.toThrow(/unknown operator "sinh"/);
    await expect(run(good, { target: 'y', timeBudget: 0 })).rejects.toThrow(/time-budget must be more than 0/);
  });
  it('refuses an ONNX file that does not load, naming it', async () => {
    await expect(
      run(
        { kind: 'onnx', path: 'broken.onnx', bytes: new Uint8Array([1, 2, 3, 4, 5]) },
        { box: 'x:0:1', timeBudget: 1 },
      ),
    ).rejects.toThrow(/broken\.onnx: the ONNX model failed to load/);
  });
  it('refuses samples whose width does not match the model input', async () => {
    const ctx = testContext();
    const model = await ctx.loadInput('examples/model.onnx');
    await expect(run(model, { box: 'a:0:1,b:0:1,c:0:1', timeBudget: 1 })).rejects.toThrow(
      /model\.onnx: the model expects 2 input features but 3/,
    );
  });

  it('samples a model given no --inputs or --box in the unit box of its inputs, and says so', async () => {
    const ctx = testContext();
    const model = await ctx.loadInput('examples/model.onnx');
    const r = (await run(model, { timeBudget: 2, iterations: 3, seed: 1 })) as {
      network?: { sampling: string; box?: { name: string; lo: number; hi: number }[] };
      notes: string[];
    };
    expect(r.network?.sampling).toBe('box');
    expect(r.network?.box).toEqual([
      { name: 'x0', lo: -1, hi: 1 },
      { name: 'x1', lo: -1, hi: 1 },
    ]);
    expect(r.notes.some((n) => /\[-1, 1\]\^2/.test(n))).toBe(true);
  });
});

describe('symbolic analysis: three ways in', () => {
  it('tables: deterministic for a seed, JSON in the symbolicJson shape, expressions parse in sympy', async () => {
    const a = uniform(300, 5, 0.5, 3);
    const b = uniform(300, 6, -2, 2);
    const input = tableInput({ alpha: a, b, y: a.map((v, i) => v * Math.cos(b[i]) + 0.5) }, 'law.csv');
    const raw = { target: 'y', timeBudget: 30, iterations: 160, seed: 3, populations: 4 };
    const r1 = await run(input, raw);
    // determinism: two short runs with one seed agree exactly
    const short = { ...raw, iterations: 2, populations: 2 };
    const d1 = await run(input, short);
    const d2 = await run(input, short);
    expect(d2.targets[0].pareto).toEqual(d1.targets[0].pareto);
    const json = symbolicJson(r1) as {
      pareto: { expression: string; complexity: number; loss: number; r2: number }[];
      best: { expression: string; r2: number };
    };
    expect(json.pareto.length).toBeGreaterThan(1);
    for (const c of json.pareto)
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['expression', 'complexity', 'loss', 'r2']));
    expect(json.best.r2).toBeGreaterThan(0.999999);
    expect(json.best.expression).toMatch(/alpha/);
    const csv = entry.toCsv!(r1).trimEnd().split('\n');
    expect(csv[0]).toBe('target,complexity,loss,test_loss,r2,best,expression');
    expect(csv.length).toBe(r1.targets[0].pareto.length + 1);
    expect(csv.filter((l) => l.split(',')[5] === '1').length).toBe(1);
    if (hasSympy) {
      // every front expression parses with sympify and evaluates to our numbers
      const exprs = r1.targets[0].pareto.map((c) => c.expression);
      const pts = [
        [1.3, 0.7],
        [2.2, -1.1],
      ];
      const script = `import sympy, json, sys\nal, b = sympy.symbols('alpha b')\nout = []\nfor e in json.loads(sys.argv[1]):\n    f = sympy.sympify(e, locals={'alpha': al, 'b': b})\n    out.append([float(f.subs({al: p[0], b: p[1]})) for p in ${JSON.stringify(pts)}])\nprint(json.dumps(out))`;
      const res = spawnSync(sympyPython, ['-c', script, JSON.stringify(exprs)], { encoding: 'utf8' });
      expect(res.stderr).toBe('');
      const values = JSON.parse(res.stdout) as number[][];
      const best = r1.targets[0].pareto[r1.targets[0].bestIndex];
      const k = r1.targets[0].pareto.indexOf(best);
      pts.forEach((p, j) => expect(values[k][j]).toBeCloseTo(p[0] * Math.cos(p[1]) + 0.5, 8));
    }
  }, 40000); // 160 fixed epochs: with --iterations only an exact fit ends the search early

  it('dynamics: Lotka-Volterra trajectory -> equations, SINDy seed, .ode text', async () => {
    const tr = trajectory((x, y) => [x * (1.1 - 0.4 * y), y * (0.1 * x - 0.4)], 10, 5, 0.02, 800);
    const r = await run(tableInput({ t: tr.t, prey: tr.x, predator: tr.y }, 'lv.csv'), {
      derivatives: true,
      timeBudget: 10,
      iterations: 3,
      populations: 2,
      sgWindow: 7,
      sgOrder: 4,
    });
    expect(r.derivatives).toEqual({
      method: 'Savitzky-Golay',
      window: 7,
      order: 4,
      dt: expect.closeTo(0.02, 12),
      timeColumn: 't',
    });
    expect(Object.keys(r.equations!)).toEqual(['prey', 'predator']);
    expect(r.sindy!.equations.prey.expression).toMatch(/prey\*predator|predator\*prey/);
    expect(r.equations!.prey.r2).toBeGreaterThan(0.99999);
    expect(r.equations!.predator.r2).toBeGreaterThan(0.99999);
    expect(r.ode).toMatch(/^prey' = /m);
    expect(r.ode).toMatch(/^predator' = /m);
    expect(r.ode).toMatch(/^init prey=10, predator=5$/m);
    expect(r.ode!.trimEnd().endsWith('done')).toBe(true);
    // the exported model loads in the stability analyses' .ode parser and its right-hand side is the fitted law
    const model = parseOde(r.ode!, 'fitted.ode');
    expect(model.stateNames).toEqual(['prey', 'predator']);
    expect(Array.from(model.init)).toEqual([10, 5]);
    for (const [x, y] of [
      [3, 2],
      [0.5, 7],
    ]) {
      expect(evalExpr(model.rhs[0], 0, [x, y], model.paramValues)).toBeCloseTo(x * (1.1 - 0.4 * y), 3);
      expect(evalExpr(model.rhs[1], 0, [x, y], model.paramValues)).toBeCloseTo(y * (0.1 * x - 0.4), 3);
    }
  }, 20000);

  it('networks: --around fits a local surrogate near one row of --inputs (SLIME)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-sym-'));
    const csv = join(dir, 'inputs.csv');
    writeFileSync(csv, 'x0,x1\n0.5,1.0\n1.5,-2.0\n-1.0,0.3\n');
    const ctx = testContext();
    const model = await ctx.loadInput('examples/model.onnx');
    const r = await run(model, { inputs: [csv], around: 1, samples: 300, timeBudget: 3, seed: 2, populations: 2 }, ctx);
    expect(r.network).toMatchObject({ sampling: 'around', around: 1, samples: 300, inputs: ['x0', 'x1'] });
    expect(r.targets[0].fidelity!.r2).toBeGreaterThan(0.9);
    await expect(run(model, { inputs: [csv], around: 3, timeBudget: 1 }, ctx)).rejects.toThrow(
      /--around 3 is past the last row/,
    );
  }, 20000);

  it('networks: distills examples/model.onnx (trained on x0*sin(x1)) with high fidelity', async () => {
    const ctx = testContext();
    const model = await ctx.loadInput('examples/model.onnx');
    const r = await run(model, { box: 'x0:-2:2,x1:-3:3', samples: 600, timeBudget: 8, seed: 1, populations: 4 }, ctx);
    const t = r.targets[0];
    expect(r.network!.inputs).toEqual(['x0', 'x1']);
    expect(t.fidelity!.r2).toBeGreaterThan(0.99);
    expect(t.fidelity!.samples).toBe(150);
    expect(t.pareto.some((c) => /sin\(/.test(c.expression) && /x0/.test(c.expression) && c.r2 > 0.99)).toBe(true);
  }, 20000);

  it('cancellation keeps the best front found so far', async () => {
    const x = uniform(200, 9, -2, 2);
    let epochs = 0;
    const ctx = testContext({
      onPartial: (_v, c) => {
        if (++epochs === 2) c.cancel();
      },
    });
    const r = await run(
      tableInput({ x, y: x.map((v) => Math.exp(0.3 * v) * Math.cos(v) + v) }, 'cancel.csv'),
      { target: 'y', timeBudget: 60, populations: 2 },
      ctx,
    );
    expect(r.targets[0].stats.stoppedBy).toBe('cancelled');
    expect(r.targets[0].stats.epochs).toBe(2);
    expect(r.targets[0].pareto.length).toBeGreaterThan(0);
    expect(ctx.partials.length).toBe(2);
  }, 20000);
});
