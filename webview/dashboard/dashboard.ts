/**
 * The DynLens activity-bar dashboard (a VS Code webview view): running jobs with progress and cancel, the history
 * of results in this workspace (click to reopen), and the examples (click to run). Everything it shows comes from
 * the host's {type:'state'} message; everything it does is a DashboardToHost message.
 */
import * as l10n from '@vscode/l10n';
import type {
  BatchAction,
  BatchInfo,
  DashboardToHost,
  ExampleInfo,
  HistoryEntry,
  HostToDashboard,
  JobInfo,
} from '../../src/protocol';
import { baseName, formatDuration, shortHash } from '../format';
import type { Bridge } from '../shell/bridge';
import { button, h, uid } from '../shell/dom';

type DashState = Omit<Extract<HostToDashboard, { type: 'state' }>, 'type'>;

const STATE_LABEL: Record<JobInfo['state'], string> = {
  queued: 'queued',
  running: 'running',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

function relativeTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(t).toISOString().slice(0, 10);
}

export class DashboardApp {
  private state: DashState = { jobs: [], history: [], examples: [] };
  private readonly jobsEl: HTMLElement;
  private readonly batchesEl: HTMLElement;
  private readonly historyEl: HTMLElement;
  private readonly examplesEl: HTMLElement;
  private readonly storeEl: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly bridge: Bridge,
  ) {
    const section = (title: string, body: HTMLElement, extra?: HTMLElement): HTMLElement => {
      const id = uid('dash');
      return h(
        'section',
        { class: 'dl-dash-section', 'aria-labelledby': id },
        h('div', { class: 'dl-dash-head' }, h('h2', { id }, title), extra ?? null),
        body,
      );
    };
    this.jobsEl = h('ul', { class: 'dl-dash-list', 'aria-label': l10n.t('Running jobs') });
    this.batchesEl = h('ul', { class: 'dl-dash-list dl-batches', 'aria-label': l10n.t('Batches and sweeps') });
    this.historyEl = h('ul', { class: 'dl-dash-list', 'aria-label': l10n.t('Result history') });
    this.examplesEl = h('ul', { class: 'dl-dash-list', 'aria-label': l10n.t('Examples') });
    const clear = button(
      l10n.t('Clear'),
      l10n.t('Clear the result history and delete the stored results'),
      () => this.post({ type: 'clearHistory' }),
      { secondary: true, className: 'dl-clear-history' },
    );
    this.storeEl = h('span', { class: 'dl-muted dl-store-size', 'aria-live': 'polite' });
    root.replaceChildren(
      h(
        'div',
        { class: 'dl-dashboard' },
        section('Jobs', this.jobsEl),
        section(l10n.t('Batches'), this.batchesEl),
        section('History', this.historyEl, h('span', { class: 'dl-dash-tools' }, this.storeEl, clear)),
        section('Examples', this.examplesEl),
      ),
    );
    const saved = bridge.getState<DashState>();
    if (saved && Array.isArray(saved.jobs)) this.state = saved;
    this.render();
  }

  start(): void {
    this.bridge.onMessage((m) => {
      const msg = m as HostToDashboard;
      if (msg && msg.type === 'state') {
        this.state = {
          jobs: msg.jobs ?? [],
          history: msg.history ?? [],
          examples: msg.examples ?? [],
          store: msg.store,
          batches: msg.batches ?? [],
        };
        this.bridge.setState(this.state);
        this.render();
      }
    });
    this.post({ type: 'ready' });
  }

  private post(m: DashboardToHost): void {
    this.bridge.post(m);
  }

  private render(): void {
    this.renderJobs(this.state.jobs);
    renderBatches(this.batchesEl, this.state.batches ?? [], (id, action) => this.post({ type: 'batch', id, action }));
    this.renderHistory(this.state.history);
    this.renderStore();
    this.renderExamples(this.state.examples);
  }

  /** "12.3 MB of 500 MB": the result store's size against its cap (setting dynlens.results.maxSizeMB). */
  private renderStore(): void {
    const st = this.state.store;
    const mb = (b: number): string =>
      b < 10 * 2 ** 20 ? (b / 2 ** 20).toFixed(1) : Math.round(b / 2 ** 20).toString();
    this.storeEl.textContent = st ? l10n.t('{0} MB of {1} MB', mb(st.bytes), mb(st.maxBytes)) : '';
    this.storeEl.title = st
      ? l10n.t('Size of the stored results; the least recently opened are removed past the cap')
      : '';
  }

  private empty(list: HTMLElement, text: string): void {
    list.replaceChildren(h('li', { class: 'dl-empty dl-muted' }, text));
  }

  private renderJobs(jobs: JobInfo[]): void {
    // Finished jobs live in History; the jobs list keeps the active ones and recent failures.
    const shown = jobs.filter((j) => j.state === 'running' || j.state === 'queued' || j.state === 'failed');
    if (!shown.length) return this.empty(this.jobsEl, 'No running jobs.');
    // Items are keyed by job id and updated in place: progress arrives ~10 times a second, and rebuilding the
    // list would take keyboard focus away from a Cancel button the user is about to press.
    const old = new Map<string, HTMLElement>();
    for (const li of this.jobsEl.querySelectorAll<HTMLElement>('li[data-job-id]')) old.set(li.dataset.jobId!, li);
    const items = shown.map((j) => {
      const prev = old.get(j.jobId);
      if (prev && prev.dataset.state === j.state) {
        this.fillJob(prev, j);
        return prev;
      }
      const li = h('li', { class: 'dl-job', 'data-job-id': j.jobId, 'data-state': j.state });
      this.fillJob(li, j);
      return li;
    });
    items.forEach((li, i) => {
      if (this.jobsEl.children[i] !== li) this.jobsEl.insertBefore(li, this.jobsEl.children[i] ?? null);
    });
    while (this.jobsEl.children.length > items.length) this.jobsEl.lastElementChild!.remove();
  }

  private fillJob(li: HTMLElement, j: JobInfo): void {
    const pct = Math.round(Math.min(Math.max(j.fraction, 0), 1) * 100);
    const what = `${j.title} on ${baseName(j.path)}`;
    const active = j.state === 'running' || j.state === 'queued';
    let line = li.querySelector<HTMLElement>('.dl-job-line');
    if (!line) {
      line = h(
        'div',
        { class: 'dl-job-line' },
        h('span', { class: 'dl-job-title' }),
        h('span', { class: 'dl-muted dl-job-state' }),
      );
      li.append(line);
    }
    const title = line.querySelector<HTMLElement>('.dl-job-title')!;
    title.textContent = what;
    title.title = j.path;
    line.querySelector<HTMLElement>('.dl-job-state')!.textContent =
      ` ${STATE_LABEL[j.state]}${j.state === 'running' ? ` ${pct}%` : ''}`;
    if (active) {
      let bar = li.querySelector<HTMLElement>('vscode-progress-bar');
      if (!bar) {
        bar = h('vscode-progress-bar', { max: 100 });
        li.append(bar);
      }
      if (j.state === 'running') bar.setAttribute('value', String(pct));
      else bar.removeAttribute('value');
      bar.setAttribute('aria-label', `Progress of ${what}: ${j.state === 'running' ? `${pct}%` : 'queued'}`);
      let msg = li.querySelector<HTMLElement>('.dl-job-msg');
      if (!msg) {
        msg = h('div', { class: 'dl-muted dl-job-msg' });
        li.append(msg);
      }
      msg.textContent = j.message ?? '';
      if (!li.querySelector('.dl-cancel')) {
        li.append(
          button(l10n.t('Cancel'), l10n.t('Cancel {0}', what), () => this.post({ type: 'cancel', jobId: j.jobId }), {
            secondary: true,
            className: 'dl-cancel',
          }),
        );
      }
    } else if (j.error && !li.querySelector('.dl-job-error')) {
      li.append(h('div', { class: 'dl-job-error', role: 'note' }, j.error.message));
    }
  }

  private renderHistory(history: HistoryEntry[]): void {
    const clear = document.querySelector<HTMLElement>('.dl-clear-history');
    if (clear) clear.toggleAttribute('disabled', history.length === 0);
    if (!history.length)
      return this.empty(
        this.historyEl,
        'No results yet. Right-click a data file and choose DynLens, or run an example.',
      );
    this.historyEl.replaceChildren(
      ...history.map((e) => {
        const label = `${e.title}: ${baseName(e.path)}`;
        const detail = `${relativeTime(e.finishedAt)} \u00b7 ${formatDuration(e.wallTimeMs)} \u00b7 ${shortHash(e.contentHash, 8)}`;
        const b = h(
          'button',
          {
            type: 'button',
            class: 'dl-history-item',
            'data-key': e.key,
            title: `${e.path}\n${JSON.stringify(e.params)}`,
            'aria-label': l10n.t('Open {0}, finished {1}', label, detail),
          },
          h('span', { class: 'dl-history-title' }, label),
          h('span', { class: 'dl-muted dl-history-detail' }, detail),
        );
        b.addEventListener('click', () => this.post({ type: 'open', key: e.key }));
        return h('li', {}, b);
      }),
    );
  }

  private renderExamples(examples: ExampleInfo[]): void {
    if (!examples.length) return this.empty(this.examplesEl, 'No examples in this workspace.');
    this.examplesEl.replaceChildren(
      ...examples.map((x) => {
        const b = h(
          'button',
          {
            type: 'button',
            class: 'dl-example',
            title: x.path,
            'aria-label': l10n.t('Run {0} on example {1}', x.analysisId, x.label),
          },
          h('span', {}, x.label),
          h('span', { class: 'dl-muted' }, ` ${x.analysisId}`),
        );
        b.addEventListener('click', () => this.post({ type: 'runExample', path: x.path, analysisId: x.analysisId }));
        return h('li', {}, b);
      }),
    );
  }
}

const BATCH_STATE: Record<BatchInfo['state'], string> = {
  running: l10n.t('running'),
  queued: l10n.t('on Slurm'),
  stopped: l10n.t('stopped'),
  merging: l10n.t('merging'),
  done: l10n.t('done'),
  failed: l10n.t('failed'),
};

function eta(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** "120/400 items, 3 failed, 14.2 items/s, ETA 20 s" and, on Slurm, the array's tasks by state. */
function batchLine(b: BatchInfo): string {
  const parts = [b.total !== undefined ? l10n.t('{0}/{1} items', b.done, b.total) : l10n.t('{0} items', b.done)];
  if (b.failed > 0) parts.push(l10n.t('{0} failed', b.failed));
  if (b.itemsPerSecond !== undefined) parts.push(l10n.t('{0} items/s', b.itemsPerSecond.toFixed(1)));
  if (b.etaSeconds !== undefined && (b.state === 'running' || b.state === 'queued'))
    parts.push(l10n.t('ETA {0}', eta(b.etaSeconds)));
  return parts.join(', ');
}

function slurmLine(b: BatchInfo): string {
  const t = b.slurm;
  if (!t) return '';
  return l10n.t(
    'Slurm job {0}: {1} pending, {2} running, {3} done, {4} failed tasks',
    t.jobIds.join(', '),
    t.pending,
    t.running,
    t.done,
    t.failed,
  );
}

function actionsOf(b: BatchInfo): BatchAction[] {
  const active = b.state === 'running' || b.state === 'queued' || b.state === 'merging';
  const out: BatchAction[] = [];
  if (active) out.push('cancel');
  if (b.state === 'stopped' || b.state === 'failed') out.push('resume');
  if (b.done > 0) out.push('open');
  if (!active) out.push('forget');
  return out;
}

const ACTION_LABEL: Record<BatchAction, () => string> = {
  cancel: () => l10n.t('Cancel'),
  resume: () => l10n.t('Resume'),
  open: () => l10n.t('Open result'),
  forget: () => l10n.t('Forget'),
};

/** Batches keyed by id and updated in place (a rebuild every second would steal the keyboard focus). */
function renderBatches(list: HTMLElement, batches: BatchInfo[], act: (id: string, a: BatchAction) => void): void {
  if (batches.length === 0) {
    list.replaceChildren(
      h(
        'li',
        { class: 'dl-empty dl-muted' },
        l10n.t('No batches. Right-click a folder or a collection: DynLens, Batch analysis...'),
      ),
    );
    return;
  }
  const old = new Map<string, HTMLElement>();
  for (const li of list.querySelectorAll<HTMLElement>('li[data-batch-id]')) old.set(li.dataset.batchId!, li);
  const items = batches.map((b) => {
    const actions = actionsOf(b);
    const key = `${b.state}:${actions.join(',')}`;
    let li = old.get(b.id);
    if (!li || li.dataset.key !== key) {
      li = h(
        'li',
        { class: 'dl-batch', 'data-batch-id': b.id, 'data-state': b.state, 'data-key': key },
        h(
          'div',
          { class: 'dl-job-line' },
          h('span', { class: 'dl-job-title', title: b.out }, b.title),
          h('span', { class: 'dl-muted dl-job-state' }, ` ${BATCH_STATE[b.state]}`),
        ),
        h('vscode-progress-bar', { max: 100 }),
        h('div', { class: 'dl-muted dl-batch-line' }),
        h('div', { class: 'dl-muted dl-batch-slurm' }),
        h('div', { class: 'dl-job-msg dl-batch-msg' }),
        h(
          'div',
          { class: 'dl-batch-actions' },
          ...actions.map((a) =>
            button(ACTION_LABEL[a](), `${ACTION_LABEL[a]()}: ${b.title}`, () => act(b.id, a), {
              secondary: a !== 'open',
              className: `dl-batch-${a}`,
            }),
          ),
        ),
      );
    }
    const pct = b.total ? Math.round((100 * b.done) / b.total) : 0;
    const bar = li.querySelector<HTMLElement>('vscode-progress-bar')!;
    bar.setAttribute('value', String(pct));
    bar.setAttribute('aria-label', l10n.t('Progress of {0}: {1}%', b.title, pct));
    li.querySelector<HTMLElement>('.dl-batch-line')!.textContent = batchLine(b);
    li.querySelector<HTMLElement>('.dl-batch-slurm')!.textContent = slurmLine(b);
    li.querySelector<HTMLElement>('.dl-batch-msg')!.textContent = b.message ?? '';
    return li;
  });
  items.forEach((li, i) => {
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] ?? null);
  });
  while (list.children.length > items.length) list.lastElementChild!.remove();
}
