/**
 * XPPAUT's output (`output.dat` or any `.dat`): whitespace-separated numbers, one time point per line, `t` first,
 * then the state variables in the order of the model, then its auxiliary quantities. Column names come from the
 * `.ode` beside the file (same name, else the only `.ode` in the folder), parsed by the model parser.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { badInput } from '../core/errors';
import type { Dataset, LoadOptions } from '../core/input';
import { parseOde } from '../stability/ode/parser';
import { assertDecodedFits } from './dataset';

function modelBeside(file: string): string | undefined {
  if (file === '-' || !file.includes('.')) return undefined;
  const dir = dirname(file);
  const same = join(dir, basename(file).replace(/\.[^.]*$/, '.ode'));
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.ode'));
  } catch {
    return undefined;
  }
  if (names.includes(basename(same))) return same;
  return names.length === 1 ? join(dir, names[0]) : undefined;
}

/** Column names from the model: t, states, auxiliaries; or why not (as a note). */
function namesFromModel(file: string, width: number): { names?: string[]; note: string } {
  const odePath = modelBeside(file);
  if (!odePath) return { note: 'no .ode beside the file: columns named t, x1, x2, ...' };
  try {
    const model = parseOde(readFileSync(odePath, 'utf8'), odePath);
    const names = ['t', ...model.stateNames, ...model.aux.map((a) => a.name)];
    if (names.length === width) return { names, note: `column names from ${basename(odePath)}` };
    if (1 + model.stateNames.length === width)
      return { names: names.slice(0, width), note: `column names from ${basename(odePath)} (no auxiliaries)` };
    return {
      note: `${basename(odePath)} gives ${names.length} columns (t, states, aux), the file has ${width}: generic names used`,
    };
  } catch (e) {
    return { note: `${basename(odePath)} could not be parsed (${e instanceof Error ? e.message : String(e)})` };
  }
}

export function parseXppDat(file: string, bytes: Uint8Array, options: LoadOptions = {}): Dataset {
  const text = new TextDecoder('utf-8').decode(bytes);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw badInput('empty .dat file', { file });
  const width = lines[0].trim().split(/\s+/).length;
  assertDecodedFits(file, lines.length, width, options.maxBytes);
  const data = Array.from({ length: width }, () => new Float64Array(lines.length));
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i].trim().split(/\s+/);
    if (cells.length !== width)
      throw badInput(`line ${i + 1} has ${cells.length} values, the first line has ${width}`, { file, row: i + 1 });
    for (let j = 0; j < width; j++) {
      const v = Number(cells[j]);
      if (Number.isNaN(v) && !/^nan$/i.test(cells[j]))
        throw badInput(`"${cells[j]}" is not a number (XPPAUT .dat holds numbers only)`, {
          file,
          row: i + 1,
          column: j + 1,
        });
      data[j][i] = v;
    }
    if ((i & 0xffff) === 0) options.signal?.throwIfCancelled();
  }
  const { names, note } = namesFromModel(file, width);
  const columns = names ?? ['t', ...Array.from({ length: width - 1 }, (_, j) => `x${j + 1}`)];
  return { source: file, columns, data, rows: lines.length, notes: [`xppaut .dat, ${note}`] };
}
