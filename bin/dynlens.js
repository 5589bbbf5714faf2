#!/usr/bin/env node
// Entry for `npx dynlens`: the CLI is bundled into dist/cli.js by `npm run build` (run by `npm install`'s prepare).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('dynlens: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(1);
}
require(cli);
