// Builds the test workspace: the bundled examples plus a malformed CSV and a large CSV (for cancel and the
// event-loop stall measurement), in a temp folder.
import { cpSync, mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './codeserver.mjs';

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
