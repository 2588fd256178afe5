import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createVolume, VOXEL_TYPES, voxelTypeOf, type Mat3, type Vec3, type Volume, type VoxelType } from '@medlens/core';
import { parseNiftiHeader } from './nifti-header.js';
import { readNifti, readNiftiFile } from './read-nifti.js';
import { writeNifti, writeNiftiFile } from './write-nifti.js';

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random rotation (uniform quaternion), column-major; `flip` makes it left-handed. */
function randomDirection(rand: () => number, flip: boolean): Mat3 {
  const [u1, u2, u3] = [rand(), rand(), rand()];
  const q = [Math.sqrt(1 - u1) * Math.sin(2 * Math.PI * u2), Math.sqrt(1 - u1) * Math.cos(2 * Math.PI * u2), Math.sqrt(u1) * Math.sin(2 * Math.PI * u3), Math.sqrt(u1) * Math.cos(2 * Math.PI * u3)];
  const [x, y, z, w] = q as [number, number, number, number];
  const m = [
    1 - 2 * (y * y + z * z), 2 * (x * y + z * w), 2 * (x * z - y * w),
    2 * (x * y - z * w), 1 - 2 * (x * x + z * z), 2 * (y * z + x * w),
    2 * (x * z + y * w), 2 * (y * z - x * w), 1 - 2 * (x * x + y * y),
  ];
  if (flip) for (const n of [6, 7, 8]) m[n] = -m[n]!;
  return m as unknown as Mat3;
}

const EXTREMES: Record<VoxelType, number[]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-3.4e38, 1.5e-45, -0.1],
  float64: [-1.7e308, 5e-324, Math.PI],
};

function makeVolume(type: VoxelType, seed: number, components = 1): Volume {
  const rand = rng(seed);
  const size: Vec3 = [5, 4, 3];
  const data = new VOXEL_TYPES[type](60 * components);
  const [lo, hi] = EXTREMES[type] as [number, number];
  for (let n = 0; n < data.length; n++) data[n] = type.startsWith('float') ? (rand() - 0.5) * 2000 : Math.floor(lo + rand() * (Math.min(hi, lo + 1e9) - lo));
  EXTREMES[type].forEach((v, n) => (data[n] = v));
  return createVolume({
    geometry: {
      size,
      spacing: [0.5 + rand(), 0.5 + 2 * rand(), 1 + 3 * rand()],
      origin: [(rand() - 0.5) * 400, (rand() - 0.5) * 400, (rand() - 0.5) * 400],
      direction: randomDirection(rand, seed % 2 === 1),
    },
    data,
    components,
  });
}

/** SHA-256 of a volume's bytes and geometry (to prove inputs are never mutated). */
function hashVolume(v: Volume): string {
  return createHash('sha256')
    .update(new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength))
    .update(JSON.stringify(v.geometry))
    .digest('hex');
}

/** Asserts two geometries agree: |a − b| ≤ tol · max(1, |b|) for each number. */
function expectSameGeometry(actual: Volume['geometry'], expected: Volume['geometry'], tol: number): void {
  expect(actual.size).toEqual(expected.size);
  for (const key of ['spacing', 'origin', 'direction'] as const) {
    (expected[key] as readonly number[]).forEach((e, n) => {
      const a = (actual[key] as readonly number[])[n]!;
      expect(Math.abs(a - e), `${key}[${n}] ${a} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
    });
  }
}

const TYPES = Object.keys(VOXEL_TYPES) as VoxelType[];
// NIfTI-1 stores the affine as float32 (relative error ≤ 2^-24 per entry, a few ulps after
// normalisation); NIfTI-2 as float64.
const GEOMETRY_TOL = { 1: 1e-6, 2: 1e-12 } as const;

describe('writeNifti → readNifti round trip', () => {
  const cases = TYPES.flatMap((type, t) =>
    ([1, 2] as const).flatMap((version) => [false, true].map((gzip) => ({ type, version, gzip, seed: 100 * t + 10 * version + (gzip ? 1 : 0) }))),
  );
  it.each(cases)('$type v$version gzip=$gzip (oblique, seed $seed)', ({ type, version, gzip, seed }) => {
    const volume = makeVolume(type, seed);
    const before = hashVolume(volume);
    const bytes = writeNifti(volume, { version, gzip });
    expect(hashVolume(volume)).toBe(before);
    expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
    const { value, diagnostics } = readNifti(bytes);
    expect(diagnostics).toEqual([]);
    expect(voxelTypeOf(value.data)).toBe(type);
    expect(Buffer.from(value.data.buffer, value.data.byteOffset, value.data.byteLength).equals(Buffer.from(volume.data.buffer))).toBe(true);
    expectSameGeometry(value.geometry, volume.geometry, GEOMETRY_TOL[version]);
  });

  it.each([
    { name: 'vector ×2 float32', type: 'float32' as const, components: 2, datatype: undefined },
    { name: 'vector ×3 int16 v2', type: 'int16' as const, components: 3, datatype: undefined },
    { name: 'rgb24', type: 'uint8' as const, components: 3, datatype: 'rgb24' as const },
  ])('multi-component: $name', ({ type, components, datatype }) => {
    const volume = makeVolume(type, 7, components);
    const before = hashVolume(volume);
    const bytes = writeNifti(volume, { ...(datatype ? { datatype } : {}), version: components === 3 && !datatype ? 2 : 1 });
    expect(hashVolume(volume)).toBe(before);
    const h = parseNiftiHeader(bytes);
    if (datatype) expect([h.datatype, h.dim[0], h.bitpix]).toEqual([128, 3, 24]);
    else expect([h.dim[0], h.dim[4], h.dim[5], h.intentCode]).toEqual([5, 1, components, 1007]);
    const { value } = readNifti(bytes);
    expect(value.components).toBe(components);
    expect(Array.from(value.data)).toEqual(Array.from(volume.data));
  });

  it('writes the header fields the standard asks for', () => {
    for (const [version, offset, seed] of [[1, 352, 3], [2, 544, 4]] as const) {
      const volume = makeVolume('int16', seed); // seed 3: left-handed, 4: right-handed
      const bytes = writeNifti(volume, { version, description: 'hello' });
      const h = parseNiftiHeader(bytes);
      expect(bytes.length).toBe(offset + 120);
      expect(h).toMatchObject({ version, voxOffset: offset, qformCode: 1, sformCode: 1, xyztUnits: 2, sclSlope: 1, sclInter: 0, descrip: 'hello', datatype: 4, bitpix: 16 });
      expect(h.pixdim[0]).toBe(seed === 3 ? -1 : 1);
      expect(h.pixdim.slice(1, 4)).toEqual(volume.geometry.spacing.map((s) => (version === 1 ? Math.fround(s) : s)));
      // srow = RAS affine: x and y rows of the LPS affine negated.
      const { origin: o } = volume.geometry;
      expect(h.srow.map((r) => r[3])).toEqual([-o[0], -o[1], o[2]].map((x) => (version === 1 ? Math.fround(x) : x)));
    }
    const aligned = parseNiftiHeader(writeNifti(makeVolume('uint8', 1), { xformCode: 2 }));
    expect([aligned.qformCode, aligned.sformCode]).toEqual([2, 2]);
  });

  it('qform alone gives the same geometry as the sform', () => {
    for (const seed of [11, 12, 13, 14]) {
      const volume = makeVolume('float32', seed);
      const bytes = writeNifti(volume, { version: 2 });
      new DataView(bytes.buffer, bytes.byteOffset).setInt32(348, 0, true); // sform_code = 0
      const { value, diagnostics } = readNifti(bytes);
      expect(diagnostics).toEqual([]);
      expectSameGeometry(value.geometry, volume.geometry, 1e-9);
    }
  });

  it.each([
    { from: 'float64' as const, to: 'int16' as const, values: [1.4, -2.6, 300], expected: [1, -3, 300] },
    { from: 'float64' as const, to: 'float32' as const, values: [0.5, -2.25, 1e6], expected: [0.5, -2.25, 1e6] },
    { from: 'int32' as const, to: 'uint8' as const, values: [0, 255, 7], expected: [0, 255, 7] },
  ])('datatype conversion $from → $to', ({ from, to, values, expected }) => {
    const base = makeVolume(from, 5);
    const data = new VOXEL_TYPES[from](base.data.length);
    values.forEach((v, n) => (data[n] = v));
    const volume = createVolume({ geometry: base.geometry, data });
    const { value } = readNifti(writeNifti(volume, { datatype: to }));
    expect(voxelTypeOf(value.data)).toBe(to);
    expect(Array.from(value.data.slice(0, 3))).toEqual(expected);
  });

  it.each([
    { name: 'value out of int16 range', volume: () => createVolume({ geometry: makeVolume('float32', 1).geometry, data: new Float32Array(60).fill(40000) }), options: { datatype: 'int16' as const }, field: 'datatype' },
    { name: 'NaN into uint8', volume: () => createVolume({ geometry: makeVolume('float32', 1).geometry, data: new Float32Array(60).fill(NaN) }), options: { datatype: 'uint8' as const }, field: 'datatype' },
    { name: 'rgb24 from 1 component', volume: () => makeVolume('uint8', 1), options: { datatype: 'rgb24' as const }, field: 'datatype' },
    { name: 'compression level 10', volume: () => makeVolume('uint8', 1), options: { gzip: true, compressionLevel: 10 }, field: 'compressionLevel' },
    { name: 'version 3', volume: () => makeVolume('uint8', 1), options: { version: 3 as unknown as 1 }, field: 'version' },
  ])('rejects $name', ({ volume, options, field }) => {
    expect(() => writeNifti(volume(), options)).toThrowError(expect.objectContaining({ code: 'USAGE_INVALID_ARGUMENT', details: expect.objectContaining({ field }) }));
  });
});

describe('writeNiftiFile / readNiftiFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'medlens-nifti-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    { name: 'a.nii', gzip: false },
    { name: 'b.nii.gz', gzip: true },
    { name: 'C.NII.GZ', gzip: true },
  ])('$name (gzip=$gzip by extension)', async ({ name, gzip }) => {
    const volume = makeVolume('int16', 21);
    const path = join(dir, name);
    await writeNiftiFile(path, volume, { version: 2 });
    const bytes = readFileSync(path);
    expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
    const { value } = await readNiftiFile(path);
    expectSameGeometry(value.geometry, volume.geometry, 1e-12);
    expect(Array.from(value.data)).toEqual(Array.from(volume.data));
  });

  it('gzip is detected by content, not by name', async () => {
    const path = join(dir, 'misnamed.nii');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, writeNifti(makeVolume('uint8', 2), { gzip: true }));
    expect((await readNiftiFile(path)).value.data.length).toBe(60);
  });

  it('rejects other extensions and missing files', async () => {
    await expect(writeNiftiFile(join(dir, 'x.nrrd'), makeVolume('uint8', 1))).rejects.toMatchObject({ code: 'OUTPUT_UNSUPPORTED_FORMAT' });
    await expect(readNiftiFile(join(dir, 'absent.nii'))).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND', details: { path: join(dir, 'absent.nii') } });
  });
});
