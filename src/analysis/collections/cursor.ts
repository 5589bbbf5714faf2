/**
 * Items of collections one at a time. A streaming reader keeps only what locates its items (a sorted file list, the
 * bytes of one table and its row offsets) and builds item k when asked, so that a batch over 100,000 items holds no
 * 100,000 item objects; readers that build a list serve it through the same calls.
 */
import type { Collection, CollectionItem } from './types';

export function itemCount(c: Collection): number {
  return c.count ?? c.items.length;
}

export function itemAt(c: Collection, k: number): CollectionItem {
  return c.item ? c.item(k) : c.items[k];
}

export function* eachItem(collections: readonly Collection[]): Generator<CollectionItem> {
  for (const c of collections) {
    const n = itemCount(c);
    for (let k = 0; k < n; k++) yield itemAt(c, k);
  }
}

/** A collection whose items are built on demand; reading `items` builds the whole list (for small collections). */
export function streamingCollection(
  base: Omit<Collection, 'items' | 'count' | 'item'>,
  count: number,
  item: (k: number) => CollectionItem,
): Collection {
  const c = { ...base, count, item } as Collection;
  Object.defineProperty(c, 'items', {
    enumerable: false,
    get: () => Array.from({ length: count }, (_, k) => item(k)),
  });
  return c;
}

/** Global item index i of several collections concatenated, as (collection, index inside it). */
export class ItemCursor {
  private readonly starts: number[] = [];
  readonly total: number;

  constructor(readonly collections: readonly Collection[]) {
    let n = 0;
    for (const c of collections) {
      this.starts.push(n);
      n += itemCount(c);
    }
    this.total = n;
  }

  /** The collection index holding global item i. */
  collectionOf(i: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(i: number): { collection: Collection; item: CollectionItem } {
    const c = this.collectionOf(i);
    const collection = this.collections[c];
    return { collection, item: itemAt(collection, i - this.starts[c]) };
  }
}
