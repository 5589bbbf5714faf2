/**
 * Code-lens cost on a 2,000-line Python file (issue 6 target: < 20 ms): path references in string literals and the
 * .ode lens ranges on a 2,000-line model. Median and minimum of 50 runs after warm-up.
 * Run: node scripts/run-ts.mjs bench/stability/pathrefs.ts
 */
import { findPathReferences } from '../../src/codelens/path-references';
import { odeLensRanges } from '../../src/codelens/lens-ranges';
import { describeAnalyses } from '../../src/analysis/registry';
import { allExtensions } from '../../src/host/manifest';

const extensions = allExtensions(describeAnalyses());

const lines: string[] = [];
for (let i = 0; i < 2000; i++) {
  if (i % 50 === 0) lines.push(`    arr_${i} = np.load("runs/traj_${i % 7}.npy")  # reference`);
  else if (i % 37 === 0) lines.push(`    df_${i} = pd.read_csv('data/missing_${i}.csv', sep=",")`);
  else
    lines.push(`    value_${i} = compute(alpha=${i}, label="step ${i}", other='text with "quotes"')  # comment ${i}`);
}
const py = lines.join('\n');
const files = new Set(Array.from({ length: 7 }, (_, k) => `runs/traj_${k}.npy`));
const ode = Array.from({ length: 2000 }, (_, i) =>
  i % 3 === 0 ? `x${i}' = -x${i} + sin(t)` : i % 3 === 1 ? `par a${i}=1, b${i}=2` : `init x${i - 2}=0.5  # comment`,
).join('\n');

function measure(name: string, f: () => number): void {
  for (let k = 0; k < 5; k++) f();
  const times: number[] = [];
  let count = 0;
  for (let k = 0; k < 50; k++) {
    const t0 = performance.now();
    count = f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name}: median ${times[25].toFixed(3)} ms, min ${times[0].toFixed(3)} ms, max ${times[49].toFixed(3)} ms (${count} results, ${(py.length / 1024).toFixed(0)} KiB python)`,
  );
}
console.log(`node ${process.version}`);
measure('findPathReferences, 2,000-line Python', () => findPathReferences(py, files, { extensions }).length);
measure('odeLensRanges, 2,000-line .ode', () => {
  const r = odeLensRanges(ode);
  return r.equationLines.length + r.initLines.length;
});
