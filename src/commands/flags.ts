/**
 * Parameters typed as CLI flags in VS Code ("--max-dim 2 --threshold 1.5"), so the panel and the terminal speak
 * the same language. Values stay strings: the worker validates them against the analysis' schema and a mistake
 * comes back as a usage error naming the flag.
 */
export function parseFlags(text: string): Record<string, unknown> {
  const tokens = text.match(/"[^"]*"|'[^']*'|\S+/g)?.map((t) => t.replace(/^(["'])(.*)\1$/, '$2')) ?? [];
  const out: Record<string, unknown> = {};
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok.startsWith('--')) throw new Error(`expected --flag, got "${tok}"`);
    const eq = tok.indexOf('=');
    const name = tok.slice(2, eq >= 0 ? eq : undefined);
    const key = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (eq >= 0) out[key] = tok.slice(eq + 1);
    else if (i + 1 < tokens.length && !tokens[i + 1].startsWith('--')) {
      const values: string[] = [];
      while (i + 1 < tokens.length && !tokens[i + 1].startsWith('--')) values.push(tokens[++i]);
      out[key] = values.length === 1 ? values[0] : values;
    } else out[key] = true;
  }
  return out;
}
