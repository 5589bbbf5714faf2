/**
 * `@ name=value` options as XPPAUT reads them (xppopt help page): integration (total, dt, t0, meth, trans, bounds,
 * maxstor, njmp, tol, atol, delay, seed), the AUTO continuation settings (kept for the continuation code) and the
 * plotting/window options (kept as a note: DynLens draws its own plots). Names are case-insensitive.
 */
import type { Declarations } from './statements';

export type IntegrationMethod = 'dopri5' | 'rk4' | 'ode23s' | 'euler' | 'modeuler';

export interface OdeOptions {
  dt?: number;
  total?: number;
  method?: IntegrationMethod;
  /** XPPAUT `trans`: time before which output is not stored. */
  transient?: number;
  /** XPPAUT `bounds`: |x| beyond which the run stops as divergent. */
  bounds?: number;
  t0?: number;
  /** XPPAUT `njmp`: store every njmp-th step. */
  njmp?: number;
  maxstor?: number;
  /** XPPAUT `tol` / `atol`: tolerances of the adaptive methods. */
  rtol?: number;
  atol?: number;
  /** XPPAUT `delay`: the largest delay the model uses (storage of the history). */
  maxDelay?: number;
  /** Seed of ran/normal/wiener (XPPAUT `seed`); 0 when not given (stated in the notes). */
  seed?: number;
  /** AUTO settings: ntst, nmax, npr, ds, dsmin, dsmax, parmin, parmax, normmin, normmax, autovar, ... */
  auto: Record<string, number | string>;
  /** Plotting and window options, kept as written. */
  plot: Record<string, string>;
}

const AUTO_KEYS = new Set([
  'ntst',
  'nmax',
  'npr',
  'ds',
  'dsmin',
  'dsmax',
  'parmin',
  'parmax',
  'normmin',
  'normmax',
  'autovar',
  'ncol',
  'epsl',
  'epsu',
  'epss',
  'autoxmin',
  'autoxmax',
  'autoymin',
  'autoymax',
  'autoevaluate',
]);
const PLOT_KEYS = new Set([
  'xp',
  'yp',
  'zp',
  'xplot',
  'yplot',
  'zplot',
  'xlo',
  'xhi',
  'ylo',
  'yhi',
  'xmin',
  'xmax',
  'ymin',
  'ymax',
  'zmin',
  'zmax',
  'axes',
  'nplot',
  'phi',
  'theta',
  'lt',
  'runnow',
  'bell',
  'back',
  'small',
  'big',
  'smc',
  'umc',
  'sec',
  'xnc',
  'ync',
  'output',
  'colormap',
  'nout',
  'simplot',
  'but',
  'plotformat',
  'font',
  'mwcolor',
  'dwcolor',
  'forecolor',
  'backcolor',
  'backimage',
  'logfile',
  'tor_per',
  'fold',
  'poimap',
  'poivar',
  'poipln',
  'poisgn',
  'poistop',
  'trans',
  'dfgrid',
  'dfdraw',
  'ncdraw',
  'mxmax',
  'mymax',
  'autoeval',
  'yshift',
  'total',
]);
// 'trans' and 'total' above only to keep the set honest: they are read before the plot set is consulted.

const METHODS: Record<string, IntegrationMethod | 'discrete'> = {
  discrete: 'discrete',
  d: 'discrete',
  euler: 'euler',
  e: 'euler',
  modeuler: 'modeuler',
  m: 'modeuler',
  rungekutta: 'rk4',
  runge: 'rk4',
  r: 'rk4',
  rk4: 'rk4',
  qualrk: 'dopri5',
  q: 'dopri5',
  dorprin: 'dopri5',
  '5dp': 'dopri5',
  '83dp': 'dopri5',
  dopri5: 'dopri5',
  adams: 'dopri5',
  a: 'dopri5',
  ymp: 'dopri5',
  default: 'dopri5',
  rk45: 'dopri5',
  stiff: 'ode23s',
  s: 'ode23s',
  gear: 'ode23s',
  g: 'ode23s',
  cvode: 'ode23s',
  c: 'ode23s',
  backeul: 'ode23s',
  b: 'ode23s',
  '2rb': 'ode23s',
  rb2: 'ode23s',
  rosenbrock: 'ode23s',
  ode23s: 'ode23s',
  // XPPAUT's one-character method keys that are digits (load_eqn.c: "demragvbqsc582y")
  '5': 'dopri5',
  '8': 'dopri5',
  '2': 'ode23s',
};
const EXACT = new Set([
  'discrete',
  'd',
  'euler',
  'e',
  'modeuler',
  'm',
  'rungekutta',
  'runge',
  'r',
  'rk4',
  'dopri5',
  'rk45',
  'default',
  'ode23s',
  '2rb',
  'rb2',
  'rosenbrock',
]);

type Fail = (msg: string, row: number, column: number) => never;

export function readOptions(d: Declarations, fail: Fail): { options: OdeOptions; discrete: boolean } {
  const o: OdeOptions = { auto: {}, plot: {} };
  let discrete = false;
  const plotted: string[] = [];
  for (const { key, value, line, column } of d.options) {
    const k = key.toLowerCase();
    const numeric = (): number => {
      const v = Number(value);
      if (!Number.isFinite(v)) fail(`option ${key} expects a number, found "${value}"`, line, column);
      return v;
    };
    const positive = (): number => {
      const v = numeric();
      if (!(v > 0)) fail(`${key} must be positive`, line, column);
      return v;
    };
    if (k === 'dt') o.dt = Math.abs(positive());
    else if (k === 'total') o.total = positive();
    else if (k === 'trans') o.transient = numeric();
    else if (k === 'bound' || k === 'bounds') o.bounds = Math.abs(numeric());
    else if (k === 't0') o.t0 = numeric();
    else if (k === 'njmp' || k === 'nout') o.njmp = Math.max(1, Math.round(positive()));
    else if (k === 'maxstor') o.maxstor = Math.round(positive());
    else if (k === 'tol' || k === 'toler') o.rtol = positive();
    else if (k === 'atol' || k === 'atoler') o.atol = positive();
    else if (k === 'delay') o.maxDelay = numeric();
    else if (k === 'seed') o.seed = Math.round(numeric());
    else if (k === 'meth' || k === 'method') {
      const v = value.toLowerCase();
      // XPPAUT reads a method by its first letters: meth=disc is discrete, meth=y is ymp
      const m = METHODS[v] ?? METHODS[v[0]] ?? (v.startsWith('y') ? 'dopri5' : undefined);
      if (m === 'discrete') discrete = true;
      else if (m) {
        o.method = m;
        if (!EXACT.has(v)) d.notes.push(`line ${line}: meth=${value}: integrated with ${describe(m)}`);
      } else {
        o.method = 'dopri5';
        d.notes.push(`line ${line}: meth=${value} is not an XPPAUT method DynLens knows; using ${describe('dopri5')}`);
      }
    } else if (AUTO_KEYS.has(k)) o.auto[k] = Number.isFinite(Number(value)) ? Number(value) : value;
    else if (PLOT_KEYS.has(k)) {
      o.plot[k] = value;
      plotted.push(`${key}=${value}`);
    } else d.notes.push(`line ${line}: option ${key}=${value} ignored`);
  }
  if (plotted.length > 0) d.notes.push(`plotting options kept as notes: ${plotted.join(', ')}`);
  return { options: o, discrete };
}

function describe(m: IntegrationMethod): string {
  switch (m) {
    case 'dopri5':
      return 'adaptive Dormand-Prince 5(4)';
    case 'ode23s':
      return 'the stiff Rosenbrock 2(3) integrator (ode23s)';
    case 'rk4':
      return 'fixed-step RK4';
    case 'euler':
      return 'fixed-step Euler';
    case 'modeuler':
      return 'fixed-step modified Euler (Heun)';
  }
}
