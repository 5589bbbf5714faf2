// The real analysis worker (dist/worker.js), except that it dies (process.exit in the worker thread) when it opens
// a file whose path contains CRASH: a worker killed in the middle of an item. (Not on receipt of the job: a batch
// pool sends a worker its next job while it still runs the current one.)
const fs = require('node:fs');
const { join } = require('node:path');
const die = (path) => {
  if (String(path).includes('CRASH')) process.exit(9);
};
for (const name of ['readFileSync', 'openSync', 'statSync', 'createReadStream']) {
  const original = fs[name];
  fs[name] = (path, ...rest) => (die(path), original(path, ...rest));
}
for (const name of ['readFile', 'open', 'stat']) {
  const original = fs.promises[name];
  fs.promises[name] = (path, ...rest) => (die(path), original(path, ...rest));
}
require(join(__dirname, '..', '..', '..', 'dist', 'worker.js'));
