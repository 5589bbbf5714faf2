// Builds the test workspaces, in temp folders: the bundled examples plus a malformed CSV and a large CSV (for cancel
// and the event-loop stall measurement); and a hostile one (makeHostileWorkspace).
import { cpSync, mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './codeserver.mjs';
import { zipBomb } from '../hostile/generators.mjs';

export async function makeWorkspace({ bigRows = 1_000_000 } = {}) {
  const ws = mkdtempSync(join(tmpdir(), 'dynlens-ws-'));
  cpSync(join(ROOT, 'examples'), ws, { recursive: true });
  // a notebook with stored DynLens outputs (and one malformed one), for the notebook renderer
  cpSync(join(ROOT, 'test/fixtures/notebook/dynlens-outputs.ipynb'), join(ws, 'dynlens-outputs.ipynb'));
  writeFileSync(join(ws, 'bad.csv'), 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
  // 1,000,000 x 8 floats: a table the summary must handle without freezing anything (SummaryResult, protocol).
  await new Promise((res, rej) => {
    const out = createWriteStream(join(ws, 'big.csv'));
    out.on('error', rej);
    out.write('t,c1,c2,c3,c4,c5,c6,c7\n');
    let i = 0;
    let s = 12345;
    const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff - 0.5;
    const writeMore = () => {
      let ok = true;
      while (i < bigRows && ok) {
        let chunk = '';
        for (let k = 0; k < 2000 && i < bigRows; k++, i++) {
          const t = i * 0.001;
          chunk += `${t.toFixed(3)},${Math.sin(t).toFixed(6)},${Math.cos(3 * t).toFixed(6)},${rnd().toFixed(6)},${(Math.sin(t) + rnd()).toFixed(6)},${rnd().toFixed(6)},${(t % 1).toFixed(6)},${rnd().toFixed(6)}\n`;
        }
        ok = out.write(chunk);
      }
      if (i < bigRows) out.once('drain', writeMore);
      else out.end(res);
    };
    writeMore();
  });
  return ws;
}

/**
 * A hostile workspace: a README whose code names a zip bomb (.npz whose member inflates to 5 GB, with a lying
 * header too) and an .ode whose 60 constants each double the previous and whose functions double 60 times (2^60
 * nodes as a tree).
 */
export function makeHostileWorkspace() {
  const ws = mkdtempSync(join(tmpdir(), 'dynlens-hostile-ws-'));
  zipBomb(ws, 'bomb.npz', { zeroBytes: 5 * 2 ** 30 });
  zipBomb(ws, 'liar.npz', { zeroBytes: 5 * 2 ** 30, declaredSize: 4096 });
  const ode = ['# 60 constants, each the previous plus itself; 60 functions, each doubling the previous', '!c0=1'];
  for (let i = 1; i <= 60; i++) ode.push(`!c${i}=c${i - 1}+c${i - 1}`);
  ode.push('f0(u)=u');
  for (let i = 1; i <= 60; i++) ode.push(`f${i}(u)=f${i - 1}(u)+f${i - 1}(u)`);
  ode.push("x'=-x+1e-30*f60(x)+1e-30*c60", 'init x=1', 'done');
  writeFileSync(join(ws, 'exponential.ode'), ode.join('\n') + '\n');
  writeFileSync(
    join(ws, 'README.md'),
    [
      '# Data of this project',
      '',
      '```python',
      'import numpy as np',
      "x = np.load('bomb.npz')['x']",
      "y = np.load('liar.npz')['x']",
      "model = open('exponential.ode').read()",
      '```',
      '',
    ].join('\n'),
  );
  return ws;
}
