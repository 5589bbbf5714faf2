/**
 * "Open as notebook": a Jupyter notebook (nbformat 4.5) that continues a result in Python. The first cell runs the
 * exact command that reproduces the result (through subprocess, no Python package of ours) and displays it through
 * the DynLens notebook renderer; its output is stored already, so the notebook shows the result before any kernel
 * runs. The second cell turns the result's tables into pandas DataFrames. Pure: the host writes the text.
 */
import type { ResultEnvelope } from '../protocol';
import { DYNLENS_MIME, notebookBundle } from '../report/notebook-bundle';

interface Cell {
  cell_type: 'code' | 'markdown';
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  execution_count?: number | null;
  outputs?: unknown[];
}

/** Python string literal (JSON strings are valid Python literals for the characters JSON escapes). */
const py = (s: string): string => JSON.stringify(s);

function lines(text: string): string[] {
  const parts = text.split('\n');
  return parts.map((l, i) => (i < parts.length - 1 ? l + '\n' : l)).filter((l) => l !== '');
}

const TABLES_CELL = `import pandas as pd


def tables(value, path="result"):
    """Every list of records and every set of equal-length number lists in the result, as DataFrames."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        yield path, pd.DataFrame(value)
    elif isinstance(value, dict):
        cols = {k: v for k, v in value.items() if isinstance(v, list) and v and not isinstance(v[0], (dict, list))}
        if len(cols) > 1 and len({len(v) for v in cols.values()}) == 1:
            yield path, pd.DataFrame(cols)
        for k, v in value.items():
            yield from tables(v, f"{path}.{k}")


frames = dict(tables(result["result"]))
for name, df in frames.items():
    print(name, df.shape)
`;

export interface NotebookOptions {
  /** The program that runs the CLI (the launcher's absolute path, or "dynlens"). */
  program: string;
  /** Arguments after the program: analysis id, file, flags (src/args/command.ts commandArgs). */
  args: string[];
  /** The result as the panel shows it (toPlainJson form): stored as the first cell's output. */
  envelope: ResultEnvelope;
}

export function notebookFor(opts: NotebookOptions): Record<string, unknown> {
  const argv = [opts.program, ...opts.args, '--notebook'];
  const run = [
    `# DynLens ${opts.envelope.title}: the command that reproduces the panel's result (its "Copy command")`,
    'import json, subprocess',
    'from IPython.display import display',
    '',
    `cmd = [${argv.map(py).join(', ')}]`,
    'bundle = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)',
    'display(bundle, raw=True)  # drawn by the DynLens notebook renderer in VS Code',
    `result = bundle[${py(DYNLENS_MIME)}]`,
    '',
  ].join('\n');
  const cells: Cell[] = [
    {
      cell_type: 'code',
      id: 'dynlens-run',
      metadata: {},
      execution_count: null,
      source: lines(run),
      outputs: [{ output_type: 'display_data', data: notebookBundle(opts.envelope), metadata: {} }],
    },
    {
      cell_type: 'code',
      id: 'dynlens-tables',
      metadata: {},
      execution_count: null,
      source: lines(TABLES_CELL),
      outputs: [],
    },
  ];
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
      language_info: { name: 'python' },
    },
    cells,
  };
}
