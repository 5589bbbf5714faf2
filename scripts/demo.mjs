// The main job on the bundled examples: runs every analysis on its example file through the CLI (the same
// runtime as the extension), writes a JSON result and a standalone HTML report per run into out/, and prints a
// one-line summary of each. Exit code non-zero if any run fails.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const runs = [
  ['summary', 'examples/lorenz.csv', []],
  ['summary', 'examples/oscillator.csv', []],
  ['persistence', 'examples/circle.csv', ['--max-dim', '1']],
  ['persistence', 'examples/torus.csv', ['--max-dim', '1']],
  ['signed-barcode', 'examples/circle.csv', ['--grid', '30']],
  ['module', 'examples/circle.csv', []],
  ['persistence', 'examples/karate.graphml', ['--graph-function', 'closeness']],
  ['koopman', 'examples/lorenz.csv', ['--method', 'dmd', '--columns', 'x,y,z']],
  ['koopman', 'examples/oscillator.csv', ['--method', 'hankel', '--delays', '40']],
  ['symbolic', 'examples/lorenz.csv', ['--derivatives', '--time-budget', '20', '--seed', '1']],
  ['symbolic', 'examples/model.onnx', ['--box', 'x0:-2:2,x1:-3:3', '--time-budget', '20', '--seed', '1']],
  ['simulate', 'examples/lorenz.ode', []],
  ['lyapunov', 'examples/lorenz.ode', []],
  ['fixed-points', 'examples/lorenz.ode', []],
  ['lyapunov', 'examples/henon.ode', []],
  ['ews', 'examples/tipping.csv', ['--column', 'x', '--transition', '440']],
  ['model-overview', 'examples/vanderpol.ode', []],
  ['bifurcation', 'examples/brusselator.ode', ['--param', 'b', '--from', '1', '--to', '3']],
  ['bifurcation', 'examples/henon.ode', ['--param', 'a', '--from', '0', '--to', '1.1']],
];

const cli = join('bin', 'dynlens.js');
const registered = new Set(
  JSON.parse(execFileSync(process.execPath, [cli, 'list', '--json'], { encoding: 'utf8' })).map((a) => a.id),
);
mkdirSync('out', { recursive: true });
let failed = 0;
let ran = 0;
for (const [analysis, file, args] of runs) {
  if (!registered.has(analysis)) continue;
  const base = `${analysis}-${file.split('/').pop().replace(/\W+/g, '_')}`;
  const t0 = Date.now();
  try {
    const json = execFileSync(
      process.execPath,
      [cli, analysis, file, ...args, '--json', '--quiet', '--html', join('out', base + '.html')],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    writeFileSync(join('out', base + '.json'), json);
    ran++;
    console.log(
      `ok    ${analysis.padEnd(15)} ${file.padEnd(28)} ${String(Date.now() - t0).padStart(6)} ms  -> out/${base}.html`,
    );
  } catch (e) {
    failed++;
    console.log(`FAIL  ${analysis.padEnd(15)} ${file.padEnd(28)} ${(e.stderr || e.message).toString().trim()}`);
  }
}
console.log(`demo: ${ran} runs ok, ${failed} failed; open the reports in out/`);
process.exit(failed ? 1 : 0);
