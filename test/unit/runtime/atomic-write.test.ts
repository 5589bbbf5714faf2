/**
 * Atomic writes leave no temporary behind: a writer killed before its rename leaves `.NAME.dynlens-PID-RANDOM.tmp`,
 * and the next write of NAME (or the CLI's check of the output path) removes it once PID is gone, never a temporary
 * of a live writer or of another file.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkOutputPath,
  writeAtomicWith,
  writeFileAtomic,
  writeFileAtomicSync,
} from '../../../src/runtime/atomic-write';

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function folderWithLeftovers(): { dir: string; dead: number; live: number } {
  const dir = mkdtempSync(join(tmpdir(), 'dynlens-atomic-'));
  const dead = deadPid();
  const live = process.ppid;
  writeFileSync(join(dir, 'out.csv'), 'OLD\n');
  writeFileSync(join(dir, `.out.csv.dynlens-${dead}-0badc0de.tmp`), 'half a fi');
  writeFileSync(join(dir, `.out.csv.${dead}.0badc0de.tmp`), 'half'); // the earlier naming
  writeFileSync(join(dir, `out.csv.tmp-${dead}`), 'half'); // batch tables of earlier versions
  writeFileSync(join(dir, `.out.csv.dynlens-${live}-12345678.tmp`), 'being written');
  writeFileSync(join(dir, `.other.csv.dynlens-${dead}-0badc0de.tmp`), 'not ours');
  return { dir, dead, live };
}

function temps(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.includes('.tmp'))
    .sort();
}

describe('atomic writes clean what killed writers left', () => {
  it('a synchronous write removes the dead writers temporaries of its target only', () => {
    const { dir, dead, live } = folderWithLeftovers();
    try {
      writeFileAtomicSync(join(dir, 'out.csv'), 'NEW\n');
      expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('NEW\n');
      expect(temps(dir)).toEqual(
        [`.other.csv.dynlens-${dead}-0badc0de.tmp`, `.out.csv.dynlens-${live}-12345678.tmp`].sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the asynchronous write, the streamed write and the output-path check clean the same way', async () => {
    const acts: ((p: string) => Promise<void>)[] = [
      (p) => writeFileAtomic(p, 'NEW\n'),
      (p) => Promise.resolve(writeAtomicWith(p, (tmp) => writeFileSync(tmp, 'NEW\n'))),
      (p) => Promise.resolve(checkOutputPath(p, '-o')),
    ];
    for (const act of acts) {
      const { dir, live } = folderWithLeftovers();
      try {
        await act(join(dir, 'out.csv'));
        expect(temps(dir).filter((f) => f.startsWith('.out.csv') || f.startsWith('out.csv'))).toEqual([
          `.out.csv.dynlens-${live}-12345678.tmp`,
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('a failed streamed write removes its own temporary and keeps the old file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-atomic-'));
    try {
      writeFileSync(join(dir, 't.csv'), 'OLD\n');
      expect(() =>
        writeAtomicWith(join(dir, 't.csv'), (tmp) => {
          writeFileSync(tmp, 'NE');
          throw new Error('disk full');
        }),
      ).toThrow('disk full');
      expect(readdirSync(dir)).toEqual(['t.csv']);
      expect(readFileSync(join(dir, 't.csv'), 'utf8')).toBe('OLD\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
