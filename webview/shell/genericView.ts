/**
 * The view used when no view is registered for a result's view id: top-level numbers in a table and the JSON
 * itself, so a new analysis is inspectable (and exportable) before its own view exists.
 */
import type { AnalysisView } from '../views/types';
import { h } from './dom';
import * as l10n from '@vscode/l10n';

const MAX_JSON_CHARS = 200_000;

export const genericView: AnalysisView = {
  id: 'generic',
  render(root, envelope, host) {
    root.append(
      h('p', { class: 'dl-muted' }, l10n.t('No view is registered for "{0}"; showing the raw result.', envelope.view)),
    );
    const result = envelope.result;
    if (result && typeof result === 'object' && !Array.isArray(result)) {
      const scalars = Object.entries(result as Record<string, unknown>).filter(
        ([, v]) => typeof v === 'number' || typeof v === 'string',
      );
      if (scalars.length)
        host.table(
          root,
          [l10n.t('field'), l10n.t('value')],
          scalars.map(([k, v]) => [k, v as number | string]),
          { caption: l10n.t('Result fields') },
        );
    }
    // Indented only when small: indenting a multi-megabyte result costs more than showing it.
    const compact = JSON.stringify(result) ?? 'null';
    const text = compact.length > MAX_JSON_CHARS ? compact : JSON.stringify(result, null, 1);
    root.append(
      h(
        'details',
        { class: 'dl-raw' },
        h('summary', {}, l10n.t('Raw result (JSON)')),
        h(
          'pre',
          { class: 'dl-json', tabindex: 0, 'aria-label': l10n.t('Raw result JSON') },
          text.length > MAX_JSON_CHARS
            ? l10n.t('{0}\n… (truncated; use Save JSON)', text.slice(0, MAX_JSON_CHARS))
            : text,
        ),
      ),
    );
  },
};
