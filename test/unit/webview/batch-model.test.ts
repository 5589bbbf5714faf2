import { describe, expect, it } from 'vitest';
import {
  plotText,
  projectionGroups,
  sharedRange,
  sortOrder,
  tableColumns,
  tableRows,
  type BatchJson,
  type Cell,
} from '../../../webview/views/batch-model';

const result: BatchJson = {
  names: ['a', 'b', 'c'],
  items: [
    { index: 0, id: 'item 10', source: '/d/x10.csv', label: 'ring', status: 'ok' },
    { index: 1, id: 'item 2', source: '/d/<b>x2</b>.csv', label: 'blob', status: 'ok' },
    { index: 2, id: 'item 3', source: '/d/x3.csv', status: 'failed' },
    { index: 3, id: 'item 1', source: '/d/x1.csv', label: 'ring', status: 'ok' },
  ],
  tableValues: [1, 5, 3, 2, null, null, 2, 2],
  tableColumns: 2,
  projection: { index: [0, 1, 3], x: [0.5, -1, 0.25], y: [1, 2, 3] },
};

describe('batch table model', () => {
  it('lists meta columns and the first features', () => {
    expect(tableColumns(result)).toEqual(['item', 'id', 'label', 'status', 'a', 'b']);
    expect(tableRows(result)).toEqual([
      [0, 'item 10', 'ring', 'ok', 1, 5],
      [1, 'item 2', 'blob', 'ok', 3, 2],
      [2, 'item 3', '', 'failed', null, null],
      [3, 'item 1', 'ring', 'ok', 2, 2],
    ]);
  });

  it('sorts numbers by value and text naturally, blanks last both ways, ties in item order', () => {
    const rows = tableRows(result);
    expect(sortOrder(rows, 4, 'asc')).toEqual([0, 3, 1, 2]);
    expect(sortOrder(rows, 4, 'desc')).toEqual([1, 3, 0, 2]);
    expect(sortOrder(rows, 5, 'asc')).toEqual([1, 3, 0, 2]); // 2, 2 (tie: item order), 5, blank
    expect(sortOrder(rows, 1, 'asc')).toEqual([3, 1, 2, 0]); // item 1, item 2, item 3, item 10
    expect(sortOrder(rows, 2, 'desc')).toEqual([0, 3, 1, 2]); // ring, ring, blob, (no label)
    const mixed: Cell[][] = [['b'], [3], [null], ['a'], [NaN], [1]];
    expect(sortOrder(mixed, 0, 'asc')).toEqual([5, 1, 3, 0, 2, 4]);
  });
});

describe('projection groups', () => {
  it('groups points by label in order of appearance, hover text escaped', () => {
    const g = projectionGroups(result);
    expect(g.map((x) => [x.label, x.index, x.x])).toEqual([
      ['ring', [0, 3], [0.5, 0.25]],
      ['blob', [1], [-1]],
    ]);
    expect(g[1].text[0]).toBe('item 2<br>/d/&lt;b&gt;x2&lt;/b&gt;.csv<br>label blob');
  });

  it('plotText never lets a tag through', () => {
    expect(plotText('<img src=x onerror=alert(1)> & co')).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; co');
  });

  it('sharedRange spans every image and survives empty ones', () => {
    expect(
      sharedRange([
        [1, null, 3],
        [-2, 0],
      ]),
    ).toEqual([-2, 3]);
    expect(sharedRange([[null]])).toEqual([0, 1]);
    expect(sharedRange([[2, 2]])).toEqual([1, 3]);
  });
});
