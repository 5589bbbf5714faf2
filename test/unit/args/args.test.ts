import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { closestFlag, parseFlagTokens, tokenize, type FlagSpec } from '../../../src/args/flags';
import { commandArgs, commandLine, quoteArg, shellKindOf } from '../../../src/args/command';
import { installLauncher, launcherTexts } from '../../../src/host/launcher';

const specs: FlagSpec[] = [
  { key: 'maxDim', flag: 'max-dim', kind: 'value' },
  { key: 'shift', flag: 'shift', kind: 'value' },
  { key: 'json', flag: 'json', kind: 'boolean' },
  { key: 'degrees', flag: 'degrees', kind: 'list' },
  { key: 'compare', flag: 'compare', kind: 'files' },
  { key: 'output', flag: 'output', kind: 'value', alias: 'o' },
];

describe('the shared flag parser', () => {
  it('reads = and space forms, aliases, negative numbers as values, booleans with explicit values', () => {
    const r = parseFlagTokens(['f.csv', '--max-dim=2', '--shift', '-1.5', '-o', 'out.csv', '--json', 'false'], specs);
    expect(r).toEqual({
      values: { maxDim: '2', shift: '-1.5', output: 'out.csv', json: false },
      positional: ['f.csv'],
    });
  });
  it('-- ends the flags; - is a positional (standard input)', () => {
    expect(parseFlagTokens(['--json', '--', '--weird.csv'], specs).positional).toEqual(['--weird.csv']);
    expect(parseFlagTokens(['-', '--json'], specs).positional).toEqual(['-']);
    expect(parseFlagTokens(['--compare', 'a.csv', 'b.csv', '--', 'c.csv'], specs)).toEqual({
      values: { compare: ['a.csv', 'b.csv'] },
      positional: ['c.csv'],
    });
  });
  it('lists: commas and repeats append; files: repeats append', () => {
    expect(parseFlagTokens(['--degrees', '0,1', '--degrees=2'], specs).values).toEqual({ degrees: ['0', '1', '2'] });
    expect(parseFlagTokens(['--compare', 'a', '--json', '--compare', 'b'], specs).values.compare).toEqual(['a', 'b']);
  });
  it('errors: repeated scalar, missing value, unknown flag with the closest name', () => {
    expect(() => parseFlagTokens(['--max-dim', '1', '--max-dim', '2'], specs)).toThrow(/given twice/);
    expect(() => parseFlagTokens(['--max-dim'], specs)).toThrow(/needs a value/);
    expect(() => parseFlagTokens(['--maxdim', '1'], specs, { context: 'persistence' })).toThrow(
      'unknown option --maxdim for persistence; did you mean --max-dim?',
    );
    expect(() => parseFlagTokens(['--zzzzzz'], specs)).toThrow(/known: --max-dim/);
    expect(closestFlag('degree', ['degrees', 'max-dim'])).toBe('degrees');
    expect(closestFlag('time-budgte', ['time-budget', 'seed'])).toBe('time-budget');
  });
  it('tokenize follows POSIX sh word splitting (checked against /bin/sh)', () => {
    const lines = [`--a 'b c' "d \\"e\\" f" g\\ h`, `x''y "" '' --z=a\\'b`, `"$x" 'it''s'`];
    for (const line of lines) {
      const sh = spawnSync('/bin/sh', ['-c', `x=1; for a in ${line}; do printf '%s\\0' "$a"; done`], {
        encoding: 'utf8',
      });
      const words = sh.stdout.split('\0').slice(0, -1);
      // tokenize does not expand variables: compare on lines without an unquoted-or-double-quoted $
      if (line.includes('$')) expect(tokenize(line)).toEqual(['$x', 'its']);
      else expect(tokenize(line)).toEqual(words);
    }
  });
});

/** Splits a command line as the Microsoft C runtime does (CommandLineToArgvW rules, 2008+), as the oracle. */
function msvcrtSplit(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let word = '';
    let quoted = false;
    for (; i < line.length; i++) {
      const c = line[i];
      if (c === '\\') {
        let n = 0;
        while (line[i] === '\\') {
          n++;
          i++;
        }
        if (line[i] === '"') {
          word += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) word += '"';
          else {
            i--;
            continue;
          }
        } else {
          word += '\\'.repeat(n);
          i--;
        }
        continue;
      }
      if (c === '"') {
        if (quoted && line[i + 1] === '"') {
          word += '"';
          i++;
        } else quoted = !quoted;
        continue;
      }
      if (!quoted && (c === ' ' || c === '\t')) break;
      word += c;
    }
    out.push(word);
  }
  return out;
}

/** PowerShell single-quoted words ('' is a quote) and bare words, as the oracle of the PowerShell quoting. */
function pwshSplit(line: string): string[] {
  const re = /'((?:[^']|'')*)'|(\S+)/g;
  const out: string[] = [];
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]);
  return out;
}

/**
 * cmd.exe's first phase at the prompt (command-line mode): `%NAME%` of a defined variable is replaced; an undefined
 * name is kept and the scan goes on from its closing `%` (so `%a %b%` can still expand `b`).
 */
function cmdPromptPercent(line: string, env: Record<string, string>): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    const close = c === '%' ? line.indexOf('%', i + 1) : -1;
    if (close < 0) {
      out += c;
      i++;
      continue;
    }
    const name = line.slice(i + 1, close);
    const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key !== undefined) {
      out += env[key];
      i = close + 1;
    } else {
      out += '%' + name;
      i = close;
    }
  }
  return out;
}

/** cmd.exe's second phase: quotes toggle, `^` escapes the next character outside quotes; & | < > ( ) must not act. */
function cmdSpecialPhase(line: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '^') {
      i++;
      if (i < line.length) out += line[i];
      continue;
    } else if (!quoted && /[&|<>()]/.test(c)) throw new Error(`"${c}" acts in ${line}`);
    out += c;
  }
  return out;
}

describe('the copied command, quoted for the user shell', () => {
  const words = [
    '/data/my file.csv',
    "it's",
    'C:\\Users\\me\\data dir\\',
    'a "quoted" b',
    'x0:-2:2,x1:-3:3',
    '0,1',
    '$HOME',
    '@splat',
    'a&b|c',
    '-1.5',
    '',
    'plain',
  ];
  it('POSIX: /bin/sh gets every word back unchanged', () => {
    const line = commandLine('posix', words, 'printf %s\\\\0');
    const sh = spawnSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
    expect(sh.stdout.split('\0').slice(0, -1)).toEqual(words);
  });
  it('cmd: through the prompt and the batch launcher, the C runtime gets every word back unchanged', () => {
    const env = { PATH: 'C:\\Windows', A: 'zz', 'B C': 'space' };
    const hard = ['%PATH%', '50%', '%%', '%A%B%', '%B C%', 'a "x&y" b', '^caret^', '!A!', '(a)', 'a|b>c<d', '"', '\\"'];
    for (const w of [...words, ...hard]) {
      const typed = quoteArg('cmd', w);
      // at the prompt: %NAME% expansion, then one level of escapes; in dynlens.cmd, `%*` brings that text unscanned
      const passedToBatch = cmdSpecialPhase(cmdPromptPercent(typed, env));
      const passedToNode = cmdSpecialPhase(passedToBatch);
      expect(msvcrtSplit(passedToNode), `${w} -> ${typed}`).toEqual([w]);
    }
  });
  it('cmd: the model of cmd used above expands and escapes as cmd documents', () => {
    const env = { b: 'a', 'a ': 'b' };
    // the two examples of percent pairing from the cmd parsing notes (command-line mode keeps undefined names)
    expect(cmdPromptPercent('%a %b% c%', { b: 'a' })).toBe('%a a c%');
    expect(cmdPromptPercent('%a %b% c%', { 'a ': 'b' })).toBe('bb% c%');
    expect(cmdPromptPercent('%^b%', env)).toBe('%^b%');
    expect(cmdSpecialPhase('^"a^&b^" "c&d" ^^')).toBe('"a&b" "c&d" ^');
    expect(() => cmdSpecialPhase('a&b')).toThrow(/acts/);
  });
  it('PowerShell: single-quoted words come back unchanged; , @ $ never bare', () => {
    for (const w of words) {
      const q = quoteArg('powershell', w);
      expect(pwshSplit(q)).toEqual([w]);
      if (/[,@$'"\s&|]/.test(w)) expect(q.startsWith("'")).toBe(true);
    }
  });
  it('shell kind from vscode.env.shell', () => {
    expect(shellKindOf('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe')).toBe('powershell');
    expect(shellKindOf('/usr/local/bin/pwsh')).toBe('powershell');
    expect(shellKindOf('C:\\Windows\\System32\\cmd.exe')).toBe('cmd');
    expect(shellKindOf('/bin/zsh')).toBe('posix');
    expect(shellKindOf(undefined)).toBe('posix');
  });
  it('builds dynlens <analysis> <file> <flags>, a dashed file after --', () => {
    const env = { analysisId: 'persistence', provenance: { path: '/d/c.csv', params: { maxDim: 1, degrees: [0, 1] } } };
    expect(commandLine('posix', commandArgs(env))).toBe('dynlens persistence /d/c.csv --max-dim 1 --degrees 0,1');
    expect(commandLine('powershell', commandArgs(env))).toBe(
      "dynlens persistence /d/c.csv --max-dim 1 --degrees '0,1'",
    );
    expect(commandArgs({ analysisId: 'summary', provenance: { path: '-x.csv', params: {} } })).toEqual([
      'summary',
      '--',
      '-x.csv',
    ]);
  });
});

describe('the terminal launcher', () => {
  it('runs the CLI with the given node through sh, and writes a .cmd twin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dynlens-bin-'));
    const cli = resolve('dist/cli.js');
    const added: string[] = [];
    await installLauncher(dir, process.execPath, cli, { prepend: (k, v) => added.push(`${k}=${v}`) });
    expect(added).toEqual([`PATH=${dir}:`]);
    expect(statSync(join(dir, 'dynlens')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(dir, 'dynlens.cmd'), 'utf8')).toContain(`"${process.execPath}" "${cli}" %*`);
    // in a batch file `%` expands even inside quotes: a literal one is `%%`
    expect(launcherTexts('C:\\100% node\\node.exe', 'C:\\x\\cli.js').cmd).toContain(
      '"C:\\100%% node\\node.exe" "C:\\x\\cli.js" %*',
    );
    const r = spawnSync('sh', ['-c', 'dynlens --version'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
    });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+/);
    expect(launcherTexts("/o'dd/node", '/x/cli.js').posix).toContain(`'/o'\\''dd/node'`);
  });
});
