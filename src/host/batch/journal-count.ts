/**
 * Counts the items of a batch journal as it grows, reading only what was appended since the last call (a journal
 * of 100,000 items is polled every second without reading it again). The journal's format is the batch engine's
 * (src/runtime/batch/journal.ts): one JSON object per line, written whole; a torn last line is left for later.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export interface JournalCounts {
  /** Items in the whole batch (header `items`). */
  items?: number;
  done: number;
  failed: number;
}

const ITEM = '{"type":"item"';
const PER_POLL = 64 << 20;

export class JournalCounter {
  private offset = 0;
  private counts: JournalCounts = { done: 0, failed: 0 };
  private seen = new Set<number>();

  constructor(readonly path: string) {}

  /** Reads what was appended; a journal cut shorter (a resume drops a torn line) is read again from the start. */
  poll(): JournalCounts {
    let size: number;
    try {
      size = statSync(this.path).size;
    } catch {
      return this.counts;
    }
    if (size < this.offset) this.reset();
    if (size === this.offset) return this.counts;
    const fd = openSync(this.path, 'r');
    try {
      // Only whole lines move the offset: a torn last line is read again once complete, and a resume that cuts
      // it off (the engine truncates to the last whole line) continues exactly where the counting stopped.
      const buf = Buffer.alloc(Math.min(size - this.offset, 8 << 20));
      // at most PER_POLL bytes per call: a huge journal is caught up over a few polls, never in one long stall
      const stop = Math.min(size, this.offset + PER_POLL);
      while (this.offset < stop) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, stop - this.offset), this.offset);
        if (n <= 0) break;
        const end = buf.subarray(0, n).lastIndexOf(10);
        if (end < 0) break; // a line longer than the buffer is not whole yet (or huge): wait
        for (const line of buf.subarray(0, end).toString('utf8').split('\n')) this.line(line);
        this.offset += end + 1;
      }
    } finally {
      closeSync(fd);
    }
    return this.counts;
  }

  private reset(): void {
    this.offset = 0;
    this.counts = { done: 0, failed: 0 };
    this.seen.clear();
  }

  private line(line: string): void {
    if (line.startsWith(ITEM)) {
      // {"type":"item","index":N,...}: the index comes first, the status after the item's metadata
      const m = /^\{"type":"item","index":(\d+)/.exec(line);
      const index = m ? Number(m[1]) : -1;
      if (index < 0 || this.seen.has(index)) return;
      this.seen.add(index);
      this.counts.done++;
      if (line.includes('"status":"failed"')) this.counts.failed++;
    } else if (line.startsWith('{"type":"header"')) {
      try {
        const h = JSON.parse(line) as { items?: number };
        this.counts.items = h.items;
      } catch {
        // a damaged header: the engine refuses the journal and says why; here it only means no total yet
      }
    }
  }
}
