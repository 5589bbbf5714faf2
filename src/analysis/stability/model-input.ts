import type { AnalysisInput } from '../core/input';
import { badInput, usageError } from '../core/errors';
import { compileModel, type CompiledModel } from './ode/compile';
import { parseOde, type OdeModel, type ParseOptions } from './ode/parser';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ResourceEstimate } from '../core/budget';
import { estimateCompile, modelSize, type ModelSize } from './estimate';

export interface LoadedModel {
  model: OdeModel;
  compiled: CompiledModel;
  size: ModelSize;
}

/**
 * Parses and compiles the .ode input; `overrides` are "name=value" parameter settings (--set a=1,b=2) and names of
 * the file's `set` blocks (--set fast).
 */
export function loadModel(
  input: AnalysisInput,
  overrides: readonly string[] = [],
  init?: readonly number[],
  /** The job's budget check (ctx.checkEstimate): compiling is refused when its estimate is over the budget. */
  check?: (e: ResourceEstimate) => void,
): LoadedModel {
  if (input.kind !== 'ode')
    throw usageError(`this analysis needs an .ode model file, got a ${input.kind} input (${input.path})`);
  // --set NAME applies the file's `set NAME {...}` block; --set a=1 sets one parameter
  const sets = overrides.filter((o) => !o.includes('='));
  const model = parseOde(input.text, input.path, { ...filesNextTo(input.path), sets });
  for (const o of overrides.filter((x) => x.includes('='))) {
    const m = /^\s*([A-Za-z_]\w*)\s*=\s*(.+?)\s*$/.exec(o);
    if (!m) throw usageError(`--set expects name=value pairs, got "${o}"`);
    const v = Number(m[2]);
    if (!Number.isFinite(v)) throw usageError(`--set ${m[1]}: "${m[2]}" is not a finite number`);
    const pi = model.paramNames.indexOf(m[1]);
    if (pi < 0)
      throw usageError(
        `--set ${m[1]}: no parameter of that name in ${input.path} (parameters: ${model.paramNames.join(', ') || 'none'})`,
      );
    model.paramValues[pi] = v;
    model.notes.push(`${m[1]} = ${v} (from --set)`);
  }
  if (init && init.length > 0) {
    if (init.length !== model.stateNames.length) {
      throw badInput(
        `--init has ${init.length} values but the model has ${model.stateNames.length} states (${model.stateNames.join(', ')})`,
        { file: input.path },
      );
    }
    model.init.set(init);
    model.notes.push(`initial state ${init.join(', ')} (from --init)`);
  }
  const size = modelSize(model);
  check?.(estimateCompile(size));
  return { model, compiled: compileModel(model), size };
}

/** #include files and table files are read next to the model (the including file for nested includes). */
export function filesNextTo(modelPath: string): ParseOptions {
  const read = (name: string, from: string): { path: string; text: string } | undefined => {
    const path = resolve(dirname(from), name);
    return existsSync(path) ? { path, text: readFileSync(path, 'latin1') } : undefined;
  };
  return {
    include: (name, from) => read(name, from === modelPath ? resolve(modelPath) : from),
    readData: (name) => read(name, resolve(modelPath))?.text,
  };
}

/**
 * Analyses built on the variational equations or on f(x) = 0 (Lyapunov exponents, fixed points, continuation) need
 * a deterministic ODE or map without delays or events; other models are refused with the reason.
 */
export function requireOrdinaryModel(model: OdeModel, analysis: string): void {
  const why = model.features.implicit
    ? 'integral or algebraic equations (Volterra, 0 = ...)'
    : model.features.delay
      ? 'delay(...) terms (a delay-differential equation)'
      : model.features.wiener || model.features.random
        ? 'noise (wiener, ran or normal)'
        : model.events.length > 0
          ? `global events (line ${model.events[0].line})`
          : undefined;
  if (why)
    throw badInput(`${analysis} needs an ordinary differential equation or map; this model has ${why}`, {
      file: model.file,
    });
}
