import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createVolume, VOXEL_TYPES, voxelTypeOf, type Mat3, type Volume, type VoxelType } from '@medlens/core';
import { readNrrd, readNrrdFile } from './read-nrrd.js';
import { writeNrrd, writeNrrdFile } from './write-nrrd.js';

const TYPES = Object.keys(VOXEL_TYPES) as VoxelType[];
// An oblique, left-handed direction (rotation about (1,2,3) by 0.9 rad, third column negated).
function obliqueDirection(): Mat3 {
  const [x, y, z] = [1, 2, 3].map((v) => v / Math.sqrt(14)) as [number, number, number];
  const c = Math.cos(0.9);
  const s = Math.sin(0.9);
  const C = 1 - c;
  return [c + x * x * C, y * x * C + z * s, z * x * C - y * s, x * y * C - z * s, c + y * y * C, z * y * C + x * s, -(x * z * C + y * s), -(y * z * C - x * s), -(c + z * z * C)];
}

function makeVolume(type: VoxelType, components = 1): Volume {
  const data = new VOXEL_TYPES[type](4 * 3 * 2 * components);
  for (let n = 0; n < data.length; n++) data[n] = type.startsWith('float') ? (n - 10) * 1.25 : (n * 37) % 120;
  return createVolume({ geometry: { size: [4, 3, 2], spacing: [0.8, 1.7, 3.1], origin: [-101.3, 47.25, 12.5], direction: obliqueDirection() }, data, components });
}

const hash = (v: Volume): string => createHash('sha256').update(new Uint8Array(v.data.buffer)).update(JSON.stringify(v.geometry)).digest('hex');

describe('writeNrrd → readNrrd round trip', () => {
  const cases = TYPES.flatMap((type) => (['raw', 'gzip'] as const).flatMap((encoding) => [1, 3].map((components) => ({ type, encoding, components }))));
  it.each(cases)('$type $encoding components=$components', ({ type, encoding, components }) => {
    const volume = makeVolume(type, components);
    const before = hash(volume);
    const bytes = writeNrrd(volume, { encoding });
    expect(hash(volume)).toBe(before);
    const { value, diagnostics } = readNrrd(bytes);
    expect(diagnostics).toEqual([]);
    expect(voxelTypeOf(value.data)).toBe(type);
    expect(value.components).toBe(components);
    expect(Array.from(value.data)).toEqual(Array.from(volume.data));
    expect(value.geometry.size).toEqual(volume.geometry.size);
    for (const key of ['spacing', 'origin', 'direction'] as const) {
      (value.geometry[key] as readonly number[]).forEach((x, n) => expect(Math.abs(x - (volume.geometry[key] as readonly number[])[n]!)).toBeLessThan(1e-12));
    }
  });

  it('writes an LPS header with kinds and content', () => {
    const text = new TextDecoder().decode(writeNrrd(makeVolume('uint8', 3), { encoding: 'raw', componentKind: 'RGB-color', description: 'seg' }));
    expect(text).toMatch(/^NRRD0004\n/);
    expect(text).toContain('\nspace: left-posterior-superior\n');
    expect(text).toContain('\nsizes: 3 4 3 2\n');
    expect(text).toContain('\nkinds: RGB-color domain domain domain\n');
    expect(text).toContain('\nspace directions: none (');
    expect(text).toContain('\nspace origin: (-101.3,47.25,12.5)\n');
    expect(text).toContain('\ncontent: seg\n');
  });
});

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const cat = (...parts: Uint8Array[]): Uint8Array => Buffer.concat(parts);
const int16Bytes = (values: number[], littleEndian = true): Uint8Array => {
  const b = new Uint8Array(values.length * 2);
  const v = new DataView(b.buffer);
  values.forEach((x, n) => v.setInt16(2 * n, x, littleEndian));
  return b;
};
const RAMP = [0, 1, 2, 3, 4, 5, 6, 7];
const head = (extra: string, encoding = 'raw', type = 'short', sizes = '2 2 2', dimension = 3): string =>
  `NRRD0005\n# comment\ntype: ${type}\ndimension: ${dimension}\nsizes: ${sizes}\nendian: little\nencoding: ${encoding}\n${extra}`;

describe('readNrrd: header variants', () => {
  it.each([
    {
      name: 'RAS space converted to LPS',
      bytes: cat(enc(head('space: right-anterior-superior\nspace directions: (2,0,0) (0,3,0) (0,0,4)\nspace origin: (10,20,30)\n\n')), int16Bytes(RAMP)),
      origin: [-10, -20, 30], spacing: [2, 3, 4], direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1], warnings: 0,
    },
    {
      name: 'RAS alias, LAS',
      bytes: cat(enc(head('space: LAS\nspace directions: (2,0,0) (0,3,0) (0,0,4)\nspace origin: (10,20,30)\n\n')), int16Bytes(RAMP)),
      origin: [10, -20, 30], spacing: [2, 3, 4], direction: [1, 0, 0, 0, -1, 0, 0, 0, 1], warnings: 0,
    },
    {
      name: 'scanner-xyz taken as LPS with a warning',
      bytes: cat(enc(head('space: scanner-xyz\nspace directions: (0,2,0) (3,0,0) (0,0,4)\nspace origin: (1,2,3)\n\n')), int16Bytes(RAMP)),
      origin: [1, 2, 3], spacing: [2, 3, 4], direction: [0, 1, 0, 1, 0, 0, 0, 0, 1], warnings: 1,
    },
    {
      name: 'spacings without directions',
      bytes: cat(enc(head('spacings: 0.5 0.5 2\n\n')), int16Bytes(RAMP)),
      origin: [0, 0, 0], spacing: [0.5, 0.5, 2], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], warnings: 1,
    },
    {
      name: 'big endian',
      bytes: cat(enc(head('space: LPS\nspace directions: (1,0,0) (0,1,0) (0,0,1)\n\n').replace('endian: little', 'endian: big')), int16Bytes(RAMP, false)),
      origin: [0, 0, 0], spacing: [1, 1, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], warnings: 0,
    },
    {
      name: 'gzip with byte skip after inflation',
      bytes: cat(enc(head('byte skip: 4\nspace: LPS\nspace directions: (1,0,0) (0,1,0) (0,0,1)\n\n', 'gzip')), gzipSync(cat(new Uint8Array(4), int16Bytes(RAMP)))),
      origin: [0, 0, 0], spacing: [1, 1, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], warnings: 0,
    },
    {
      name: 'raw with byte skip -1 (data at the end)',
      bytes: cat(enc(head('byte skip: -1\nspace: LPS\nspace directions: (1,0,0) (0,1,0) (0,0,1)\n\n')), new Uint8Array([9, 9, 9]), int16Bytes(RAMP)),
      origin: [0, 0, 0], spacing: [1, 1, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], warnings: 0,
    },
    {
      name: 'ascii encoding',
      bytes: enc(head('space: LPS\nspace directions: (1,0,0) (0,1,0) (0,0,1)\n\n', 'ascii') + '0 1 2 3\n4 5 6 7\n'),
      origin: [0, 0, 0], spacing: [1, 1, 1], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], warnings: 0,
    },
    {
      name: '2D image: one slice, third axis = cross product',
      bytes: cat(enc(head('space: LPS\nspace directions: (0,1,0) (0,0,2)\n\n', 'raw', 'short', '4 2', 2)), int16Bytes(RAMP)),
      origin: [0, 0, 0], spacing: [1, 2, 1], direction: [0, 1, 0, 0, 0, 1, 1, 0, 0], warnings: 0,
    },
  ])('$name', ({ bytes, origin, spacing, direction, warnings }) => {
    const { value, diagnostics } = readNrrd(bytes);
    expect(Array.from(value.data)).toEqual(RAMP);
    expect(voxelTypeOf(value.data)).toBe('int16');
    expect(value.geometry.origin).toEqual(origin);
    expect(value.geometry.spacing).toEqual(spacing);
    value.geometry.direction.forEach((d, n) => expect(d).toBeCloseTo(direction[n]!, 12));
    expect(diagnostics).toHaveLength(warnings);
  });

  it('int64 is read as float64 with a diagnostic', () => {
    const b = new BigInt64Array([-5n, 0n, 7n, 1n << 40n, 2n, 3n, 4n, 5n]);
    const { value, diagnostics } = readNrrd(cat(enc(head('\n', 'raw', 'int64')), new Uint8Array(b.buffer)));
    expect(voxelTypeOf(value.data)).toBe('float64');
    expect(Array.from(value.data)).toEqual([-5, 0, 7, 2 ** 40, 2, 3, 4, 5]);
    expect(diagnostics.map((d) => d.code)).toContain('NRRD_UNSUPPORTED');
  });

  const dir = mkdtempSync(join(tmpdir(), 'medlens-nrrd-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('detached header with a data file (and line skip)', async () => {
    writeFileSync(join(dir, 'img.raw'), cat(enc('junk line\n'), int16Bytes(RAMP)));
    writeFileSync(join(dir, 'img.nhdr'), head('line skip: 1\nspace: LPS\nspace directions: (1,0,0) (0,1,0) (0,0,1)\ndata file: img.raw\n'));
    const { value } = await readNrrdFile(join(dir, 'img.nhdr'));
    expect(Array.from(value.data)).toEqual(RAMP);
  });

  it('writeNrrdFile / readNrrdFile', async () => {
    const volume = makeVolume('float32');
    await writeNrrdFile(join(dir, 'v.nrrd'), volume);
    expect(Array.from((await readNrrdFile(join(dir, 'v.nrrd'))).value.data)).toEqual(Array.from(volume.data));
    await expect(writeNrrdFile(join(dir, 'v.nii'), volume)).rejects.toMatchObject({ code: 'OUTPUT_UNSUPPORTED_FORMAT' });
    await expect(readNrrdFile(join(dir, 'none.nrrd'))).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
  });
});

describe('readNrrd: malformed input', () => {
  const lps = 'space: LPS\nspace directions: (1,0,0) (0,1,0) (0,0,1)\n\n';
  it.each([
    { name: 'not NRRD', bytes: enc('P5\n2 2\n255\n'), code: 'NRRD_INVALID_HEADER', field: 'magic' },
    { name: 'missing sizes', bytes: enc('NRRD0004\ntype: short\ndimension: 3\nencoding: raw\n\n'), code: 'NRRD_INVALID_HEADER', field: 'sizes' },
    { name: 'sizes count ≠ dimension', bytes: cat(enc(head(lps, 'raw', 'short', '2 2')), int16Bytes(RAMP)), code: 'NRRD_INVALID_HEADER', field: 'sizes' },
    { name: 'negative size', bytes: cat(enc(head(lps, 'raw', 'short', '2 -2 2')), int16Bytes(RAMP)), code: 'NRRD_INVALID_HEADER', field: 'sizes' },
    { name: 'bad dimension', bytes: enc(head(lps, 'raw', 'short', '2 2 2', 0)), code: 'NRRD_INVALID_HEADER', field: 'dimension' },
    { name: 'unknown type', bytes: cat(enc(head(lps, 'raw', 'block')), int16Bytes(RAMP)), code: 'NRRD_UNSUPPORTED', field: 'type' },
    { name: 'bzip2 encoding', bytes: cat(enc(head(lps, 'bzip2')), int16Bytes(RAMP)), code: 'NRRD_UNSUPPORTED', field: 'encoding' },
    { name: 'malformed line', bytes: cat(enc(head('what is this\n' + lps)), int16Bytes(RAMP)), code: 'NRRD_INVALID_HEADER', field: 'line 8' },
    { name: 'duplicate field', bytes: cat(enc(head('type: float\n' + lps)), int16Bytes(RAMP)), code: 'NRRD_INVALID_HEADER', field: 'type' },
    { name: 'bad space direction', bytes: cat(enc(head('space: LPS\nspace directions: (1,0) (0,1,0) (0,0,1)\n\n')), int16Bytes(RAMP)), code: 'NRRD_INVALID_HEADER', field: 'space directions' },
    { name: 'unknown space', bytes: cat(enc(head('space: upside-down\n\n')), int16Bytes(RAMP)), code: 'NRRD_UNSUPPORTED', field: 'space' },
    { name: 'bad endian', bytes: cat(enc(head(lps).replace('endian: little', 'endian: middle')), int16Bytes(RAMP)), code: 'NRRD_INVALID_HEADER', field: 'endian' },
    { name: 'kinds count mismatch', bytes: cat(enc(head('kinds: domain domain\n' + lps)), int16Bytes(RAMP)), code: 'NRRD_INVALID_HEADER', field: 'kinds' },
    { name: 'time axis', bytes: cat(enc(head('kinds: domain domain domain time\n\n', 'raw', 'short', '2 2 1 2', 4)), int16Bytes(RAMP)), code: 'NRRD_UNSUPPORTED', field: 'dimension' },
    { name: 'truncated raw', bytes: cat(enc(head(lps)), int16Bytes(RAMP).subarray(0, 15)), code: 'NRRD_TRUNCATED', field: 'sizes' },
    { name: 'truncated gzip', bytes: cat(enc(head(lps, 'gzip')), gzipSync(int16Bytes(RAMP).subarray(0, 14))), code: 'NRRD_TRUNCATED', field: 'sizes' },
    { name: 'huge sizes, small raw', bytes: cat(enc(head(lps, 'raw', 'short', '100000 100000 100000')), int16Bytes(RAMP)), code: 'NRRD_TRUNCATED', field: 'sizes' },
    { name: 'huge sizes, small gzip', bytes: cat(enc(head(lps, 'gzip', 'short', '100000 100000 100000')), gzipSync(int16Bytes(RAMP))), code: 'NRRD_TRUNCATED', field: 'sizes' },
    { name: 'huge sizes, ascii', bytes: enc(head(lps, 'ascii', 'short', '100000 100000 100000') + '1 2 3'), code: 'NRRD_TRUNCATED', field: 'sizes' },
    { name: 'sizes overflow', bytes: cat(enc(head(lps, 'raw', 'double', '4294967296 4294967296 4294967296')), int16Bytes(RAMP)), code: 'NRRD_INVALID_HEADER', field: 'sizes' },
    { name: 'ascii garbage', bytes: enc(head(lps, 'ascii') + '0 1 2 x 4 5 6 7'), code: 'NRRD_INVALID_HEADER', field: 'data' },
    { name: 'corrupt gzip', bytes: cat(enc(head(lps, 'gzip')), new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff])), code: 'GZIP_FAILED', field: undefined },
    { name: 'detached file list', bytes: enc(head('data file: LIST\na.raw\nb.raw\n')), code: 'NRRD_UNSUPPORTED', field: 'data file' },
    { name: 'detached file missing', bytes: enc(head('data file: does-not-exist.raw\n')), code: 'INPUT_NOT_FOUND', field: 'data file' },
  ])('$name → $code', ({ bytes, code, field }) => {
    let error: unknown;
    try {
      readNrrd(bytes, { path: '/nonexistent-dir/bad.nrrd' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'MedlensError', code, details: { ...(field !== undefined ? { field } : {}) } });
    expect((error as { details: { path?: string } }).details.path).toMatch(/^\/nonexistent-dir\//);
  });
});
