/**
 * Batch progress on stderr: a one-line bar (items done/failed, items/s, ETA) when stderr is a terminal, JSON lines
 * with `--progress json` ({"event": "progress"|"done", "done", "failed", "total", "itemsPerSecond", "etaSeconds"}),
 * nothing otherwise. At most one update per 200 ms, and always the last.
 */
export type ProgressMode = 'bar' | 'json' | 'none';

export interface ProgressSink {
  /** `done` counts ok and failed items of this run (resumed items are in `skipped`). */
  update(done: number, failed: number, total: number, skipped: number): void;
  finish(done: number, failed: number, total: number, skipped: number): void;
}

function format(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

export function progressSink(mode: ProgressMode, write: (s: string) => void, columns = 80): ProgressSink {
  const started = Date.now();
  let last = 0;
  const stats = (done: number, total: number, skipped: number) => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (total - skipped - done) / rate : Infinity;
    return { rate, eta };
  };
  const emit = (event: 'progress' | 'done', done: number, failed: number, total: number, skipped: number) => {
    const { rate, eta } = stats(done, total, skipped);
    if (mode === 'json') {
      write(
        JSON.stringify({
          event,
          done: done + skipped,
          failed,
          total,
          itemsPerSecond: Number(rate.toFixed(3)),
          etaSeconds: Number.isFinite(eta) ? Number(eta.toFixed(1)) : null,
        }) + '\n',
      );
    } else if (mode === 'bar') {
      const f = total > 0 ? (done + skipped) / total : 1;
      const width = 24;
      const n = Math.round(f * width);
      const line = `[${'#'.repeat(n)}${' '.repeat(width - n)}] ${done + skipped}/${total} done, ${failed} failed, ${rate.toFixed(1)} items/s, ETA ${format(eta)}`;
      write('\r' + line.slice(0, columns - 1).padEnd(columns - 1) + (event === 'done' ? '\n' : ''));
    }
  };
  return {
    update(done, failed, total, skipped) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      emit('progress', done, failed, total, skipped);
    },
    finish(done, failed, total, skipped) {
      emit('done', done, failed, total, skipped);
    },
  };
}
