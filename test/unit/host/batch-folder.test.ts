/**
 * The host's view of a batch folder, on a real batch made by the built CLI (dist/): the journal counts, the batch
 * result read back (table values, PCA projection, class means) against the folder's own features.csv, and the
 * incremental journal counter on a journal written in steps.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FolderWatcher } from '../../../src/host/batch/folder';
import { JournalCounter } from '../../../src/host/batch/journal-count';
import { readBatchResult } from '../../../src/host/batch/result';
import { pca } from '../../../src/analysis/features/pca';
import { dynlens, parseCsv, ROOT } from '../batch/helpers';

let out: string;
let csv: { header: string[]; rows: string[][] };

beforeAll(() => {
  out = join(mkdtempSync(join(tmpdir(), 'dynlens-host-batch-')), 'out');
  const r = dynlens([
    'batch',
    'signed-barcode',
    join(ROOT, 'examples', 'waves.tsv'),
    '--delay-embedding',
    '2,3',
    '--grid',
    '8',
    '--image-resolution',
    '5',
    '--line-slices',
    '0',
    '--format',
    'csv',
    '--workers',
    '1',
    '-q',
    '--out',
    out,
  ]);
  expect(r.status, r.stderr).toBe(0);
  const text = readFileSync(join(out, 'features.csv'), 'utf8');
  const lines = parseCsv(text);
  csv = { header: lines[0], rows: lines.slice(1) };
}, 120_000);

describe('a batch folder as the host reads it', () => {
  it('counts the items of the journal', () => {
    const st = new FolderWatcher(out).status();
    expect(st).toMatchObject({ total: 16, done: 16, failed: 0, locked: false });
    expect(st.finished).toMatchObject({ complete: true, ok: 16, failed: 0 });
  });

  it('reads the items and the first feature columns as features.csv has them', () => {
    const { result } = readBatchResult(out);
    expect(result).toMatchObject({ total: 16, ok: 16, failed: 0, complete: true, analysisId: 'signed-barcode' });
    const first = csv.header.indexOf('status') + 2; // after status and error
    expect(result.names).toEqual(csv.header.slice(first));
    expect(result.items.map((it) => it.label)).toEqual(csv.rows.map((r) => r[csv.header.indexOf('label')]));
    for (let i = 0; i < 16; i++)
      for (let c = 0; c < result.tableColumns; c++)
        expect(result.tableValues[i * result.tableColumns + c]).toBe(Number(csv.rows[i][first + c]));
  });

  it('projects the feature vectors of features.csv on their first two principal components', () => {
    const { result } = readBatchResult(out);
    const first = csv.header.indexOf('status') + 2;
    const d = csv.header.length - first;
    const x = Float64Array.from(csv.rows.flatMap((r) => r.slice(first).map(Number)));
    const p = pca(x, 16, d, 2);
    expect(result.projection?.index).toEqual(Array.from({ length: 16 }, (_, i) => i));
    for (let i = 0; i < 16; i++) {
      expect(result.projection!.x[i]).toBeCloseTo(p.scores[2 * i], 10);
      expect(result.projection!.y[i]).toBeCloseTo(p.scores[2 * i + 1], 10);
    }
  });

  it('averages the Hilbert images per label', () => {
    const { result } = readBatchResult(out);
    const cm = result.classMeans!;
    expect(cm.grids.map((g) => g.name)).toContain('hilbert_h1');
    expect(cm.classes.map((c) => [c.label, c.count])).toEqual([
      ['1', 8],
      ['2', 8],
    ]);
    const g = cm.grids.findIndex((x) => x.name === 'hilbert_h1');
    const { rows, cols } = cm.grids[g];
    const first = csv.header.indexOf('status') + 2;
    // pixel (a, b) of the mean image of label 2 is the mean of column hilbert_h1_r<a>_t<b> over label-2 rows
    const label = csv.header.indexOf('label');
    for (const [a, b] of [
      [0, 0],
      [rows - 1, cols - 1],
      [Math.floor(rows / 2), 1],
    ]) {
      const name = csv.header.findIndex((h) => new RegExp(`^hilbert_h1_r0*${a}_t0*${b}$`).test(h));
      const vals = csv.rows.filter((r) => r[label] === '2').map((r) => Number(r[name]));
      const mean = vals.reduce((s, v) => s + v, 0) / vals.length;
      expect(cm.classes[1].images[g][a * cols + b]).toBeCloseTo(mean, 12);
      expect(name).toBeGreaterThanOrEqual(first);
    }
  });
});

describe('JournalCounter', () => {
  it('reads only what was appended, skips a torn line until it is whole, and restarts on a cut', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dynlens-journal-')), 'journal.jsonl');
    writeFileSync(path, '{"type":"header","items":5,"range":[0,5]}\n{"type":"names","key":0,"names":["a"]}\n');
    const c = new JournalCounter(path);
    expect(c.poll()).toMatchObject({ items: 5, done: 0, failed: 0 });
    appendFileSync(path, '{"type":"item","index":0,"status":"ok"}\n{"type":"item","index":1,"sta');
    expect(c.poll()).toMatchObject({ done: 1, failed: 0 });
    appendFileSync(path, 'tus":"failed","error":"x"}\n{"type":"item","index":1,"status":"failed"}\n');
    expect(c.poll()).toMatchObject({ done: 2, failed: 1 });
    writeFileSync(path, '{"type":"header","items":5,"range":[0,5]}\n');
    expect(c.poll()).toMatchObject({ done: 0, failed: 0 });
  });
});
