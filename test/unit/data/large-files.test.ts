/**
 * Files past 2 GiB (where fs.readFile fails with ERR_FS_FILE_TOO_LARGE) and past 4 GiB (Node 20's largest buffer),
 * as sparse files (no disk, no read): each gets its reason before any byte past the head is read.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { constants as bufferLimits } from 'node:buffer';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInput } from '../../../src/analysis/data/load';
import { readCollectionFile } from '../../../src/analysis/collections/common';
import { DEFAULT_COLLECTION_OPTIONS } from '../../../src/analysis/collections/types';
import { DynLensError } from '../../../src/analysis/core/errors';

const GiB = 2 ** 30;
const dir = mkdtempSync(join(tmpdir(), 'dynlens-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sparse(name: string, head: string | Buffer, size: number): string {
  const path = join(dir, name);
  writeFileSync(path, head);
  truncateSync(path, size);
  return path;
}

async function failure(f: () => Promise<unknown>): Promise<DynLensError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(DynLensError);
    expect(String(e)).not.toMatch(/ERR_FS_FILE_TOO_LARGE|ERR_STRING_TOO_LONG/);
    return e as DynLensError;
  }
  throw new Error('no error');
}

describe('files over 2 and 4 GiB', () => {
  it('a 3 GiB CSV whose bytes past the head are zeros is refused as not text, with a budget that allows it', async () => {
    const path = sparse('zeros.csv', 't,x\n0,1\n', 3 * GiB);
    const e = await failure(() => readInput(path, { maxBytes: 16 * GiB }));
    expect(e.kind).toBe('bad-input');
    expect(e.message).toMatch(/the first 4096 bytes are not text/);
  });

  it('a 3 GiB CSV under a 4 GB budget is refused from its size: the file and its values would not fit together', async () => {
    const path = sparse('big.csv', 't,x\n0,1\n', 3 * GiB);
    const e = await failure(() => readInput(path, { maxBytes: 4 * GiB }));
    expect(e.kind).toBe('too-large');
    expect(e.message).toMatch(
      /file is 3\.0 GB; reading it holds the file and its decoded values together, about 4\.5 GB/,
    );
  });

  it('a 2.1 GiB .npy under a 4 GB budget: the array and its copy would not fit', async () => {
    const rows = (2 * GiB + 2 ** 27) / 8;
    const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${rows},), }`;
    const text = dict + ' '.repeat(63 - ((10 + dict.length) % 64)) + '\n';
    const head = Buffer.concat([
      Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length, 0]),
      Buffer.from(text),
    ]);
    const path = sparse('big.npy', head, head.length + rows * 8);
    const e = await failure(() => readInput(path, { maxBytes: 4 * GiB }));
    expect(e.message).toMatch(
      /file is 2\.1 GB; reading it holds the file and its decoded values together, about 4\.3 GB/,
    );
  });

  it('a 600 MB model is refused: it would be one text past the longest string', async () => {
    const path = sparse('big.ode', "x'=-x\ninit x=1\n", 600 * 2 ** 20);
    const e = await failure(() => readInput(path, { maxBytes: 4 * GiB }));
    expect(e.message).toMatch(/a model is read as one text of at most 512 MB/);
  });

  it.runIf(bufferLimits.MAX_LENGTH <= 4 * GiB)('a 5 GiB file is refused past the largest buffer', async () => {
    const path = sparse('huge.csv', 'x\n', 5 * GiB);
    const e = await failure(() => readInput(path, { maxBytes: 64 * GiB }));
    expect(e.kind).toBe('too-large');
    expect(e.message).toMatch(/file is 5\.0 GB: formats read whole can be at most 4\.0 GB/);
    const c = await failure(() => readCollectionFile(path, { ...DEFAULT_COLLECTION_OPTIONS, maxBytes: 64 * GiB }));
    expect(c.message).toMatch(/collection file is 5\.0 GB, over the 4\.0 GB a file read whole can have/);
  });
});
