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
  return `resourceExtname =~ /^\\.(${exts.join('|')})$/i`;
};
const allExtensions = [...new Set(infos.flatMap((a) => a.extensions))];

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const before = JSON.stringify(pkg);
const c = (pkg.contributes ??= {});
const fixedCommands = (c.commands ?? []).filter((x) => !x.command.startsWith('dynlens.run.'));
c.commands = [
  ...fixedCommands,
  ...infos.map((a) => ({ command: `dynlens.run.${a.id}`, title: a.title, category: 'DynLens' })),
];
c.submenus = [{ id: 'dynlens.submenu', label: 'DynLens', icon: '$(graph)' }];
const menus = (c.menus ??= {});
const submenuEntry = (group) => ({ submenu: 'dynlens.submenu', group, when: whenFor(allExtensions) });
menus['explorer/context'] = [submenuEntry('navigation@90')];
menus['editor/title/context'] = [submenuEntry('navigation@90')];
menus['editor/title'] = [submenuEntry('navigation')];
menus['dynlens.submenu'] = [
  ...infos.map((a, i) => ({ command: `dynlens.run.${a.id}`, when: whenFor(a.extensions), group: `analyses@${i}` })),
  { command: 'dynlens.analyze', group: 'z_more@0' },
  { command: 'dynlens.analyzeWithParameters', group: 'z_more@1' },
];
menus.commandPalette = [
  ...infos.map((a) => ({ command: `dynlens.run.${a.id}`, when: 'editorIsOpen' })),
  { command: 'dynlens.internal.diagnostics', when: 'false' },
  { command: 'dynlens.internal.resetStallMonitor', when: 'false' },
  { command: 'dynlens.internal.storedResult', when: 'false' },
];
const after = JSON.stringify(pkg);
if (after !== before) {
  writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
  console.log(`package.json: synced ${infos.length} analysis commands`);
}
