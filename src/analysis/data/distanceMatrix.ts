import { badInput } from '../core/errors';
import type { Dataset } from '../core/input';
import { assertDecodedFits, CellKind, CellParser, ColumnBuilder } from './dataset';

/**
 * Ripser's `.lower_distance_matrix` format: the strict lower triangle of a symmetric distance matrix, row by row
 * (row i holds d(i,0) .. d(i,i-1)), entries separated by commas and/or whitespace; line breaks are not significant
 * (Ripser reads a flat stream), so n is recovered from the entry count m = n(n-1)/2.
 * The Dataset has one column "distance" with the m entries in that order; the topology analysis reads it so.
 */
export function parseLowerDistanceMatrix(
  file: string,
  bytes: Uint8Array,
  options: { maxBytes?: number } = {},
): Dataset {
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw badInput('empty file', { file });
  const cell = new CellParser();
  const col = new ColumnBuilder(Math.ceil(text.length / 4) + 16);
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    line++;
    const s = text.slice(pos, nl);
    pos = nl + 1;
    const trimmed = s.trim();
    if (trimmed === '' || trimmed[0] === '#') continue;
    const tokens = trimmed.split(/[\s,]+/);
    for (let k = 0; k < tokens.length; k++) {
      const tok = tokens[k];
      if (tok === '') continue;
      const v = cell.parse(tok);
      if (cell.kind !== CellKind.Number || !(v >= 0) || v === Infinity) {
        throw badInput(`row ${line}, entry ${k + 1}: "${tok.slice(0, 40)}" is not a finite non-negative distance`, {
          file,
          row: line,
          column: k + 1,
        });
      }
      col.push(v, CellKind.Number, line);
    }
    if ((col.length & 0xfffff) === 0) assertDecodedFits(file, col.length, 1, options.maxBytes);
  }
  const m = col.length;
  // m = n(n-1)/2  <=>  n = (1 + sqrt(1 + 8m)) / 2.
  const n = Math.round((1 + Math.sqrt(1 + 8 * m)) / 2);
  if (m === 0) throw badInput('no distances', { file });
  if ((n * (n - 1)) / 2 !== m) {
    throw badInput(
      `${m} entries is not a lower triangle n(n-1)/2 for any n (nearest: n = ${n} needs ${(n * (n - 1)) / 2})`,
      { file },
    );
  }
  return {
    source: file,
    columns: ['distance'],
    data: [col.finish()],
    rows: m,
    notes: [`lower-triangular distance matrix, n = ${n} points`],
  };
}
