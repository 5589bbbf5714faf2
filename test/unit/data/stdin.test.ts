import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { FORMATS } from './formats-helpers';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'bin', 'dynlens.js');

function run(args: string[], input?: Uint8Array | string) {
  return spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', cwd: root, timeout: 60_000 });
}

// The built CLI (dist/) is what users run: build it when this test runs from a fresh checkout.
beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli.js')) || !existsSync(join(root, 'dist', 'vendor', 'h5wasm.mjs')))
    expect(spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' }).status).toBe(0);
}, 120_000);

describe('standard input and container flags through the built CLI', () => {
  test('cat x.csv | dynlens summary -', () => {
    const r = run(['summary', '-', '--json', '-q'], readFileSync(join(root, 'examples', 'lorenz.csv')));
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { rows: number; provenance: { path: string } };
    expect(doc.rows).toBe(10000);
    expect(doc.provenance.path).toBe('-');
  });
  test('binary formats are sniffed on standard input (Parquet), or named with --input-format', () => {
    const pq = readFileSync(join(FORMATS, 'codec_zstd.parquet'));
    expect(JSON.parse(run(['summary', '-', '--json', '-q'], pq).stdout).rows).toBe(500);
    const tsv = 'a\tb\n1\t2\n3\t4\n5\t7\n';
    const r = run(['summary', '-', '--json', '-q', '--input-format', 'tsv'], tsv);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).rows).toBe(3);
  });
  test('the format libraries load from dist/vendor in the built worker (Arrow from standard input, .mat v7.3)', () => {
    const r = run(['summary', '-', '--json', '-q'], readFileSync(join(FORMATS, 'table.feather')));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).rows).toBe(300);
    const m = run(['summary', join(FORMATS, 'v73.mat'), '--dataset', 'X', '--json', '-q']);
    expect(m.status).toBe(0);
    expect(JSON.parse(m.stdout).rows).toBe(20);
  });
  test.each([
    ['empty', new Uint8Array(0), /standard input: nothing was piped in/],
    ['binary', new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 7) % 256)), /standard input: binary content/],
    ['HDF5', readFileSync(join(FORMATS, 'single.h5')), /standard input: HDF5 content can only be read from a file/],
  ])('%s standard input: one clear line, exit 2', (_name, input, re) => {
    const r = run(['summary', '-'], input);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(re);
  });
  test('--dataset and --slice reach the HDF5 reader; an unknown --input-format is a usage error', () => {
    const r = run(['summary', join(FORMATS, 'dtypes.h5'), '--dataset', 'cube', '--slice', '1,:,0', '--json', '-q']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { rows: number; provenance: { selection: string; input: unknown } };
    expect(doc.rows).toBe(60);
    expect(doc.provenance.selection).toBe('/cube[1,:,0]');
    expect(doc.provenance.input).toEqual({ dataset: 'cube', slice: '1,:,0' });
    const bad = run(['summary', join(FORMATS, 'dtypes.h5'), '--input-format', 'xls']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown --input-format "xls"/);
    const none = run(['summary', join(FORMATS, 'no_numeric.h5')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no_numeric\.h5: no numeric dataset/);
  });
});
