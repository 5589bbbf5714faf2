/**
 * The notebook display bundle of a result: one JSON object keyed by MIME type, as Jupyter's display_data carries
 * it. `application/vnd.dynlens.result+json` holds the result envelope (analysis id, title, view, provenance,
 * result: what the panel draws), which the DynLens notebook renderer draws in VS Code; `text/plain` is what any
 * other front end shows.
 */
import type { ResultEnvelope } from '../protocol';

export const DYNLENS_MIME = 'application/vnd.dynlens.result+json';

export interface NotebookBundle {
  [DYNLENS_MIME]: ResultEnvelope;
  'text/plain': string;
}

export function notebookBundle(envelope: ResultEnvelope, shownPath = envelope.provenance.path): NotebookBundle {
  const p = envelope.provenance;
  const lines = [
    `DynLens ${envelope.title}: ${shownPath}`,
    `sha256 ${p.contentHash.slice(0, 16)}  runtime ${p.runtimeVersion}  ${p.wallTimeMs} ms`,
    ...p.notes.map((n) => `note: ${n}`),
    '(open in VS Code with the DynLens extension to see the plots)',
  ];
  return { [DYNLENS_MIME]: envelope, 'text/plain': lines.join('\n') };
}
