/**
 * The result store (see ResultStore) and the key and file hash it uses. No vscode import; the host passes the
 * extension's global storage folder.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEntry, ResultEnvelope } from '../protocol';
import { toPlainJson } from '../analysis/core/json';
import { writeFileAtomic } from './atomic-write';

export function resultKey(
  contentHash: string,
  analysisId: string,
  params: Record<string, unknown>,
  runtimeVersion: string,
): string {
  const canonical = JSON.stringify([contentHash, analysisId, sortKeys(params), runtimeVersion]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

/** sha256 of a file, streamed (never blocks the host's event loop for long on big files). */
export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  const fh = await fs.open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return h.digest('hex');
}

export interface StoreOptions {
  /** At most this many results (oldest use evicted first). */
  maxEntries?: number;
  /** Size cap of the stored results in bytes (setting dynlens.results.maxSizeMB): least recently used evicted. */
  maxBytes?: number;
}

interface StoredEntry extends HistoryEntry {
  /** Bytes of the result file. */
  bytes: number;
}

/** Result files older than this without an entry (a writer that died between the two renames) are orphans. */
const ORPHAN_AGE_MS = 10 * 60_000;

/**
 * Result store: one JSON file per result under `<dir>/results/<key>.json` and one small entry file per result under
 * `<dir>/entries/<key>.json` (its history line). There is no shared index to rewrite: every window and CLI run
 * writes only its own files (each to a temporary name, then renamed), so concurrent writers never lose each other's
 * entries, and the history is the directory listing. Keyed by (file content hash, analysis id, resolved parameters,
 * runtime version): the same file, analysis and parameters reuse the stored result until the file or the runtime
 * changes. Reading a result marks it used (the entry file's mtime); past `maxEntries` or `maxBytes` the least
 * recently used results are evicted, and result files without an entry (orphans) are collected. No vscode import.
 */
export class ResultStore {
  private writing: Promise<void> = Promise.resolve();
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(
    private readonly dir: string,
    options: StoreOptions | number = {},
  ) {
    const o = typeof options === 'number' ? { maxEntries: options } : options;
    this.maxEntries = o.maxEntries ?? 200;
    this.maxBytes = o.maxBytes ?? 500 * 2 ** 20;
  }

  private entryPath(key: string): string {
    return join(this.dir, 'entries', key + '.json');
  }

  private resultPath(key: string): string {
    return join(this.dir, 'results', key + '.json');
  }

  /** Every entry with its last use (entry file mtime), read from the directory. */
  private async entries(): Promise<(StoredEntry & { usedMs: number })[]> {
    await this.migrate();
    let names: string[];
    try {
      names = await fs.readdir(join(this.dir, 'entries'));
    } catch {
      return [];
    }
    const out: (StoredEntry & { usedMs: number })[] = [];
    await Promise.all(
      names
        .filter((n) => /^[0-9a-f]{32}\.json$/.test(n))
        .map(async (n) => {
          const p = join(this.dir, 'entries', n);
          try {
            const [text, st] = await Promise.all([fs.readFile(p, 'utf8'), fs.stat(p)]);
            const e = JSON.parse(text) as StoredEntry;
            if (e && typeof e.key === 'string') out.push({ ...e, usedMs: st.mtimeMs });
          } catch {
            // removed by another writer meanwhile, or unreadable: skipped (pruned as an orphan later)
          }
        }),
    );
    return out;
  }

  /** Stores of the previous layout had one index.json: its entries become entry files once. */
  private migrated = false;
  private async migrate(): Promise<void> {
    if (this.migrated) return;
    this.migrated = true;
    const old = join(this.dir, 'index.json');
    let parsed: unknown;
    try {
      parsed = JSON.parse(await fs.readFile(old, 'utf8'));
    } catch {
      return;
    }
    await fs.mkdir(join(this.dir, 'entries'), { recursive: true });
    for (const e of Array.isArray(parsed) ? (parsed as HistoryEntry[]) : []) {
      if (!/^[0-9a-f]{32}$/.test(e.key)) continue;
      const bytes = await fs.stat(this.resultPath(e.key)).then(
        (s) => s.size,
        () => -1,
      );
      if (bytes >= 0) await writeAtomic(this.entryPath(e.key), JSON.stringify({ ...e, bytes }));
    }
    await fs.rm(old, { force: true });
  }

  async list(): Promise<HistoryEntry[]> {
    const all = await this.entries();
    all.sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : a.finishedAt > b.finishedAt ? -1 : 0));
    return all.map(({ usedMs: _u, bytes: _b, ...e }) => e);
  }

  /** Total bytes of the stored results and the cap. */
  async size(): Promise<{ bytes: number; maxBytes: number; entries: number }> {
    const all = await this.entries();
    return {
      bytes: all.reduce((s, e) => s + (e.bytes > 0 ? e.bytes : 0), 0),
      maxBytes: this.maxBytes,
      entries: all.length,
    };
  }

  keyOf(env: ResultEnvelope): string {
    const p = env.provenance;
    return resultKey(p.contentHash, env.analysisId, p.params, p.runtimeVersion);
  }

  async get(key: string): Promise<ResultEnvelope | undefined> {
    if (!/^[0-9a-f]{32}$/.test(key)) return undefined;
    try {
      const env = JSON.parse(await fs.readFile(this.resultPath(key), 'utf8')) as ResultEnvelope;
      const now = new Date();
      await fs.utimes(this.entryPath(key), now, now).catch(() => undefined);
      return env;
    } catch {
      return undefined;
    }
  }

  /** Stores env; `plain` is its toPlainJson conversion when the caller already has it (converted once per job). */
  async put(env: ResultEnvelope, plain?: unknown): Promise<string> {
    const key = this.keyOf(env);
    const text = JSON.stringify(plain ?? toPlainJson(env));
    const entry: StoredEntry = {
      key,
      analysisId: env.analysisId,
      title: env.title,
      path: env.provenance.path,
      contentHash: env.provenance.contentHash,
      params: env.provenance.params,
      finishedAt: new Date().toISOString(),
      wallTimeMs: env.provenance.wallTimeMs,
      bytes: Buffer.byteLength(text),
    };
    const job = this.writing.then(async () => {
      await fs.mkdir(join(this.dir, 'results'), { recursive: true });
      await fs.mkdir(join(this.dir, 'entries'), { recursive: true });
      // The result first, then its entry: a reader never sees an entry without its result.
      await writeAtomic(this.resultPath(key), text);
      await writeAtomic(this.entryPath(key), JSON.stringify(entry));
      await this.prune(key);
    });
    this.writing = job.catch(() => undefined);
    await job;
    return key;
  }

  /** Evicts least recently used results past the caps (never `keep`, the one just written) and collects orphans. */
  private async prune(keep: string): Promise<void> {
    const all = await this.entries();
    all.sort((a, b) => b.usedMs - a.usedMs);
    let bytes = 0;
    const live = new Set<string>();
    let count = 0;
    for (const e of all) {
      const size = e.bytes > 0 ? e.bytes : 0;
      if (e.key === keep || (count < this.maxEntries && bytes + size <= this.maxBytes)) {
        bytes += size;
        count++;
        live.add(e.key);
      } else {
        await fs.rm(this.entryPath(e.key), { force: true });
        await fs.rm(this.resultPath(e.key), { force: true });
      }
    }
    // Orphans: result files with no entry, old enough that no writer is between its two renames; stale temp files.
    const now = Date.now();
    for (const sub of ['results', 'entries']) {
      const names = await fs.readdir(join(this.dir, sub)).catch(() => [] as string[]);
      for (const n of names) {
        const key = n.slice(0, 32);
        const isTemp = n.endsWith('.tmp');
        if (!isTemp && live.has(key)) continue;
        if (!isTemp && sub === 'entries') continue;
        const p = join(this.dir, sub, n);
        const st = await fs.stat(p).catch(() => undefined);
        if (st && now - st.mtimeMs > ORPHAN_AGE_MS) await fs.rm(p, { force: true });
      }
    }
  }

  async clear(): Promise<void> {
    const job = this.writing.then(async () => {
      await fs.rm(join(this.dir, 'entries'), { recursive: true, force: true });
      await fs.rm(join(this.dir, 'results'), { recursive: true, force: true });
      await fs.rm(join(this.dir, 'index.json'), { force: true });
      await fs.mkdir(this.dir, { recursive: true });
    });
    this.writing = job.catch(() => undefined);
    await job;
  }
}

/** Write to a temp file then rename, so a crash never leaves a half-written result or index. */
async function writeAtomic(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text);
}
