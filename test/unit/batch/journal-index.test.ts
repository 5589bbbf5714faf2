/** The compact journal index (typed arrays, the last line of an index wins) and items read one at a time. */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eachItem, ItemCursor, itemAt, itemCount } from '../../../src/analysis/collections/cursor';
import { readCollection } from '../../../src/analysis/collections/read';
import { DEFAULT_COLLECTION_OPTIONS } from '../../../src/analysis/collections/types';
import { JournalWriter, type JournalHeader } from '../../../src/runtime/batch/journal';
import {
  closeIndex,
  countDone,
  FAILED,
  indexJournal,
  lineValues,
  NOT_DONE,
  OK,
  readLine,
} from '../../../src/runtime/batch/journal-index';
import { tempDir, writeClouds } from './helpers';

const header = (items: number): JournalHeader => ({
  type: 'header',
  analysis: 'summary',
  params: {},
  collectionHash: 'h',
  items,
  shard: [0, 1],
  runtimeVersion: 'test',
  collections: ['c'],
  extraColumns: [],
});

const meta = { collection: 'c', source: 's', extra: {} };

describe('journal index', () => {
  it('keeps status, offsets and names keys per item; a retried item takes its last line; a torn line is cut', () => {
    const path = join(tempDir(), 'journal.jsonl');
    const w = new JournalWriter(path);
    w.header(header(4));
    w.item({ index: 0, id: 'a', meta, status: 'ok', names: ['x', 'y'], values: Float64Array.of(1.5, -2), ms: 3 });
    w.item({ index: 1, id: 'b', meta, status: 'failed', error: 'b: broken' });
    w.item({ index: 3, id: 'd', meta, status: 'failed', error: 'd: broken' });
    w.item({ index: 1, id: 'b', meta, status: 'ok', names: ['x', 'y'], values: Float64Array.of(0.1, 1 / 3), ms: 2 });
    w.close();
    appendFileSync(path, '{"type":"item","index":2,"id":"c","sta'); // killed while writing
    const j = indexJournal(path);
    try {
      expect([...j.status]).toEqual([OK, OK, NOT_DONE, FAILED]);
      expect(countDone(j, 0, 4)).toEqual({ ok: 2, failed: 1 });
      expect(countDone(j, 1, 3)).toEqual({ ok: 1, failed: 0 });
      expect(j.names.get(j.key[1])).toEqual(['x', 'y']);
      expect([...lineValues(readLine(j, 1))]).toEqual([0.1, 1 / 3]); // bytes, not decimal text
      expect(readLine(j, 3).error).toBe('d: broken');
      expect(j.ms[0]).toBe(3);
      expect(j.nextKey).toBe(1);
      const text = readFileSync(path, 'utf8');
      expect(j.validBytes).toBe(text.lastIndexOf('\n') + 1);
    } finally {
      closeIndex(j);
    }
  });

  it('reads only the appended lines when given the previous index of the journal', () => {
    const path = join(tempDir(), 'journal.jsonl');
    const w = new JournalWriter(path);
    w.header(header(3));
    w.item({ index: 0, id: 'a', meta, status: 'failed', error: 'a: broken' });
    const first = indexJournal(path);
    closeIndex(first);
    w.item({ index: 2, id: 'c', meta, status: 'ok', names: ['x'], values: Float64Array.of(7), ms: 1 });
    w.item({ index: 0, id: 'a', meta, status: 'ok', names: ['x'], values: Float64Array.of(5), ms: 1 });
    w.close();
    const next = indexJournal(path, first);
    const fresh = indexJournal(path);
    try {
      expect([...next.status]).toEqual([OK, NOT_DONE, OK]);
      expect([...next.status]).toEqual([...fresh.status]);
      expect([...next.offset]).toEqual([...fresh.offset]);
      expect(next.validBytes).toBe(fresh.validBytes);
      expect([...lineValues(readLine(next, 0))]).toEqual([5]);
    } finally {
      closeIndex(next);
      closeIndex(fresh);
    }
  });

  it('refuses an item past the header and a line that is not JSON', () => {
    const dir = tempDir();
    const past = join(dir, 'past.jsonl');
    writeFileSync(past, JSON.stringify(header(1)) + '\n{"type":"item","index":5,"id":"x","status":"failed"}\n');
    expect(() => indexJournal(past)).toThrow(/item 5 .* past the 1 items/);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, JSON.stringify(header(1)) + '\n{oops\n');
    expect(() => indexJournal(bad)).toThrow(/not JSON/);
  });
});

describe('items one at a time', () => {
  it('builds folder and UCR items on demand, equal to the listed ones, across several collections', async () => {
    const root = tempDir();
    const folder = await readCollection(writeClouds(join(root, 'c'), 4, 10), DEFAULT_COLLECTION_OPTIONS);
    const ucrPath = join(root, 'T.tsv');
    writeFileSync(ucrPath, '\r\n1\t0.5\t0.25\r\n\r\n2\t1\t2\t3\r\n   \n1\t4\t5\n');
    const ucr = await readCollection(ucrPath, DEFAULT_COLLECTION_OPTIONS);
    expect(itemCount(ucr)).toBe(3);
    expect([0, 1, 2].map((k) => [itemAt(ucr, k).id, itemAt(ucr, k).label])).toEqual([
      ['T.tsv:2', '1'],
      ['T.tsv:4', '2'],
      ['T.tsv:6', '1'],
    ]);
    const row = (await itemAt(ucr, 1).load()) as { kind: 'table'; dataset: { data: Float64Array[] } };
    expect([...row.dataset.data[0]]).toEqual([1, 2, 3]);
    expect(folder.items.map((i) => i.id)).toEqual([0, 1, 2, 3].map((k) => itemAt(folder, k).id));
    const cursor = new ItemCursor([folder, ucr]);
    expect(cursor.total).toBe(7);
    expect(cursor.at(4)).toMatchObject({ collection: ucr, item: { id: 'T.tsv:2' } });
    expect(cursor.at(3)).toMatchObject({ collection: folder, item: { id: 'c003_ring.csv' } });
    expect([...eachItem([folder, ucr])].map((i) => i.id)).toEqual([
      ...folder.items.map((i) => i.id),
      ...ucr.items.map((i) => i.id),
    ]);
  });
});

describe('journal lines read back', () => {
  it('gives every field and the exact values, whatever text the fields hold', () => {
    const path = join(tempDir(), 'journal.jsonl');
    const w = new JournalWriter(path);
    w.header(header(3));
    const tricky = { collection: 'c', source: 'a,"values":"x"}.csv', label: 'l"}', extra: { note: ',"values":"' } };
    const values = Float64Array.of(0, -0, 1e-310, Math.PI, -1e300, NaN, Infinity);
    w.item({
      index: 0,
      id: 'i0',
      meta: tricky,
      status: 'ok',
      names: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      values,
      ms: 2,
    });
    w.item({ index: 1, id: 'i1', meta: tricky, status: 'failed', error: 'bad "values":"' });
    w.item({ index: 2, id: 'i2', meta, status: 'ok', names: [], values: new Float64Array(0), ms: 1 });
    w.close();
    const j = indexJournal(path);
    const l0 = readLine(j, 0);
    expect(l0).toMatchObject({ index: 0, id: 'i0', source: tricky.source, label: tricky.label, extra: tricky.extra });
    expect(Object.is(lineValues(l0)[1], -0)).toBe(true);
    expect(Array.from(lineValues(l0))).toEqual(Array.from(values));
    expect(readLine(j, 1)).toMatchObject({
      id: 'i1',
      status: 'failed',
      error: 'bad "values":"',
      source: tricky.source,
    });
    expect(lineValues(readLine(j, 2)).length).toBe(0);
    closeIndex(j);
  });
});
