import { describe, expect, test } from 'vitest';
import { exitCodeFor } from '../../../src/analysis/core/errors';
import { expectColumn, expected, load, loadError, type Stats } from './formats-helpers';

describe('HDF5 (h5py fixtures)', () => {
  test.each(['be_f8', 'be_f4', 'be_i4', 'le_i2', 'u1', 'u8', 'i8', 'f2'])('dtype and byte order: %s', async (name) => {
    const ds = await load('dtypes.h5', { dataset: name });
    expect(ds.columns).toEqual([name]);
    expectColumn(ds.data[0], expected[`dtypes.h5:${name}`] as Stats);
    if (name.startsWith('be_')) expect(ds.notes[0]).toContain('big-endian');
  });

  test('chunked + shuffle + gzip float32 2-D dataset in a group, with its attributes in the notes', async () => {
    const ds = await load('dtypes.h5', { dataset: '/sim/run1/states' });
    expect(ds.columns).toEqual(['states[0]', 'states[1]', 'states[2]']);
    const exp = expected['dtypes.h5:states'] as Stats[];
    exp.forEach((s, j) => expectColumn(ds.data[j], s, 6));
    const notes = ds.notes.join('\n');
    expect(notes).toMatch(/float32 \[400 x 3\], chunked 64 x 3, shuffle \+ deflate/);
    expect(notes).toContain('units = "m"');
    expect(notes).toContain('long_name = "oscillator state"');
    expect(notes).toContain('dt = 0.025');
  });

  test('a dataset name without its group resolves when unique', async () => {
    const ds = await load('dtypes.h5', { dataset: 'states' });
    expect(ds.rows).toBe(400);
  });

  test.each([
    ['2,:,:', 'dtypes.h5:cube[2,:,:]'],
    [':,5,:', 'dtypes.h5:cube[:,5,:]'],
  ])('N-D slice %s', async (slice, key) => {
    const ds = await load('dtypes.h5', { dataset: 'cube', slice });
    const exp = expected[key] as Stats[];
    expect(ds.columns).toEqual(['cube[0]', 'cube[1]', 'cube[2]']);
    exp.forEach((s, j) => expectColumn(ds.data[j], s));
    expect(ds.notes.join(' ')).toContain(`slice ${slice}`);
  });

  test.each([
    ['1:3,10,1', 'dtypes.h5:cube[1:3,10,1]'],
    ['0,::2,2', 'dtypes.h5:cube[0,::2,2]'],
    ['-4,-60::2,-1', 'dtypes.h5:cube[0,::2,2]'],
  ])('N-D slice to one column %s', async (slice, key) => {
    const ds = await load('dtypes.h5', { dataset: 'cube', slice });
    expect(ds.data).toHaveLength(1);
    expectColumn(ds.data[0], expected[key] as Stats);
  });

  test('N-D without --slice, or a slice keeping 3 dimensions or a single value: usage errors with an example', async () => {
    const e = await loadError('dtypes.h5', { dataset: 'cube' });
    expect(e.kind).toBe('usage');
    expect(e.message).toMatch(/3-D \(4 x 60 x 3\).*--slice 0,:,:/);
    expect((await loadError('dtypes.h5', { dataset: 'cube', slice: '0,0,0' })).message).toMatch(/single value/);
    expect((await loadError('dtypes.h5', { dataset: 'cube', slice: '9,:,:' })).message).toMatch(/out of range/);
  });

  test('the only numeric dataset is picked among string and compound ones', async () => {
    const ds = await load('single.h5');
    expect(ds.columns).toEqual(['signal']);
    expect(ds.notes.join(' ')).toMatch(/also in the file: \/names string .*, \/table compound \{a, b\} \[5\]/);
    expectColumn(ds.data[0], expected['single.h5:signal'] as Stats);
  });

  test('several numeric datasets: a usage error listing them with shapes, and the choices for a picker', async () => {
    const e = await loadError('dtypes.h5');
    expect(e.kind).toBe('usage');
    expect(e.message).toContain('dtypes.h5');
    expect(e.message).toContain('/sim/run1/states float32 [400 x 3]');
    expect(e.toInfo().choices).toContain('/cube');
  });

  test('the memory limit applies to what is read, not to the container', async () => {
    // 30 KB file, budget of 4 KB: a 50-value dataset (800 bytes, + 700 per column of overhead) fits; the 400 x 3
    // one (9.6 KB) does not.
    const ds = await load('dtypes.h5', { dataset: 'be_f8' }, 4096);
    expect(ds.rows).toBe(50);
    const e = await loadError('dtypes.h5', { dataset: 'sim/run1/states' }, 4096);
    expect(e.kind).toBe('too-large');
  });
});

describe('NetCDF-4 (netCDF4-python, xarray) through HDF5', () => {
  test('a variable with its time coordinate (units) as the first column', async () => {
    const ds = await load('climate.nc', { dataset: 'temperature' });
    expect(ds.columns).toEqual(['time', 'temperature']);
    expectColumn(ds.data[0], expected['climate.nc:time'] as Stats);
    expectColumn(ds.data[1], expected['climate.nc:temperature'] as Stats, 5);
    const notes = ds.notes.join('\n');
    expect(notes).toContain('units = "K"');
    expect(notes).toContain('time: units = "days since 2000-01-01"');
    expect(notes).toMatch(/netcdf-4/);
  });

  test('a 2-D variable (time x lat) gets the time coordinate and one column per lat index', async () => {
    const ds = await load('climate.nc', { dataset: 'field', slice: '10:20,1:' });
    expect(ds.columns).toEqual(['time', 'field[1]', 'field[2]']);
    expect(Array.from(ds.data[0])).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(ds.data[1][0]).toBe(20);
    expect(ds.data[2][9]).toBe(57);
  });

  test('coordinate variables are not candidates; two data variables ask for --dataset', async () => {
    const e = await loadError('xarray.nc');
    expect(e.kind).toBe('usage');
    expect(e.toInfo().choices).toEqual(['/x', '/y']);
    const ds = await load('xarray.nc', { dataset: 'x' });
    expect(ds.columns).toEqual(['t', 'x']);
    expectColumn(ds.data[1], expected['xarray.nc:x'] as Stats);
  });
});

describe('MATLAB v7.3 (HDF5 layout, column-major)', () => {
  test('a variable is read in MATLAB orientation (20 x 3)', async () => {
    const ds = await load('v73.mat', { dataset: 'X' });
    expect(ds.columns).toEqual(['X(:,1)', 'X(:,2)', 'X(:,3)']);
    (expected['v73.mat:X'] as Stats[]).forEach((s, j) => expectColumn(ds.data[j], s));
  });
  test('a struct field by path; the struct itself is described', async () => {
    const ds = await load('v73.mat', { dataset: 'opts/tol' });
    expect(ds.data[0][0]).toBe(1e-6);
    const e = await loadError('v73.mat', { dataset: 'opts' });
    expect(e.message).toMatch(/MATLAB struct with fields tol/);
  });
});

describe('bad HDF5 input: clear message naming the file, exit code 2', () => {
  test.each([
    ['no_numeric.h5', undefined, /no numeric dataset to read .*\/names string.*\/table compound \{a, b\}/],
    ['no_numeric.h5', { dataset: 'table' }, /\/table compound \{a, b\} \[5\] cannot be read as numbers: a compound/],
    ['no_numeric.h5', { dataset: 'names' }, /\/names string .* cannot be read as numbers: a text dataset/],
    ['empty_dataset.h5', undefined, /\/x float64 \[0\] has no elements/],
    ['corrupt.h5', undefined, /not a readable HDF5 file: bad superblock version number/],
    ['dims_only4.nc', undefined, /only dimensions \(time\) and no variables/],
    ['dtypes.h5', { dataset: 'nope' }, /no dataset "nope"/],
  ])('%s %j', async (file, selection, re) => {
    const e = await loadError(file, selection);
    expect(e.message).toMatch(re);
    expect(e.message).toContain(file);
    expect(exitCodeFor(e.kind)).toBe(2);
  });
});
