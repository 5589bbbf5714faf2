// After a build: writes dist/analyses.json from the registry (via the built CLI) and brings package.json's
// per-analysis commands and the DynLens submenu in line with the registry, so that adding a registry entry is all
// it takes to get a menu item. Rewrites package.json only when something changed.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const infos = JSON.parse(execFileSync(process.execPath, ['dist/cli.js', 'list', '--json'], { encoding: 'utf8' }));
writeFileSync('dist/analyses.json', JSON.stringify(infos));

// Each analysis lists the extensions it reads (core/input.ts, the only place they are declared).
const whenFor = (extensions) => {
  const exts = extensions.map((e) => e.replace(/^\./, '').replace(/[.]/g, '\\.'));
  // No resourceScheme test: under VS Code Remote (and code-server) Explorer resources are vscode-remote:, not file:.
  // .json only where the host's sniff found data (rows, objects or columns): not package.json, tsconfig.json, ...
  const plain = exts.filter((e) => e !== 'json');
  const byExt = `resourceExtname =~ /^\\.(${plain.join('|')})$/i`;
  return exts.includes('json') ? `${byExt} || resourceExtname == .json && resourcePath in dynlens.dataJson` : byExt;
};
const allExtensions = [...new Set(infos.flatMap((a) => a.extensions))];

// Batches read folders and collection files (src/analysis/collections/read.ts: UCR tables, sktime .ts, arrays,
// manifests); sweeps read .ode models. A .ts file is TypeScript as often as sktime: only the explorer offers it.
const collectionWhen = 'explorerResourceIsFolder || resourceExtname =~ /^\\.(tsv|csv|txt|ts|npz|npy)$/i';
const odeWhen = 'resourceExtname =~ /^\\.ode$/i';
const batchCommands = [
  { command: 'dynlens.batch', title: '%dynlens.batch.title%', category: '%category%' },
  { command: 'dynlens.sweep', title: '%dynlens.sweep.title%', category: '%category%' },
];

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const before = JSON.stringify(pkg);
const c = (pkg.contributes ??= {});
const generated = new Set(batchCommands.map((b) => b.command));
const fixedCommands = [
  ...(c.commands ?? []).filter((x) => !x.command.startsWith('dynlens.run.') && !generated.has(x.command)),
  ...batchCommands,
];
// Every user-visible manifest string is a %key% of package.nls.json (the analysis titles too, written here).
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8'));
const nlsBefore = JSON.stringify(nls);
for (const a of infos) nls[`dynlens.run.${a.id}.title`] = a.title;
c.commands = [
  ...fixedCommands,
  ...infos.map((a) => ({
    command: `dynlens.run.${a.id}`,
    title: `%dynlens.run.${a.id}.title%`,
    category: '%category%',
  })),
];
c.submenus = [{ id: 'dynlens.submenu', label: '%submenu.label%', icon: '$(graph)' }];
const menus = (c.menus ??= {});
const submenuEntry = (group) => ({ submenu: 'dynlens.submenu', group, when: whenFor(allExtensions) });
menus['explorer/context'] = [
  { ...submenuEntry('navigation@90'), when: `${collectionWhen} || ${whenFor(allExtensions)}` },
];
menus['editor/context'] = [{ command: 'dynlens.sweep', when: odeWhen, group: 'dynlens@1' }];
menus['editor/title/context'] = [submenuEntry('navigation@90')];
menus['editor/title'] = [submenuEntry('navigation')];
menus['dynlens.submenu'] = [
  ...infos.map((a, i) => ({ command: `dynlens.run.${a.id}`, when: whenFor(a.extensions), group: `analyses@${i}` })),
  { command: 'dynlens.analyze', group: 'z_more@0' },
  { command: 'dynlens.analyzeWithParameters', group: 'z_more@1' },
  { command: 'dynlens.batch', when: collectionWhen, group: 'z_many@0' },
  { command: 'dynlens.sweep', when: odeWhen, group: 'z_many@1' },
];
// Commands that need a file: on the palette only when the active editor's file is one they accept (the others ask
// for a file or work without one).

menus.commandPalette = [
  ...infos.map((a) => ({ command: `dynlens.run.${a.id}`, when: whenFor(a.extensions) })),
  { command: 'dynlens.analyze', when: whenFor(allExtensions) },
  { command: 'dynlens.analyzeWithParameters', when: whenFor(allExtensions) },
  { command: 'dynlens.batch', when: collectionWhen.replace('explorerResourceIsFolder || ', '') },
  { command: 'dynlens.sweep', when: odeWhen },
  { command: 'dynlens.runExample', when: 'false' },
  { command: 'dynlens.internal.diagnostics', when: 'false' },
  { command: 'dynlens.internal.resetStallMonitor', when: 'false' },
  { command: 'dynlens.internal.storedResult', when: 'false' },
];
if (JSON.stringify(nls) !== nlsBefore) writeFileSync('package.nls.json', JSON.stringify(nls, null, 2) + '\n');
const after = JSON.stringify(pkg);
if (after !== before) {
  writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
  console.log(`package.json: synced ${infos.length} analysis commands`);
}
