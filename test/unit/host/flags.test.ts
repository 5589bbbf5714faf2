import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../../src/commands/flags';

describe('flags typed in VS Code', () => {
  it('parses kebab-case flags into schema keys, with values, =, booleans and lists of files', () => {
    expect(parseFlags('--max-dim 2 --threshold=1.5 --pseudospectrum --compare a.csv "b c.csv" --columns x,y')).toEqual({
      maxDim: '2',
      threshold: '1.5',
      pseudospectrum: true,
      compare: ['a.csv', 'b c.csv'],
      columns: 'x,y',
    });
    expect(parseFlags('  ')).toEqual({});
  });
  it('rejects a bare value', () => {
    expect(() => parseFlags('2 --max-dim')).toThrow(/expected --flag/);
  });
});
