import { describe, expect, it } from 'vitest';
import { formatFlags, parseFlags } from '../../../src/commands/flags';

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
  it('formats parameters back to flags', () => {
    expect(formatFlags({ maxDim: 2, degrees: [0, 1], pseudospectrum: true, off: false, none: undefined })).toBe(
      '--max-dim 2 --degrees 0,1 --pseudospectrum',
    );
    expect(parseFlags(formatFlags({ maxDim: 2, box: 'x0:-2:2' }))).toEqual({ maxDim: '2', box: 'x0:-2:2' });
  });
});
