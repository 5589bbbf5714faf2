/**
 * NetCDF-3 (classic and 64-bit offset) through netcdfjs. The whole file is in memory (the format has no
 * compression and such files are small); one variable is read. Coordinate variables (a variable named like its
 * only dimension, e.g. time) become the first column of the variables along that dimension.
 */
import { NetCDFReader } from 'netcdfjs';
import { badInput, DynLensError } from '../core/errors';
import type { Dataset, LoadOptions } from '../core/input';
import { assertDecodedFits } from './dataset';
import { tableFromFlat } from './nd';
import { formatSlice } from './slice';

type Variable = NetCDFReader['variables'][number];

const NUMERIC = new Set(['byte', 'short', 'int', 'float', 'double']);

function attrs(v: Variable): { name: string; value: unknown }[] {
  return v.attributes;
}

function isCoordinate(reader: NetCDFReader, v: Variable): boolean {
  return v.dimensions.length === 1 && reader.dimensions[v.dimensions[0]]?.name === v.name;
}

function describe(reader: NetCDFReader, v: Variable): string {
  const dims = v.dimensions.map((d) => `${reader.dimensions[d].name}=${reader.dimensions[d].size}`);
  return `${v.name} ${v.type} (${dims.join(', ')})`;
}

function shapeOf(reader: NetCDFReader, v: Variable): number[] {
  return v.dimensions.map((d) =>
    reader.recordDimension.id === d ? reader.recordDimension.length : reader.dimensions[d].size,
  );
}

function choose(file: string, reader: NetCDFReader, wanted: string | undefined): Variable {
  const vars = reader.variables;
  const numeric = vars.filter((v) => NUMERIC.has(v.type));
  if (wanted !== undefined) {
    const v = vars.find((x) => x.name === wanted);
    if (!v)
      throw new DynLensError(
        'usage',
        `no variable "${wanted}"; numeric variables: ${numeric.map((x) => describe(reader, x)).join(', ') || 'none'}`,
        { file, choices: numeric.map((x) => x.name) },
      );
    if (!NUMERIC.has(v.type)) throw badInput(`variable ${describe(reader, v)} is text, not numbers`, { file });
    return v;
  }
  const data = numeric.filter((v) => !isCoordinate(reader, v));
  const candidates = data.length > 0 ? data : numeric;
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0)
    throw badInput(`no numeric variable (variables: ${vars.map((v) => describe(reader, v)).join(', ')})`, { file });
  throw new DynLensError(
    'usage',
    `${candidates.length} numeric variables, pick one with --dataset: ${candidates.map((v) => describe(reader, v)).join(', ')}`,
    { file, choices: candidates.map((v) => v.name) },
  );
}

function attributeNotes(prefix: string, list: { name: string; value: unknown }[]): string[] {
  return list
    .filter((a) => a.name !== '_FillValue' && (typeof a.value === 'string' || typeof a.value === 'number'))
    .map((a) => `${prefix}${a.name} = ${typeof a.value === 'string' ? JSON.stringify(a.value) : a.value}`);
}

function flatValues(reader: NetCDFReader, v: Variable): ArrayLike<number> {
  const raw = reader.getDataVariable(v) as unknown[];
  // Multi-dimensional non-record variables come back flat; record variables as one array per record.
  return (raw.length > 0 && Array.isArray(raw[0]) ? (raw as number[][]).flat() : raw) as ArrayLike<number>;
}

/**
 * The dimension names of a classic (CDF-1/2) header whose variable list is empty, else undefined. netcdfjs fails on
 * such files with a TypeError; this walks the header as the NetCDF classic format specification lays it out
 * (magic, numrecs, dim_list, gatt_list, var_list; names and values padded to 4 bytes).
 */
function dimensionsOnly(bytes: Uint8Array): string[] | undefined {
  if (bytes.length < 16 || bytes[3] === 5) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  const u32 = () => {
    const v = view.getUint32(at);
    at += 4;
    return v;
  };
  const name = () => {
    const n = u32();
    const s = new TextDecoder().decode(bytes.subarray(at, at + n));
    at += Math.ceil(n / 4) * 4;
    return s;
  };
  const sizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 4, 6: 8 };
  try {
    const dims: string[] = [];
    u32();
    const nd = u32();
    for (let i = 0; i < nd; i++) {
      dims.push(name());
      u32();
    }
    u32();
    const na = u32();
    for (let i = 0; i < na; i++) {
      name();
      const type = u32();
      at += Math.ceil((u32() * (sizes[type] ?? 1)) / 4) * 4;
    }
    const tag = u32();
    const nv = u32();
    return (tag === 0 || tag === 0x0b) && nv === 0 ? dims : undefined;
  } catch {
    return undefined;
  }
}

export function parseNetcdf3(file: string, bytes: Uint8Array, options: LoadOptions = {}): Dataset {
  let reader: NetCDFReader;
  try {
    reader = new NetCDFReader(bytes);
  } catch (e) {
    const dims = dimensionsOnly(bytes);
    if (dims)
      throw badInput(`NetCDF file has only dimensions (${dims.join(', ') || 'none'}) and no variables`, { file });
    throw badInput(`not a readable NetCDF-3 file: ${e instanceof Error ? e.message : String(e)}`, { file });
  }
  // netcdfjs leaves `variables` undefined when the variable list is absent.
  if (!Array.isArray(reader.variables) || reader.variables.length === 0) {
    const dims = dimensionsOnly(bytes) ?? (reader.dimensions ?? []).map((d) => d.name);
    throw badInput(`NetCDF file has only dimensions (${dims.join(', ') || 'none'}) and no variables`, { file });
  }
  const v = choose(file, reader, options.selection?.dataset);
  const shape = shapeOf(reader, v);
  if (shape.some((s) => s === 0)) throw badInput(`variable ${describe(reader, v)} has no elements`, { file });
  const total = shape.reduce((a, b) => a * b, 1);
  assertDecodedFits(file, total, 2, options.maxBytes);
  const table = tableFromFlat(`variable ${v.name}`, flatValues(reader, v), shape, options.selection?.slice, false);
  const columns = table.colIndex.length > 0 ? table.colIndex.map((j) => `${v.name}[${j}]`) : [v.name];
  const data = table.data;
  const notes = [`netcdf-3 ${reader.version}, variable ${describe(reader, v)}`];
  if (options.selection?.slice !== undefined) notes.push(`slice ${formatSlice(table.sel, shape)}`);
  notes.push(...attributeNotes('', attrs(v)));
  // The coordinate of the row dimension, over the same rows.
  const rowDim = table.sel.findIndex((s) => s.kept);
  const dimName = reader.dimensions[v.dimensions[rowDim]]?.name;
  const coord = reader.variables.find((c) => c.name === dimName && c !== v && isCoordinate(reader, c));
  if (coord && NUMERIC.has(coord.type) && !columns.includes(coord.name)) {
    const s = table.sel[rowDim];
    const all = flatValues(reader, coord);
    const col = new Float64Array(table.rows);
    for (let i = 0; i < table.rows; i++) col[i] = Number(all[s.offset + i * s.stride]);
    columns.unshift(coord.name);
    data.unshift(col);
    notes.push(`coordinate ${coord.name} of the rows added as the first column`);
    notes.push(...attributeNotes(`${coord.name}: `, attrs(coord)));
  }
  return { source: file, columns, data, rows: table.rows, notes };
}
