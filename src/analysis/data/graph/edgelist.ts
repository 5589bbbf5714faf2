/**
 * Edge lists: CSV or TSV with the header `source,target` or `source,target,weight` (node ids are any strings,
 * quoted fields allowed, lines starting with '#' are comments), and the optional node table beside it
 * (`id,attr1,attr2,...`): numeric attribute columns become node functions, its ids that no edge names become
 * isolated nodes.
 */
import Papa from 'papaparse';
import { badInput } from '../../core/errors';
import { buildGraph, NodeIndex, type RawEdge } from './build';
import type { GraphData, NodeAttribute } from './types';

/** The first non-comment, non-blank line of a text. */
function firstLine(text: string): string {
  for (const raw of text.slice(0, 1 << 16).split(/\r?\n/)) {
    const line = raw.trim();
    if (line !== '' && !line.startsWith('#')) return line;
  }
  return '';
}

function headerFields(line: string): string[] {
  const delim = line.includes('\t') ? '\t' : ',';
  return line.split(delim).map((s) =>
    s
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase(),
  );
}

/** True when the header is `source,target[,weight]` (comma or tab separated): the file is an edge list. */
export function isEdgeListHeader(text: string): boolean {
  const f = headerFields(firstLine(text));
  return (
    f.length >= 2 && f.length <= 3 && f[0] === 'source' && f[1] === 'target' && (f.length === 2 || f[2] === 'weight')
  );
}

function records(file: string, text: string): string[][] {
  const line = firstLine(text);
  const parsed = Papa.parse<string[]>(text, {
    delimiter: line.includes('\t') ? '\t' : ',',
    comments: '#',
    skipEmptyLines: 'greedy',
  });
  const bad = parsed.errors.find((e) => e.type === 'Quotes');
  if (bad) throw badInput(`row ${(bad.row ?? 0) + 1}: ${bad.message}`, { file, row: (bad.row ?? 0) + 1 });
  return parsed.data;
}

/**
 * Parses an edge list, and its node table when given (`nodes`: the table's path and text). `anyHeader` (--input
 * graph): the first line is a header of 2 or 3 names, whatever they are (source, target, weight in that order).
 */
export function parseEdgeList(
  file: string,
  text: string,
  nodes?: { file: string; text: string },
  anyHeader = false,
): GraphData {
  const rows = records(file, text);
  const header = (rows[0] ?? []).map((s) => s.trim().toLowerCase());
  const ok = anyHeader ? header.length === 2 || header.length === 3 : isEdgeListHeader(rows[0]?.join(',') ?? '');
  if (!ok)
    throw badInput(
      `an edge list starts with the header source,target[,weight] (with --input graph: any 2 or 3 names); got "${header.join(',')}"`,
      { file },
    );
  const weighted = header.length === 3;
  const index = new NodeIndex();
  const edges: RawEdge[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== header.length)
      throw badInput(`row ${r + 1}: ${row.length} fields, the header has ${header.length}`, { file, row: r + 1 });
    const a = row[0].trim();
    const b = row[1].trim();
    if (a === '' || b === '') throw badInput(`row ${r + 1}: empty node id`, { file, row: r + 1 });
    const cell = weighted ? row[2].trim() : '';
    edges.push({
      u: index.of(a),
      v: index.of(b),
      weight: weighted ? (cell === '' ? NaN : Number(cell)) : undefined,
      where: r + 1,
    });
  }
  const notes = [`edge list: ${edges.length} rows${weighted ? ', weighted' : ''}`];
  const attributes = nodes ? readNodeTable(nodes.file, nodes.text, index, notes) : [];
  return buildGraph(file, index.ids, edges, weighted, attributes, notes);
}

/**
 * The node table: first column the id, the others numeric attributes (a cell that is not a number is NaN, and a node
 * function over that column then refuses it by name). Its ids that no edge names are added as isolated nodes.
 */
function readNodeTable(file: string, text: string, index: NodeIndex, notes: string[]): NodeAttribute[] {
  const rows = records(file, text);
  if (rows.length === 0) throw badInput('the node table is empty (header id,attr1,... expected)', { file });
  const header = rows[0].map((s) => s.trim());
  if (header.length < 1 || header[0].toLowerCase() !== 'id')
    throw badInput(`a node table starts with the header id,attr1,...; got "${header.join(',')}"`, { file });
  const before = index.ids.length;
  const values: number[][] = header.slice(1).map(() => []);
  const listed = new Set<number>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== header.length)
      throw badInput(`row ${r + 1}: ${row.length} fields, the header has ${header.length}`, { file, row: r + 1 });
    const k = index.of(row[0].trim());
    if (listed.has(k)) throw badInput(`row ${r + 1}: node "${row[0].trim()}" is listed twice`, { file, row: r + 1 });
    listed.add(k);
    for (let c = 1; c < header.length; c++) {
      const cell = row[c].trim();
      values[c - 1][k] = cell === '' ? NaN : Number(cell);
    }
  }
  const n = index.ids.length;
  if (n > before) notes.push(`${n - before} node${n - before > 1 ? 's' : ''} of the node table in no edge (isolated)`);
  if (listed.size < n) notes.push(`${n - listed.size} node(s) missing from the node table: their attributes are NaN`);
  return header.slice(1).map((name, c) => {
    const out = new Float64Array(n).fill(NaN);
    values[c].forEach((v, k) => (out[k] = v));
    return { name, values: out };
  });
}
