import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../../src/commands/flags';
import type { ParamInfo } from '../../../src/protocol';

const p = (key: string, type: string): ParamInfo => ({
  key,
  flag: '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()),
  type,
  description: key,
});
const params = [
  p('maxDim', 'number'),
  p('threshold', 'number'),
  p('pseudospectrum', 'boolean'),
  p('compare', 'files'),
  p('columns', 'string-list'),
  p('degrees', 'number-list'),
  p('box', 'string'),
];

describe('flags typed in VS Code (the CLI parser)', () => {
  it('parses kebab-case flags into schema keys, with values, =, booleans, lists and files', () => {
    expect(
      parseFlags('--max-dim 2 --threshold=1.5 --pseudospectrum --compare a.csv "b c.csv" --columns x,y', params),
    ).toEqual({
      maxDim: '2',
      threshold: '1.5',
      pseudospectrum: true,
      compare: ['a.csv', 'b c.csv'],
      columns: ['x', 'y'],
    });
    expect(parseFlags('  ', params)).toEqual({});
  });
  it('appends repeated list flags and refuses a repeated scalar flag', () => {
    expect(parseFlags('--degrees 0 --degrees 1,2', params)).toEqual({ degrees: ['0', '1', '2'] });
    expect(() => parseFlags('--max-dim 1 --max-dim 2', params)).toThrow(/--max-dim is given twice/);
  });
  it('rejects a bare value and names the closest flag for a typo', () => {
    expect(() => parseFlags('2 --max-dim', params)).toThrow(/expected --flag/);
    expect(() => parseFlags('--max-dimm 2', params, 'persistence')).toThrow(
      /unknown option --max-dimm for persistence; did you mean --max-dim\?/,
    );
  });
  it('keeps quoted values whole, with shell quoting rules', () => {
    expect(parseFlags(`--box 'x0:-2:2,x1:-3:3' --threshold "1.5"`, params)).toEqual({
      box: 'x0:-2:2,x1:-3:3',
      threshold: '1.5',
    });
    expect(() => parseFlags(`--box 'x0`, params)).toThrow(/unclosed ' quote/);
  });
});
