/** Tiny DOM helpers: the app builds its DOM by hand (no framework; the views are small). */

type Attrs = Record<string, string | number | boolean | undefined | null>;

/** Creates an element with attributes (`class`, `aria-*`, `data-*`, ...) and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: (Node | string | null | undefined)[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: (Node | string | null | undefined)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

/** A vscode-elements button with a visible label and an accessible name. */
export function button(
  label: string,
  ariaLabel: string,
  onClick: () => void,
  opts: { secondary?: boolean; className?: string } = {},
): HTMLElement {
  const b = h(
    'vscode-button',
    { 'aria-label': ariaLabel, title: ariaLabel, secondary: opts.secondary, class: opts.className, tabindex: 0 },
    label,
  );
  b.addEventListener('click', (e) => {
    e.preventDefault();
    onClick();
  });
  return b;
}

let idCounter = 0;
/** A page-unique id for aria-labelledby / aria-describedby links. */
export function uid(prefix: string): string {
  return `${prefix}-${++idCounter}`;
}

/** Announces a short message to screen readers and shows it briefly (copy/save confirmations). */
export function toast(message: string): void {
  let region = document.getElementById('dl-toast');
  if (!region) {
    region = h('div', { id: 'dl-toast', role: 'status', 'aria-live': 'polite', class: 'dl-toast' });
    document.body.append(region);
  }
  region.textContent = message;
  region.classList.add('visible');
  window.clearTimeout(Number(region.dataset.timer ?? 0));
  region.dataset.timer = String(window.setTimeout(() => region.classList.remove('visible'), 1800));
}

/**
 * Tells screen readers about a state change (running, result ready) without showing anything. Used for
 * transitions only: progress updates arrive ~10 times a second and must not be read out one by one.
 */
export function announce(message: string): void {
  let region = document.getElementById('dl-announce');
  if (!region) {
    region = h('div', { id: 'dl-announce', role: 'status', 'aria-live': 'polite', class: 'dl-visually-hidden' });
    document.body.append(region);
  }
  region.textContent = message;
}
