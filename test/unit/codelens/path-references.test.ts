import { describe, expect, it } from 'vitest';
import { describeAnalyses } from '../../../src/analysis/registry';
import { findPathReferences, normalizeRelative } from '../../../src/codelens/path-references';
import { allExtensions } from '../../../src/host/manifest';

/** The extensions the lens looks for: those of the analyses' inputs, as the manifest publishes them. */
const extensions = allExtensions(describeAnalyses());

const files = new Set([
  'runs/traj.npy',
  'x.csv',
  'model.onnx',
  'analysis/data/series.parquet',
  'examples/lorenz.ode',
  'package.json',
]);

describe('findPathReferences', () => {
  it('finds np.load, pd.read_csv and bare model paths that exist, with exact line and columns', () => {
    const src = [
      'import numpy as np',
      'traj = np.load("runs/traj.npy")',
      "df = pd.read_csv('x.csv')",
      'sess = ort.InferenceSession("model.onnx")',
      'missing = np.load("runs/other.npy")',
      'url = "https://example.org/x.csv"',
      'cfg = json.load(open("package.json"))',
    ].join('\n');
    const refs = findPathReferences(src, files, { extensions });
    expect(refs.map((r) => [r.line, r.path])).toEqual([
      [1, 'runs/traj.npy'],
      [2, 'x.csv'],
      [3, 'model.onnx'],
    ]);
    const line1 = src.split('\n')[1];
    expect(line1.slice(refs[0].startColumn, refs[0].endColumn)).toBe('runs/traj.npy');
  });

  it('resolves relative to the source directory, then the workspace root; normalises ./, .. and backslashes', () => {
    const src = [
      "a = read('data/series.parquet')", // relative to analysis/
      "b = read('./x.csv')", // root
      "c = read('../examples/lorenz.ode')", // analysis/../examples
      'd = load("runs\\\\traj.npy")', // escaped Windows separators
      "e = read('../../outside.csv')", // escapes the workspace
    ].join('\n');
    const refs = findPathReferences(src, (p) => files.has(p), { extensions, baseDir: 'analysis' });
    expect(refs.map((r) => r.path)).toEqual([
      'analysis/data/series.parquet',
      'x.csv',
      'examples/lorenz.ode',
      'runs/traj.npy',
    ]);
    expect(normalizeRelative('a/./b/../c.csv')).toBe('a/c.csv');
    expect(normalizeRelative('../c.csv')).toBeUndefined();
  });

  it('works for Julia, MATLAB, R and TypeScript string styles, several per line', () => {
    const src = 'x = CSV.read("x.csv"); y = load(`model.onnx`); z = readRDS(r"runs/traj.npy")';
    expect(findPathReferences(src, files, { extensions }).map((r) => r.path)).toEqual([
      'x.csv',
      'model.onnx',
      'runs/traj.npy',
    ]);
  });

  it('takes well under 20 ms on a 2,000-line Python file (minimum of 5 runs)', () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      if (i % 50 === 0) lines.push(`    arr_${i} = np.load("runs/traj.npy")  # reference`);
      else if (i % 37 === 0) lines.push(`    df_${i} = pd.read_csv('data/missing_${i}.csv', sep=",")`);
      else
        lines.push(
          `    value_${i} = compute(alpha=${i}, label="step ${i}", other='text with "quotes"')  # comment ${i}`,
        );
    }
    const src = lines.join('\n');
    findPathReferences(src, files, { extensions }); // warm-up
    let best = Infinity;
    let count = 0;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      count = findPathReferences(src, files, { extensions }).length;
      best = Math.min(best, performance.now() - t0);
    }
    expect(count).toBe(40);
    expect(best).toBeLessThan(20);
  });
});
