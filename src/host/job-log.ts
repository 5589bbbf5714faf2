/**
 * The "DynLens" output channel's job lines: start (analysis, file, parameters), end (state, wall time) and errors
 * with their stack traces. Watches the job tracker's list; each job is logged once per state it reaches.
 */
import type { JobInfo } from '../protocol';

export interface JobLogger {
  info(message: string): void;
  error(message: string): void;
}

export function jobLogWatcher(list: () => JobInfo[], log: JobLogger): () => void {
  const seen = new Map<string, string>();
  return () => {
    for (const j of list()) {
      const before = seen.get(j.jobId);
      if (before === j.state) continue;
      seen.set(j.jobId, j.state);
      if (before === undefined) log.info(`job ${j.jobId} start: ${j.analysisId} on ${j.path}`);
      if (j.state === 'queued' || j.state === 'running') continue;
      const ms = j.finishedAt ? Date.parse(j.finishedAt) - Date.parse(j.startedAt) : NaN;
      const took = Number.isFinite(ms) ? ` after ${(ms / 1000).toFixed(2)} s` : '';
      if (j.state === 'done') log.info(`job ${j.jobId} done${took}: ${j.analysisId} on ${j.path}`);
      else if (j.state === 'cancelled') log.info(`job ${j.jobId} cancelled${took}`);
      else
        log.error(
          `job ${j.jobId} failed${took}: ${j.error?.kind ?? 'internal'}: ${j.error?.message ?? ''}${j.error?.stack ? '\n' + j.error.stack : ''}`,
        );
    }
  };
}
