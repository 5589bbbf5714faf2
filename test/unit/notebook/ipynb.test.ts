import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { localCancelSignal } from '../../../src/analysis/core/context';
import { toPlainJson } from '../../../src/analysis/core/json';
import { executeJob } from '../../../src/runtime/execute';
import { commandArgs } from '../../../src/args/command';
import { installLauncher } from '../../../src/host/launcher';
import { notebookFor } from '../../../src/notebook/ipynb';
import { DYNLENS_MIME } from '../../../src/report/notebook-bundle';
import type { ResultEnvelope } from '../../../src/protocol';

const dir = mkdtempSync(join(tmpdir(), 'dynlens-nb-'));

async function envelope(): Promise<ResultEnvelope> {
  const out = await executeJob(
    {
      jobId: 'nb',
      analysisId: 'summary',
      path: resolve('examples/lorenz.csv'),
      params: { maxLag: '50' },
      memoryBudgetBytes: 2 ** 30,
      parallelism: 1,
    },
    { signal: localCancelSignal(), progress: () => undefined },
  );
  if (!out.ok) throw new Error(out.error.message);
  return toPlainJson(out.envelope) as ResultEnvelope;
}

describe('Open as notebook', () => {
  it('writes a valid nbformat-4 notebook whose first cell runs the exact command and shows the stored result', async () => {
    const env = await envelope();
    const program = join(
      await installLauncher(join(dir, 'bin'), process.execPath, resolve('dist/cli.js'), { prepend() {} }),
      'dynlens',
    );
    const nb = notebookFor({ program, args: commandArgs(env), envelope: env }) as {
      cells: { source: string[]; outputs: { data: Record<string, unknown> }[] }[];
    };
    const file = join(dir, 'lorenz.summary.ipynb');
    writeFileSync(file, JSON.stringify(nb, null, 1));

    // the nbformat 4 JSON schema, through Debian's python3-nbformat
    const v = spawnSync(
      '/usr/bin/python3',
      ['-c', 'import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print("valid")', file],
      {
        encoding: 'utf8',
      },
    );
    expect(v.stderr).toBe('');
    expect(v.stdout.trim()).toBe('valid');

    // the first cell's command, run as the cell runs it, prints the same result as the stored output
    const cmdLine = nb.cells[0].source.find((l) => l.startsWith('cmd = '))!;
    const argv = JSON.parse(cmdLine.slice('cmd = '.length)) as string[];
    expect(argv.slice(1, 4)).toEqual(['summary', resolve('examples/lorenz.csv'), '--max-lag']);
    expect(argv[argv.length - 1]).toBe('--notebook');
    const run = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const bundle = JSON.parse(run.stdout) as Record<string, ResultEnvelope>;
    const stored = nb.cells[0].outputs[0].data[DYNLENS_MIME] as ResultEnvelope;
    expect(bundle[DYNLENS_MIME].result).toEqual(stored.result);
    expect(bundle[DYNLENS_MIME].provenance.contentHash).toBe(stored.provenance.contentHash);
    expect(typeof nb.cells[0].outputs[0].data['text/plain']).toBe('string');

    // the second cell turns the result's tables into DataFrames (runs when pandas is there)
    const hasPandas = spawnSync('/usr/bin/python3', ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0;
    if (hasPandas) {
      const script = `import json\nresult = json.load(open(${JSON.stringify(join(dir, 'bundle.json'))}))[${JSON.stringify(DYNLENS_MIME)}]\n${nb.cells[1].source.join('')}`;
      writeFileSync(join(dir, 'bundle.json'), run.stdout);
      const py = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
      expect(py.stderr).toBe('');
      expect(py.stdout).toMatch(/result\.\S+ \(\d+, \d+\)/);
    }
  }, 60000);
});
