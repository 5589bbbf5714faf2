/**
 * Parameters typed as CLI flags in VS Code ("--max-dim 2 --threshold 1.5"), parsed by the same parser as the CLI
 * (src/args/flags.ts), so the panel and the terminal speak the same language. Values stay strings: the worker
 * validates them against the analysis' schema and a mistake comes back as a usage error naming the flag.
 */
import type { ParamInfo } from '../protocol';
import { flagKindOf, parseFlagTokens, tokenize } from '../args/flags';

/** Parses the input box's text against the analysis' parameters; throws FlagError with a message to show. */
export function parseFlags(text: string, params: readonly ParamInfo[], analysisId?: string): Record<string, unknown> {
  const specs = params.map((p) => ({ key: p.key, flag: p.flag.replace(/^--/, ''), kind: flagKindOf(p.type) }));
  return parseFlagTokens(tokenize(text), specs, { context: analysisId, allowPositional: false }).values;
}
