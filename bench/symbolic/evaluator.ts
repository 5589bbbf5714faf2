/**
 * Evaluator throughput in node-evaluations per second (nodes x rows) on one core, on a standard mix: 1000 random
 * trees of 5-25 nodes over the default operators (+ - * / sin cos exp log sqrt pow) and 3 features, 1000 rows.
 * Compares the flat postfix interpreter (program.ts) with compiled closures (one fused loop per expression made
 * with new Function), including the closures' compile time. Also a pure-arithmetic mix (+ - * /).
 * Usage: node scripts/run-ts.mjs bench/symbolic/evaluator.ts [--rows 1000] [--trees 1000] [--seconds 3]
 */
import { parseOperators, DEFAULT_OPERATORS, OP } from '../../src/analysis/symbolic/operators';
import { Evaluator, compile } from '../../src/analysis/symbolic/program';
import { Rng } from '../../src/analysis/core/random';
import type { Node } from '../../src/analysis/symbolic/tree';
import { randomTree, size } from '../../src/analysis/symbolic/tree';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const rows = arg('rows', 1000);
const nTrees = arg('trees', 1000);
const seconds = arg('seconds', 3);

function jsOf(n: Node): string {
  switch (n.t) {
    case 'c':
      return `(${n.v})`;
    case 'x':
      return `x${n.i}[i]`;
    case 'u': {
      const a = jsOf(n.a);
      switch (n.op) {
        case OP.neg:
          return `(-${a})`;
        case OP.square:
          return `(${a}*${a})`;
        case OP.cube:
          return `(${a}*${a}*${a})`;
        case OP.inv:
          return `(1/${a})`;
        default:
          return `Math.${['', '', '', '', '', '', '', '', '', '', '', 'sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', '', '', 'tanh'][n.op]}(${a})`;
      }
    }
    case 'b': {
      const a = jsOf(n.a);
      const b = jsOf(n.b);
      return n.op === OP.pow ? `Math.pow(${a},${b})` : `(${a}${['+', '-', '*', '/'][n.op]}${b})`;
    }
  }
}

function closureOf(
  n: Node,
): (x0: Float64Array, x1: Float64Array, x2: Float64Array, out: Float64Array, rows: number) => void {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('x0', 'x1', 'x2', 'out', 'rows', `for (let i = 0; i < rows; i++) out[i] = ${jsOf(n)};`) as never;
}

function mix(opsSpec: string[], seed: number): Node[] {
  const ops = parseOperators(opsSpec);
  const rng = Rng.fromSeed(seed);
  return Array.from({ length: nTrees }, () => randomTree(rng, ops, 3, 5 + rng.int(21)));
}

function measure(label: string, trees: Node[]): void {
  const rng = Rng.fromSeed(5);
  const cols = [0, 1, 2].map(() => Float64Array.from({ length: rows }, () => rng.uniform(0.5, 3)));
  const out = new Float64Array(rows);
  const nodes = trees.reduce((s, t) => s + size(t), 0);
  // postfix: compile each time (as the search does: constants change between evaluations)
  const ev = new Evaluator();
  for (let w = 0; w < 3; w++) for (const t of trees) ev.evaluate(compile(t, 3), cols, rows, out); // JIT warm-up
  let reps = 0;
  let t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const t of trees) ev.evaluate(compile(t, 3), cols, rows, out);
    reps++;
  }
  const postfixRate = (reps * nodes * rows) / ((performance.now() - t0) / 1000);
  // postfix with precompiled programs (the interpreter alone)
  const progs = trees.map((t) => compile(t, 3));
  reps = 0;
  t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const p of progs) ev.evaluate(p, cols, rows, out);
    reps++;
  }
  const interpRate = (reps * nodes * rows) / ((performance.now() - t0) / 1000);
  // closures, compiled once per expression per pass (new Function each time: the search's situation)
  reps = 0;
  t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const t of trees) closureOf(t)(cols[0], cols[1], cols[2], out, rows);
    reps++;
  }
  const closureFresh = (reps * nodes * rows) / ((performance.now() - t0) / 1000);
  // closures compiled once, evaluated many times (their best case)
  const fns = trees.map(closureOf);
  reps = 0;
  t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (const f of fns) f(cols[0], cols[1], cols[2], out, rows);
    reps++;
  }
  const closureWarm = (reps * nodes * rows) / ((performance.now() - t0) / 1000);
  const mem = process.memoryUsage();
  console.log(`${label}: ${trees.length} trees, mean ${(nodes / trees.length).toFixed(1)} nodes, ${rows} rows`);
  console.log(`  postfix (compile + evaluate): ${postfixRate.toExponential(3)} node-evals/s`);
  console.log(`  postfix (precompiled)       : ${interpRate.toExponential(3)} node-evals/s`);
  console.log(`  closure (new Function each) : ${closureFresh.toExponential(3)} node-evals/s`);
  console.log(`  closure (compiled once)     : ${closureWarm.toExponential(3)} node-evals/s`);
  console.log(`  rss ${(mem.rss / 2 ** 20).toFixed(0)} MB, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`);
}

console.log(`node ${process.version}, ${new Date().toISOString()}`);
measure('default operators', mix(DEFAULT_OPERATORS, 1));
measure('arithmetic (+ - * /)', mix(['+', '-', '*', '/'], 2));
