import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../../src/cli-args';
import { resolveParams, type ParamSchema } from '../../../src/analysis/core/params';
import { DynLensError } from '../../../src/analysis/core/errors';

const schema: ParamSchema = {
  maxDim: { type: 'number', default: 1, min: 0, max: 3, integer: true, description: 'max degree' },
  threshold: { type: 'number', optional: true, description: 'threshold' },
  format: {
    type: 'string',
    default: 'point-cloud',
    choices: ['point-cloud', 'distance-matrix'],
    description: 'format',
  },
  pseudospectrum: { type: 'boolean', description: 'compute it' },
  degrees: { type: 'number-list', default: [0, 1], integer: true, description: 'degrees' },
  compare: { type: 'files', description: 'other files' },
};

describe('CLI argument parsing', () => {
  it('maps kebab-case flags to schema keys, with = and space forms', () => {
    const r = parseRunArgs(
      'persistence',
      [
        'a.csv',
        '--max-dim',
        '2',
        '--threshold=1.5',
        '--json',
        '--pseudospectrum',
        '--degrees',
        '0,1,2',
        '--compare',
        'b.csv',
        'c.csv',
      ],
      schema,
    );
    expect(r.file).toBe('a.csv');
    expect(r.options.json).toBe(true);
    expect(r.params).toEqual({
      maxDim: '2',
      threshold: '1.5',
      pseudospectrum: true,
      degrees: ['0', '1', '2'],
      compare: ['b.csv', 'c.csv'],
    });
    const p = resolveParams(schema, r.params);
    expect(p).toEqual({
      maxDim: 2,
      threshold: 1.5,
      format: 'point-cloud',
      pseudospectrum: true,
      degrees: [0, 1, 2],
      compare: ['b.csv', 'c.csv'],
    });
  });

  it('reads --html, -o, --workers, --max-memory-mb', () => {
    const r = parseRunArgs(
      'x',
      ['f.csv', '--html', 'r.html', '-o', 'out.csv', '--workers', '2', '--max-memory-mb', '512'],
      schema,
    );
    expect(r.options).toMatchObject({ html: 'r.html', output: 'out.csv', workers: 2, maxMemoryMB: 512 });
  });

  it('rejects unknown options, missing values, missing or extra files, with usage errors', () => {
    const usage = (argv: string[]) => {
      try {
        parseRunArgs('x', argv, schema);
      } catch (e) {
        expect(e).toBeInstanceOf(DynLensError);
        return (e as DynLensError).kind + ': ' + (e as DynLensError).message;
      }
      return 'no error';
    };
    expect(usage(['f.csv', '--max-dimm', '2'])).toMatch(
      /usage: unknown option --max-dimm for x; did you mean --max-dim\?/,
    );
    expect(usage(['f.csv', '--threshold'])).toMatch(/needs a value/);
    expect(usage([])).toMatch(/missing input file/);
    expect(usage(['a.csv', 'b.csv'])).toMatch(/expected one input file/);
    expect(usage(['f.csv', '--workers', '0'])).toMatch(/positive integer/);
  });

  it('validates values against the schema', () => {
    expect(() => resolveParams(schema, { maxDim: '4' })).toThrow(/<= 3/);
    expect(() => resolveParams(schema, { maxDim: '1.5' })).toThrow(/integer/);
    expect(() => resolveParams(schema, { maxDim: 'two' })).toThrow(/expects a number/);
    expect(() => resolveParams(schema, { format: 'matrix' })).toThrow(/one of point-cloud\|distance-matrix/);
    expect(() => resolveParams(schema, { nope: 1 })).toThrow(/unknown parameter --nope/);
    expect(() => resolveParams({ x: { type: 'number', description: 'x' } }, {})).toThrow(
      /missing required parameter --x/,
    );
  });
});
