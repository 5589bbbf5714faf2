/** Small helpers shared by the stability views (lyapunov, fixed-points, ews, simulate). */
import { h } from '../shell/dom';

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

export function notesList(root: HTMLElement, notes: readonly string[] | undefined): void {
  if (!notes || notes.length === 0) return;
  const s = section(root, 'Notes');
  const ul = h('ul', {});
  for (const n of notes) ul.append(h('li', {}, n));
  s.append(ul);
}

/** Replaces JSON nulls (NaN on the producer side) by NaN so Plotly leaves gaps. */
export function nums(a: readonly (number | null)[] | undefined): number[] {
  return (a ?? []).map((v) => (v === null ? NaN : v));
}

export const WEBGL_POINTS = 40_000;
