/** Helpers every view uses: a titled section, a notes list, and JSON number arrays made ready for Plotly. */
import { h } from './dom';
import * as l10n from '@vscode/l10n';

/** Appends a titled section (with an optional muted note under the title) to root and returns it. */
export function section(root: HTMLElement, title: string, note?: string): HTMLElement {
  const s = h(
    'section',
    { class: 'dl-section' },
    h('h2', {}, title),
    note ? h('p', { class: 'dl-muted dl-note' }, note) : null,
  );
  root.append(s);
  return s;
}

/** A "Notes" section listing the result's notes (nothing when there are none). */
export function notesList(root: HTMLElement, notes: readonly string[] | undefined): void {
  if (!notes || notes.length === 0) return;
  const s = section(root, l10n.t('Notes'));
  const ul = h('ul', {});
  for (const n of notes) ul.append(h('li', {}, n));
  s.append(ul);
}

/** Replaces JSON nulls (NaN on the producer side) by NaN so Plotly leaves gaps. */
export function nums(a: ArrayLike<number | null> | null | undefined): number[] {
  const out: number[] = [];
  if (a) for (let i = 0; i < a.length; i++) out.push(a[i] ?? NaN);
  return out;
}
