/**
 * sktime/aeon `.ts` files: `@`-header lines (`@problemName`, `@timeStamps`, `@univariate`, `@equalLength`,
 * `@seriesLength`, `@classLabel true L1 L2 ...` or `@targetLabel true`, `@missing`, `@dimensions`), then `@data`
 * and one case per line: dimensions separated by `:`, values by `,`, the label last. Ragged series are allowed;
 * `?` and `NaN` are missing values (trailing ones are dropped, inner ones fail that case only).
 */
import { basename, resolve } from 'node:path';
import { badInput } from '../core/errors';
import { labelFromPath, readCollectionFile, seriesInput, seriesValues } from './common';
import { canonicalLabel } from './ucr';
import { streamingCollection } from './cursor';
import { lineSpans, spansFrom, spanText, type LineSpans } from './lines';
import type { Collection, CollectionItem, CollectionOptions } from './types';

interface TsHeader {
  problemName?: string;
  hasLabel: boolean;
  classLabels?: string[];
  /** Index in the file's kept lines (lineSpans) of the first line after "@data". */
  dataIndex: number;
}

const BOOLEAN_KEYS = new Set(['timestamps', 'missing', 'univariate', 'equallength', 'classlabel', 'targetlabel']);
const KNOWN_KEYS = new Set([...BOOLEAN_KEYS, 'problemname', 'serieslength', 'dimensions', 'dimension', 'data']);

/** The header: the kept lines (not blank, not `#` comments) up to "@data". */
function parseHeader(text: string, lines: LineSpans, file: string): TsHeader {
  const header: TsHeader = { hasLabel: false, dataIndex: -1 };
  for (let k = 0; k < lines.starts.length; k++) {
    const line = spanText(text, lines, k).trim();
    const row = lines.rows[k];
    if (!line.startsWith('@'))
      throw badInput(`line ${row}: data before @data (the header must end with a line "@data")`, { file, row });
    const [rawKey, ...args] = line.slice(1).split(/\s+/);
    const key = rawKey.toLowerCase();
    if (!KNOWN_KEYS.has(key)) throw badInput(`line ${row}: unknown header line @${rawKey}`, { file, row });
    if (key === 'data') {
      header.dataIndex = k + 1;
      return header;
    }
    if (BOOLEAN_KEYS.has(key)) {
      const v = args[0]?.toLowerCase();
      if (v !== 'true' && v !== 'false')
        throw badInput(`line ${row}: @${rawKey} must be followed by true or false, got "${args[0] ?? ''}"`, {
          file,
          row,
        });
      if (key === 'timestamps' && v === 'true')
        throw badInput(`line ${row}: @timeStamps true (time-stamped cases) is not supported`, { file, row });
      if (key === 'classlabel' || key === 'targetlabel') {
        header.hasLabel ||= v === 'true';
        if (key === 'classlabel' && v === 'true') {
          if (args.length < 2)
            throw badInput(`line ${row}: @classLabel true must list the class labels`, { file, row });
          header.classLabels = args.slice(1).map((a) => canonicalLabel(a) ?? a);
        }
      }
    } else if (key === 'problemname') header.problemName = args.join(' ');
    else if ((key === 'serieslength' || key.startsWith('dimension')) && !/^\d+$/.test(args[0] ?? ''))
      throw badInput(`line ${row}: @${rawKey} needs a non-negative integer, got "${args[0] ?? ''}"`, { file, row });
  }
  throw badInput('no @data line: the header is incomplete', { file });
}

/** One case as an item: the closure holds the case's line and what checks it, nothing of the other cases. */
function caseItem(
  file: string,
  stem: string,
  h: TsHeader,
  line: string,
  row: number,
  dims: number,
  options: CollectionOptions,
): CollectionItem {
  const source = `${file}:${row}`;
  const parts = line.split(':');
  let label: string | undefined;
  if (h.hasLabel && parts.length >= 2) label = canonicalLabel(parts[parts.length - 1]);
  label ??= labelFromPath(options.labelFromPath, source);
  return {
    id: `${stem}:${row}`,
    source,
    label,
    extra: {},
    load: async () => {
      if (h.hasLabel && parts.length < 2)
        throw badInput(`row ${row}: no label (the header says @classLabel true: "values:label")`, { file, row });
      if (h.classLabels && label !== undefined && !h.classLabels.includes(label))
        throw badInput(`row ${row}: label "${label}" is not among @classLabel ${h.classLabels.join(' ')}`, {
          file,
          row,
        });
      const series = h.hasLabel ? parts.slice(0, -1) : parts;
      if (series.length !== dims)
        throw badInput(`row ${row}: ${series.length} dimensions, the first case has ${dims}`, { file, row });
      const values = series.map((v, d) =>
        seriesValues(v.split(','), file, row, series.length > 1 ? `dimension ${d + 1} value` : 'value'),
      );
      if (values.some((v) => v.length !== values[0].length))
        throw badInput(`row ${row}: dimensions of different lengths (${values.map((v) => v.length).join(', ')})`, {
          file,
          row,
        });
      return seriesInput(source, values, `case at line ${row} of ${stem}`);
    },
  };
}

export async function readSktimeTs(path: string, options: CollectionOptions): Promise<Collection> {
  const file = resolve(path);
  const text = new TextDecoder('utf-8').decode(await readCollectionFile(file, options)).replace(/^\uFEFF/, '');
  const lines = lineSpans(text, 0, '#');
  const h = parseHeader(text, lines, file);
  const stem = basename(file);
  const spans = spansFrom(lines, h.dataIndex);
  const count = spans.starts.length;
  if (count === 0) throw badInput('no cases after @data', { file });
  const firstParts = spanText(text, spans, 0).trim().split(':');
  const dims = h.hasLabel && firstParts.length >= 2 ? firstParts.length - 1 : firstParts.length;
  const item = (k: number) => caseItem(file, stem, h, spanText(text, spans, k).trim(), spans.rows[k], dims, options);
  const notes = [
    `sktime .ts ${h.problemName ?? stem}: ${count} cases, ${dims} dimension(s)${h.hasLabel ? ', labelled' : ''}`,
  ];
  return streamingCollection({ name: path, layout: 'sktime-ts', files: [file], extraColumns: [], notes }, count, item);
}
