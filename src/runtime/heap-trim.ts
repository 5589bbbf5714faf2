/**
 * Keeps a long batch's heap proportional to what it holds, not to how many items it has seen.
 *
 * V8 sizes a thread's old generation from its limit (the memory budget of a worker, the machine's memory on the
 * main thread) and collects it only when it reaches a limit derived from that size: over thousands of small items
 * the garbage promoted by scavenges accumulates to tens of MB per thread before the first full collection, so the
 * peak grew with the collection (1,000 vs 10,000 items: 1.55x). A batch thread therefore asks for a full
 * collection itself whenever its heap has grown by `slackBytes` since the last one; each costs a few ms on these
 * small live heaps, and the check is a counter read.
 *
 * The young generation grows the same way: V8 doubles a thread's semi-spaces as survived bytes accumulate, up to
 * 16 MB each, so a long run ends with 32-48 MB of young generation per thread where a short one keeps 1-8 MB.
 * A batch process holds them at their initial size (measured on 200 signed barcodes: 15% faster, 18% less memory;
 * the items' objects die young, so the larger space only delayed the same work); batch workers also get a small
 * young generation through their resource limits (engine.ts), which, unlike the flag, the extension host can use.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = () => void;
let collect: Collect | null | undefined;

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    // `gc` is only defined in contexts created after the flag is set.
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    collect = typeof fn === 'function' ? (fn as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}

let held = false;

/**
 * Process-wide, so only for a process that runs nothing but the batch (the CLI), never the extension host. The CLI
 * calls it before it reads the collection (whose item list would otherwise grow the main thread's semi-spaces), and
 * each batch worker on its first item: starting a worker thread resets the flag (measured on Node 20), so it is set
 * again once the threads exist, and by a worker started later to replace a crashed one.
 */
export function holdYoungGeneration(): void {
  if (held) return;
  held = true;
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // a V8 without the flag keeps its own sizing: only the memory figure changes
  }
}

/**
 * Slack between collections, measured with `batch summary` over 1,000 and 10,000 tiny clouds on 2 workers: 6 MB per
 * worker and 8 MB on the thread that runs the engine hold the 10,000-item peak within 10% of the 1,000-item one,
 * for about 0.1 ms per item (16 MB: 1.2x, 4 MB: no lower, slower).
 */
export const WORKER_HEAP_SLACK_BYTES = 6 * 1024 * 1024;
export const HOST_HEAP_SLACK_BYTES = 8 * 1024 * 1024;

/**
 * A forced collection is not only its pause: it frees objects that only the last item used and that optimized code
 * embeds weakly, and V8 then throws that code away (`--trace-deopt`: "weak objects", as many times as forced
 * collections, for every method of the flag reducer), so the next item runs unoptimized and recompiles. The module
 * analysis, which promotes ~2.6 MB per item, was collected every 2-3 items with 6 MB of slack and spent ~30% of its
 * time so (100 items: 42 forced collections, ~560 deopts, 1,633 compilations). A thread collected again within
 * `MIN_CHECKS_BETWEEN` checks therefore doubles its slack, up to `MAX_SLACK_FACTOR` times the initial one: the heap
 * stays bounded whatever the collection's length, and a thread whose items leave little garbage keeps the small
 * slack.
 */
const MIN_CHECKS_BETWEEN = 8;
const MAX_SLACK_FACTOR = 4;

/**
 * A check to call between items: collects when the used heap passed the last live size plus the slack (adapted as
 * above, up to `maxSlackBytes`). `slack()` reports the current slack, for tests.
 */
export function heapTrimmer(
  slackBytes: number,
  maxSlackBytes = slackBytes * MAX_SLACK_FACTOR,
): (() => void) & { slack(): number } {
  let slack = slackBytes;
  let limit = getHeapStatistics().used_heap_size + slack;
  let checks = 0;
  const trim = () => {
    checks++;
    if (getHeapStatistics().used_heap_size <= limit) return;
    const gc = collector();
    if (!gc) return;
    gc();
    if (checks < MIN_CHECKS_BETWEEN) slack = Math.min(slack * 2, maxSlackBytes);
    checks = 0;
    limit = getHeapStatistics().used_heap_size + slack;
  };
  return Object.assign(trim, { slack: () => slack });
}
