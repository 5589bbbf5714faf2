// Generators of hostile inputs for the hostile-input suite (run.mjs). Each writes one file into a directory and
// returns its path. Sizes are chosen to be cheap to produce (seconds) and expensive to process naively.
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';

/** A .npy header (version 1.0) for a little-endian float64 array of the given shape. */
export function npyHeader(shape) {
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + dict.length + 1) % 64);
  const text = dict + ' '.repeat(pad % 64) + '\n';
  const h = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(h);
  h.writeUInt16LE(text.length, 8);
  return Buffer.concat([h, Buffer.from(text, 'latin1')]);
}

/**
 * A zip with one deflated member `x.npy` whose content is an npy header then `zeroBytes` zero bytes, built without
 * ever holding the inflated content: the deflate stream of 1 MiB of zeros (full flush, byte-aligned, no shared
 * dictionary) repeated, then an empty final block. `declaredSize`: what the headers claim (the truth unless lying);
 * zip64 fields are used when a size does not fit in 32 bits.
 */
export function zipBomb(dir, name, { zeroBytes, declaredSize }) {
  const header = npyHeader([Math.floor(zeroBytes / 8)]);
  const MiB = 1 << 20;
  const block = zlib.deflateRawSync(Buffer.alloc(MiB), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const head = zlib.deflateRawSync(header, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const blocks = Math.floor(zeroBytes / MiB);
  const finalBlock = Buffer.from([0x03, 0x00]);
  const parts = [head];
  for (let i = 0; i < blocks; i++) parts.push(block);
  parts.push(finalBlock);
  const data = Buffer.concat(parts);
  const size = declaredSize ?? header.length + blocks * MiB;
  const fname = Buffer.from('x.npy');
  const big = size >= 0xffffffff || data.length >= 0xffffffff;
  const zip64Extra = Buffer.alloc(big ? 20 : 0);
  if (big) {
    zip64Extra.writeUInt16LE(1, 0);
    zip64Extra.writeUInt16LE(16, 2);
    zip64Extra.writeBigUInt64LE(BigInt(size), 4);
    zip64Extra.writeBigUInt64LE(BigInt(data.length), 12);
  }
  const s32 = big ? 0xffffffff : size;
  const c32 = big ? 0xffffffff : data.length;
  const central = Buffer.alloc(46);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(big ? 45 : 20, 4);
  local.writeUInt16LE(8, 8);
  // CRC-32 of the content for small members (readers that check it); bombs keep 0 (ours does not trust it).
  let crc = 0;
  if (zeroBytes <= 64 * MiB && zlib.crc32) crc = zlib.crc32(Buffer.alloc(blocks * MiB), zlib.crc32(header));
  local.writeUInt32LE(crc, 14);
  central.writeUInt32LE(crc, 16);
  local.writeUInt32LE(c32, 18);
  local.writeUInt32LE(s32, 22);
  local.writeUInt16LE(fname.length, 26);
  local.writeUInt16LE(zip64Extra.length, 28);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(45, 4);
  central.writeUInt16LE(big ? 45 : 20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(c32, 20);
  central.writeUInt32LE(s32, 24);
  central.writeUInt16LE(fname.length, 28);
  central.writeUInt16LE(zip64Extra.length, 30);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + fname.length + zip64Extra.length + data.length;
  const cd = Buffer.concat([central, fname, zip64Extra]);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([local, fname, zip64Extra, data, cd, eocd]));
  return path;
}

/** A CSV with `cols` columns and `rows` rows of small integers. */
export function wideCsv(dir, name, cols, rows) {
  const lines = [Array.from({ length: cols }, (_, j) => `c${j}`).join(',')];
  for (let r = 0; r < rows; r++) lines.push(Array.from({ length: cols }, (_, j) => String((r + j) % 7)).join(','));
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** A CSV whose values overflow sums and squares (near the largest double), with NaN, +-Inf and missing cells. */
export function overflowCsv(dir, name) {
  const rows = ['big,withinf,mixed,missing'];
  for (let i = 0; i < 200; i++) {
    const big = (1.5e308 - i * 1e300).toExponential(6);
    const inf = i === 7 ? 'inf' : String(i);
    const mixed = i === 3 ? 'nan' : i === 4 ? 'inf' : i === 5 ? '-inf' : String(i);
    const missing = i % 10 === 0 ? '' : String(i);
    rows.push([big, inf, mixed, missing].join(','));
  }
  const path = join(dir, name);
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}

/** Points whose coordinates are near 1e308: pairwise distances overflow double precision. */
export function hugeCoordinatesCsv(dir, name) {
  const rows = ['x,y'];
  for (let i = 0; i < 30; i++) rows.push(`${(i % 2 ? 1 : -1) * 1.7e308},${((i * 7) % 11) * 1e307}`);
  const path = join(dir, name);
  writeFileSync(path, rows.join('\n') + '\n');
  return path;
}

/** A constant series (a degenerate input for Lyapunov exponents). */
export function constantCsv(dir, name, rows = 2000) {
  const path = join(dir, name);
  writeFileSync(path, 'x\n' + '3.5\n'.repeat(rows));
  return path;
}

/** An .ode model with n linearly coupled equations (a dense n x n symbolic Jacobian). */
export function manyEquationsOde(dir, name, n) {
  const lines = [];
  for (let i = 0; i < n; i++) lines.push(`x${i}'=-x${i}+0.1*x${(i + 1) % n}`);
  for (let i = 0; i < n; i++) lines.push(`init x${i}=1`);
  lines.push('done');
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** An .ode whose fixed quantities double 60 times (exponential when expanded as a tree). */
export function exponentialOde(dir, name, depth = 60) {
  const lines = ['a0 = x'];
  for (let i = 1; i <= depth; i++) lines.push(`a${i} = a${i - 1} + a${i - 1}`);
  lines.push(`x' = -x + 1e-30*a${depth}`, 'init x=1', 'done');
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** An .ode with `depth` nested parentheses. */
export function deepOde(dir, name, depth = 5000) {
  const path = join(dir, name);
  writeFileSync(path, `x' = ${'('.repeat(depth)}-x${')'.repeat(depth)}\ninit x=1\ndone\n`);
  return path;
}

/**
 * A sparse file of `size` bytes that starts with `head` (the rest reads as zeros and takes no disk): the files over
 * 2 GiB (where fs.readFile fails with ERR_FS_FILE_TOO_LARGE) and 4 GiB (Node's largest buffer), made in no time.
 */
export function sparseFile(dir, name, head, size) {
  const path = join(dir, name);
  writeFileSync(path, head);
  truncateSync(path, size);
  return path;
}

/** `n` seeded points uniform in the unit cube of dimension `dims` (columns x0, x1, ...). */
export function uniformCloudCsv(dir, name, n, dims = 3) {
  let s = 12345;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const lines = [Array.from({ length: dims }, (_, k) => `x${k}`).join(',')];
  for (let i = 0; i < n; i++) lines.push(Array.from({ length: dims }, () => rnd().toFixed(6)).join(','));
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}
