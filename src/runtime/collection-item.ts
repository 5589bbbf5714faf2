/**
 * One item of a batch collection read on its own (the batch result panel opens an item's own analysis): the
 * collection is read again with the batch's reading options and the item found by its id. An item that is a whole
 * file is read as `dynlens ANALYSIS FILE` reads it; a row or an array is decoded by its collection reader, exactly
 * as the batch decoded it.
 */
import { createHash } from 'node:crypto';
import { readCollection, parseLabelColumn } from '../analysis/collections/read';
import { DEFAULT_COLLECTION_OPTIONS } from '../analysis/collections/types';
import { badInput } from '../analysis/core/errors';
import type { CancelSignal } from '../analysis/core/context';
import { readInput, type ReadInputResult } from '../analysis/data/load';
import type { CollectionItemRef } from '../protocol';

export async function readCollectionItem(
  ref: CollectionItemRef,
  maxBytes: number,
  signal: CancelSignal,
): Promise<ReadInputResult> {
  const c = await readCollection(ref.collection, {
    ...DEFAULT_COLLECTION_OPTIONS,
    recursive: ref.recursive === true,
    labelColumn: parseLabelColumn(ref.labelColumn ?? 'first'),
    maxBytes,
  });
  const item = c.items.find((it) => it.id === ref.id);
  if (!item)
    throw badInput(`the collection has no item "${ref.id}" (it changed since the batch ran)`, { file: ref.collection });
  if (item.file) return readInput(item.file, { maxBytes, signal });
  const input = await item.load();
  const hash = createHash('sha256');
  hash.update(ref.collection + '\u0000' + ref.id);
  let bytes = 0;
  if (input.kind === 'table')
    for (const col of input.dataset.data) {
      hash.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
      bytes += col.byteLength;
    }
  return { input, contentHash: hash.digest('hex'), fileBytes: bytes, selection: item.source };
}
