// The real analysis worker (dist/worker.js), except that it dies (process.exit in the worker thread) on any message
// naming an item whose path contains CRASH: a worker killed in the middle of an item.
const { parentPort } = require('node:worker_threads');
const { join } = require('node:path');
parentPort.on('message', (m) => {
  if (JSON.stringify(m ?? null).includes('CRASH')) process.exit(9);
});
require(join(__dirname, '..', '..', '..', 'dist', 'worker.js'));
