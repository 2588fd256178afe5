import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { geometryToAffine, voxelTypeOf, VOXEL_TYPES, type VoxelType } from '@medlens/core';
import { resolveDataset } from '@medlens/testing';
import { serializeNiftiHeader, type NiftiHeader } from './nifti-header.js';
import { readNifti } from './read-nifti.js';

const TYPE_OF_CODE: Record<number, VoxelType> = { 2: 'uint8', 4: 'int16', 8: 'int32', 16: 'float32', 64: 'float64', 128: 'uint8', 256: 'int8', 512: 'uint16', 768: 'uint32' };

function header(overrides: Partial<NiftiHeader> = {}): NiftiHeader {
  const version = overrides.version ?? 1;
  return {
    version,
    littleEndian: true,
    dim: [3, 2, 2, 2, 1, 1, 1, 1],
    datatype: 4,
    bitpix: 16,
    pixdim: [1, 1, 1, 1, 1, 1, 1, 1],
    voxOffset: version === 1 ? 352 : 544,
    sclSlope: 1,
    sclInter: 0,
    xyztUnits: 2,
    intentCode: 0,
    descrip: '',
    qformCode: 0,
    sformCode: 1,
    quatern: [0, 0, 0],
    qoffset: [0, 0, 0],
    srow: [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
    ],
    ...overrides,
  };
}

/** A NIfTI file from a header and voxel values (stored in the header's datatype and byte order). */
function niftiFile(h: NiftiHeader, values: readonly number[]): Uint8Array {
  const data = new VOXEL_TYPES[TYPE_OF_CODE[h.datatype] ?? 'uint8'](values.length);
  values.forEach((v, n) => (data[n] = v));
  const bytes = new Uint8Array(data.buffer.slice(0));
  if (!h.littleEndian) {
    const w = data.BYTES_PER_ELEMENT;
    for (let p = 0; p < bytes.length; p += w) bytes.subarray(p, p + w).reverse();
  }
  return Buffer.concat([serializeNiftiHeader(h), bytes]);
}

const RAMP = [0, 1, 2, 3, 4, 5, 6, 7];

describe('readNifti: byte order and versions', () => {
  const cases = ([1, 2] as const).flatMap((version) =>
    [true, false].flatMap((littleEndian) =>
      [4, 16, 64, 512, 768].map((datatype) => ({ version, littleEndian, datatype, bitpix: 8 * VOXEL_TYPES[TYPE_OF_CODE[datatype]!].BYTES_PER_ELEMENT })),
    ),
  );
  it.each(cases)('v$version littleEndian=$littleEndian datatype $datatype', ({ version, littleEndian, datatype, bitpix }) => {
    const srow: NiftiHeader['srow'] = [
      [0, 0, 1.5, 10],
      [-2, 0, 0, 20],
      [0, 3, 0, -30],
    ];
    const values = RAMP.map((v) => v * 1000 + 1);
    const { value, diagnostics } = readNifti(niftiFile(header({ version, littleEndian, datatype, bitpix, srow }), values));
    expect(diagnostics).toEqual([]);
    expect(voxelTypeOf(value.data)).toBe(TYPE_OF_CODE[datatype]);
    expect(Array.from(value.data)).toEqual(values);
    expect(value.geometry.spacing).toEqual([2, 3, 1.5]);
    // RAS → LPS: x and y rows negated.
    expect(value.geometry.origin).toEqual([-10, -20, -30]);
    expect(value.geometry.direction).toEqual([0, 1, 0, 0, 0, 1, -1, 0, 0]);
  });
});

describe('readNifti: scl_slope / scl_inter', () => {
  it.each([
    { name: 'int16 slope 2 inter -1024', datatype: 4, slope: 2, inter: -1024, type: 'float32', expected: RAMP.map((v) => 2 * v - 1024) },
    { name: 'uint8 inter 0.5', datatype: 2, slope: 1, inter: 0.5, type: 'float32', expected: RAMP.map((v) => v + 0.5) },
    { name: 'identity keeps int16', datatype: 4, slope: 1, inter: 0, type: 'int16', expected: RAMP },
    { name: 'slope 0 means unscaled', datatype: 4, slope: 0, inter: 5, type: 'int16', expected: RAMP },
    { name: 'slope NaN means unscaled', datatype: 4, slope: NaN, inter: NaN, type: 'int16', expected: RAMP },
    { name: 'float64 stays float64', datatype: 64, slope: 0.5, inter: 1, type: 'float64', expected: RAMP.map((v) => v / 2 + 1) },
  ])('$name', ({ datatype, slope, inter, type, expected }) => {
    const bitpix = 8 * VOXEL_TYPES[TYPE_OF_CODE[datatype]!].BYTES_PER_ELEMENT;
    const { value } = readNifti(niftiFile(header({ datatype, bitpix, sclSlope: slope, sclInter: inter }), RAMP));
    expect(voxelTypeOf(value.data)).toBe(type);
    expect(Array.from(value.data)).toEqual(expected);
  });

  it('rgb24 is 3 interleaved uint8 components and never scaled', () => {
    const rgb = Array.from({ length: 24 }, (_, n) => n * 10);
    const { value } = readNifti(niftiFile(header({ datatype: 128, bitpix: 24, sclSlope: 2 }), rgb));
    expect([value.components, voxelTypeOf(value.data)]).toEqual([3, 'uint8']);
    expect(Array.from(value.data)).toEqual(rgb);
  });

  it('dim[5] vector components are interleaved', () => {
    const planar = [...RAMP, ...RAMP.map((v) => 100 + v)];
    const { value } = readNifti(niftiFile(header({ dim: [5, 2, 2, 2, 1, 2, 1, 1], intentCode: 1007 }), planar));
    expect(value.components).toBe(2);
    expect(Array.from(value.data)).toEqual(RAMP.flatMap((v) => [v, 100 + v]));
  });
});

describe('readNifti: geometry precedence and units', () => {
  const shear: NiftiHeader['srow'] = [
    [1, 0.5, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
  ];
  // 90° about z: quaternion (0, 0, sin 45°), RAS x-axis → +y.
  const qform = { qformCode: 1, quatern: [0, 0, Math.SQRT1_2] as [number, number, number], qoffset: [5, 6, 7] as [number, number, number], pixdim: [1, 2, 3, 4, 1, 1, 1, 1] };

  it.each([
    { name: 'sform preferred over qform', h: { ...qform, sformCode: 2 }, origin: [-0, -0, 0], spacing: [1, 1, 1], col0: [-1, -0, 0], warn: false },
    { name: 'qform when sform_code 0', h: { ...qform, sformCode: 0 }, origin: [-5, -6, 7], spacing: [2, 3, 4], col0: [-0, -1, 0], warn: false },
    { name: 'qfac -1 flips the third axis', h: { ...qform, sformCode: 0, pixdim: [-1, 2, 3, 4, 1, 1, 1, 1] }, origin: [-5, -6, 7], spacing: [2, 3, 4], col0: [-0, -1, 0], col2: [-0, -0, -1], warn: false },
    { name: 'sheared sform falls back to qform', h: { ...qform, srow: shear }, origin: [-5, -6, 7], spacing: [2, 3, 4], col0: [-0, -1, 0], warn: true },
    { name: 'method 1 when both codes are 0', h: { sformCode: 0, pixdim: [1, 2, 3, 4, 1, 1, 1, 1] }, origin: [-0, -0, 0], spacing: [2, 3, 4], col0: [-1, -0, 0], warn: true },
    { name: 'metre units', h: { xyztUnits: 1, srow: [[0.001, 0, 0, 0.1], [0, 0.002, 0, 0], [0, 0, 0.003, 0]] }, origin: [-100, -0, 0], spacing: [1, 2, 3], col0: [-1, -0, 0], warn: false },
    { name: 'micron units', h: { xyztUnits: 3, srow: [[500, 0, 0, 0], [0, 500, 0, 0], [0, 0, 1000, 2000]] }, origin: [-0, -0, 2], spacing: [0.5, 0.5, 1], col0: [-1, -0, 0], warn: false },
  ])('$name', ({ h, origin, spacing, col0, col2, warn }) => {
    const { value, diagnostics } = readNifti(niftiFile(header(h as Partial<NiftiHeader>), RAMP), { path: 'x.nii' });
    const g = value.geometry;
    // NIfTI-1 header fields are float32: relative tolerance 1e-6.
    const close = (a: number, e: number): void => expect(Math.abs(a - e)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e)));
    g.origin.forEach((o, n) => close(o, origin[n]!));
    g.spacing.forEach((s, n) => close(s, spacing[n]!));
    g.direction.slice(0, 3).forEach((d, n) => close(d, col0[n]!));
    if (col2) g.direction.slice(6, 9).forEach((d, n) => close(d, col2[n]!));
    expect(diagnostics.length > 0).toBe(warn);
    diagnostics.forEach((d) => expect(d).toMatchObject({ severity: 'warning', path: 'x.nii' }));
  });

  it('a sheared sform without a qform is rejected', () => {
    expect(() => readNifti(niftiFile(header({ srow: shear }), RAMP), { path: 's.nii' })).toThrowError(
      expect.objectContaining({ code: 'GEOMETRY_SINGULAR_DIRECTION', details: expect.objectContaining({ path: 's.nii', field: 'sform' }) }),
    );
  });

  it('vox_offset 0 (unset) reads data after the header, with a warning', () => {
    const { value, diagnostics } = readNifti(niftiFile(header({ voxOffset: 0 }), RAMP));
    expect(Array.from(value.data)).toEqual(RAMP);
    expect(diagnostics.map((d) => d.code)).toEqual(['NIFTI_INVALID_HEADER']);
  });
});

describe('readNifti: malformed input', () => {
  const good = niftiFile(header(), RAMP);
  const patched = (fn: (v: DataView, b: Uint8Array) => void, base: Uint8Array = good): Uint8Array => {
    const b = new Uint8Array(base);
    fn(new DataView(b.buffer), b);
    return b;
  };
  // A tiny gzip member that inflates to 4 MB of zeros after a valid header claiming 8 bytes.
  const bomb = gzipSync(Buffer.concat([niftiFile(header(), RAMP), new Uint8Array(4 << 20)]));
  it.each([
    { name: 'empty', bytes: new Uint8Array(0), code: 'NIFTI_TRUNCATED', field: 'sizeof_hdr' },
    { name: 'truncated header', bytes: good.subarray(0, 200), code: 'NIFTI_TRUNCATED', field: 'sizeof_hdr' },
    { name: 'truncated data', bytes: good.subarray(0, good.length - 1), code: 'NIFTI_TRUNCATED', field: 'dim' },
    { name: 'truncated gzip data', bytes: gzipSync(good.subarray(0, good.length - 3)), code: 'NIFTI_TRUNCATED', field: 'dim' },
    { name: 'bad sizeof_hdr', bytes: patched((v) => v.setInt32(0, 349, true)), code: 'NIFTI_INVALID_HEADER', field: 'sizeof_hdr' },
    { name: 'bad magic', bytes: patched((_, b) => b.set([0x41, 0x42, 0x43], 344)), code: 'NIFTI_INVALID_HEADER', field: 'magic' },
    { name: 'hdr/img pair magic', bytes: patched((_, b) => b.set([0x6e, 0x69, 0x31], 344)), code: 'NIFTI_INVALID_HEADER', field: 'magic' },
    { name: 'bad NIfTI-2 magic', bytes: patched((_, b) => (b[8] = 0x0a), niftiFile(header({ version: 2 }), RAMP)), code: 'NIFTI_INVALID_HEADER', field: 'magic' },
    { name: 'unknown datatype', bytes: patched((v) => v.setInt16(70, 9999, true)), code: 'NIFTI_UNSUPPORTED_DATATYPE', field: 'datatype' },
    { name: 'complex64 datatype', bytes: patched((v) => v.setInt16(70, 32, true)), code: 'NIFTI_UNSUPPORTED_DATATYPE', field: 'datatype' },
    { name: 'dim[0] = 0', bytes: patched((v) => v.setInt16(40, 0, true)), code: 'NIFTI_INVALID_HEADER', field: 'dim[0]' },
    { name: 'dim[2] negative', bytes: patched((v) => v.setInt16(44, -2, true)), code: 'NIFTI_INVALID_HEADER', field: 'dim[2]' },
    { name: 'time series dim[4] = 2', bytes: patched((v) => (v.setInt16(40, 4, true), v.setInt16(48, 2, true))), code: 'NIFTI_UNSUPPORTED_LAYOUT', field: 'dim[4]' },
    { name: 'dim[6] = 2', bytes: patched((v) => (v.setInt16(40, 6, true), v.setInt16(52, 2, true))), code: 'NIFTI_UNSUPPORTED_LAYOUT', field: 'dim[6]' },
    { name: 'huge dims, small file', bytes: patched((v) => [42, 44, 46].forEach((o) => v.setInt16(o, 32767, true))), code: 'NIFTI_TRUNCATED', field: 'dim' },
    { name: 'huge dims, small gzip', bytes: gzipSync(patched((v) => [42, 44, 46].forEach((o) => v.setInt16(o, 32767, true)))), code: 'NIFTI_TRUNCATED', field: 'dim' },
    { name: 'dims product overflow (NIfTI-2)', bytes: patched((v) => [24, 32, 40].forEach((o) => v.setBigInt64(o, 1n << 40n, true)), niftiFile(header({ version: 2 }), RAMP)), code: 'NIFTI_INVALID_HEADER', field: 'dim' },
    { name: 'dim beyond 2^53 (NIfTI-2)', bytes: patched((v) => v.setBigInt64(24, 1n << 60n, true), niftiFile(header({ version: 2 }), RAMP)), code: 'NIFTI_INVALID_HEADER', field: 'dim[1]' },
    { name: 'vox_offset inside the header', bytes: patched((v) => v.setFloat32(108, 100, true)), code: 'NIFTI_INVALID_HEADER', field: 'vox_offset' },
    { name: 'fractional vox_offset', bytes: patched((v) => v.setFloat32(108, 352.5, true)), code: 'NIFTI_INVALID_HEADER', field: 'vox_offset' },
    { name: 'corrupt gzip', bytes: patched((_, b) => b.fill(0x55, 20, 40), gzipSync(good)), code: 'GZIP_FAILED', field: undefined },
    { name: 'gzip inflating far beyond the header', bytes: bomb, code: 'GZIP_FAILED', field: 'gzip' },
  ])('$name → $code', ({ bytes, code, field }) => {
    const t0 = performance.now();
    let error: unknown;
    try {
      readNifti(bytes, { path: 'bad.nii' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'MedlensError', code, details: { path: 'bad.nii', ...(field !== undefined ? { field } : {}) } });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('readNifti: IBSI reference files', () => {
  const phantomDir = resolveDataset('ibsi', 'ibsi1_digital_phantom');
  it.skipIf(!phantomDir)('digital phantom matches digital_phantom_voxels.json voxel for voxel, affine via LPS↔RAS', () => {
    const ref = JSON.parse(readFileSync(`${phantomDir}/digital_phantom_voxels.json`, 'utf8')) as {
      shape_ijk: number[];
      nifti_affine_ras: number[][];
      image: number[][][];
      mask: number[][][];
    };
    for (const [file, key] of [['image/phantom.nii.gz', 'image'], ['mask/mask.nii.gz', 'mask']] as const) {
      const { value } = readNifti(readFileSync(`${phantomDir}/nifti/${file}`), { path: file });
      expect(value.geometry.size).toEqual(ref.shape_ijk);
      const [nx, ny] = ref.shape_ijk as [number, number, number];
      ref[key].forEach((plane, k) => plane.forEach((row, j) => row.forEach((v, i) => expect(value.data[i + nx * (j + ny * k)], `${key}[${k}][${j}][${i}]`).toBe(v))));
      const lps = geometryToAffine(value.geometry);
      const ras = lps.map((row, r) => (r < 2 ? row.map((x) => -x) : row));
      ras.forEach((row, r) => row.forEach((x, c) => expect(x).toBeCloseTo(ref.nifti_affine_ras[r]![c]!, 6)));
    }
  });

  const ctDir = resolveDataset('ibsi', 'ibsi1_ct_phantom_PAT1', 'nifti');
  it.skipIf(!ctDir)('CT phantom image (204×201×60 float32) and mask (125,256 ones)', () => {
    const image = readNifti(readFileSync(`${ctDir}/image/phantom.nii.gz`), { path: 'phantom.nii.gz' }).value;
    const mask = readNifti(readFileSync(`${ctDir}/mask/mask.nii.gz`), { path: 'mask.nii.gz' }).value;
    expect(image.geometry.size).toEqual([204, 201, 60]);
    expect(voxelTypeOf(image.data)).toBe('float32');
    expect(voxelTypeOf(mask.data)).toBe('uint8');
    expect(Array.from(mask.data).filter((v) => v === 1).length).toBe(125256);
    expect(mask.data.every((v) => v === 0 || v === 1)).toBe(true);
    // nibabel 5.0 (Debian) reports affine diag(-0.977, -0.977, 3) with offset (174.3945, 79.6255, -100.4) in RAS,
    // min -1000, max 3065, sum -655581056 and image[10,20,30] = -997.
    let sum = 0;
    for (const v of image.data) sum += v;
    expect(sum).toBe(-655581056);
    expect(image.data[10 + 204 * (20 + 201 * 30)]).toBe(-997);
    for (const v of [image, mask]) {
      const g = v.geometry;
      g.spacing.forEach((s, n) => expect(s).toBeCloseTo([0.977, 0.977, 3][n]!, 6));
      g.origin.forEach((o, n) => expect(o).toBeCloseTo([-174.39450073242188, -79.62550354003906, -100.4000015258789][n]!, 5));
      expect(g.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]); // exact: no -0 from the RAS flip
    }
  });
});
