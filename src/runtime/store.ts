/**
 * Result store: one JSON file per result under `<dir>/results/`, plus `<dir>/index.json` listing them (newest
 * first). Keyed by (file content hash, analysis id, resolved parameters, runtime version): the same file, analysis
 * and parameters reuse the stored result until the file or the runtime changes. No vscode import; the host passes
 * the extension's global storage folder.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEntry, ResultEnvelope } from '../protocol';
import { toPlainJson } from '../analysis/core/json';

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

export class ResultStore {
  private index: HistoryEntry[] | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly maxEntries = 200,
  ) {}

  private async load(): Promise<HistoryEntry[]> {
    if (this.index) return this.index;
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(join(this.dir, 'index.json'), 'utf8'));
      this.index = Array.isArray(parsed) ? (parsed as HistoryEntry[]) : [];
    } catch {
      this.index = [];
    }
    return this.index;
  }

  async list(): Promise<HistoryEntry[]> {
    return [...(await this.load())];
  }

  keyOf(env: ResultEnvelope): string {
    const p = env.provenance;
    return resultKey(p.contentHash, env.analysisId, p.params, p.runtimeVersion);
  }

  async get(key: string): Promise<ResultEnvelope | undefined> {
    if (!/^[0-9a-f]{32}$/.test(key)) return undefined;
    try {
      return JSON.parse(await fs.readFile(join(this.dir, 'results', key + '.json'), 'utf8')) as ResultEnvelope;
    } catch {
      return undefined;
    }
  }

  /** Stores a result (as plain JSON) and records it first in the history. Returns its key. */
  /** Stores env; `plain` is its toPlainJson conversion when the caller already has it (converted once per job). */
  async put(env: ResultEnvelope, plain?: unknown): Promise<string> {
    const key = this.keyOf(env);
    const entry: HistoryEntry = {
      key,
      analysisId: env.analysisId,
      title: env.title,
      path: env.provenance.path,
      contentHash: env.provenance.contentHash,
      params: env.provenance.params,
      finishedAt: new Date().toISOString(),
      wallTimeMs: env.provenance.wallTimeMs,
    };
    const text = JSON.stringify(plain ?? toPlainJson(env));
    const job = this.writing.then(async () => {
      await fs.mkdir(join(this.dir, 'results'), { recursive: true });
      await writeAtomic(join(this.dir, 'results', key + '.json'), text);
      const idx = (await this.load()).filter((e) => e.key !== key);
      idx.unshift(entry);
      const dropped = idx.splice(this.maxEntries);
      this.index = idx;
      await writeAtomic(join(this.dir, 'index.json'), JSON.stringify(idx));
      await Promise.all(dropped.map((d) => fs.rm(join(this.dir, 'results', d.key + '.json'), { force: true })));
    });
    this.writing = job.catch(() => undefined);
    await job;
    return key;
  }

  async clear(): Promise<void> {
    const job = this.writing.then(async () => {
      this.index = [];
      await fs.rm(join(this.dir, 'results'), { recursive: true, force: true });
      await fs.mkdir(this.dir, { recursive: true });
      await writeAtomic(join(this.dir, 'index.json'), '[]');
    });
    this.writing = job.catch(() => undefined);
    await job;
  }
}

/** Write to a temp file then rename, so a crash never leaves a half-written result or index. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, text, 'utf8');
  await fs.rename(tmp, path);
}
