import { createVolume, isMedlensError } from '@medlens/core';
import { describe, expect, it } from 'vitest';
import { computeDistanceTransform } from './compute-distance-transform.js';
import { fixtureVolume, loadArray, makeVolume, maxAbsDiff, sha256 } from './golden.js';

// Reference: scipy.ndimage.distance_transform_edt(mask, sampling=(sk, sj, si)), float64, cast to float32
// by the fixture script. Our result is exact in float64 then rounded to float32, so the only difference
// is float32 rounding of a distance ≤ ~30 mm: |Δ| ≤ 30·2⁻²⁴ ≈ 2e-6 mm. Tolerance 1e-4 mm (brief).
const EDT_TOLERANCE_MM = 1e-4;

/** O(N²) brute force: distance from every voxel to the nearest voxel with `target(value)`. */
function bruteForce(mask: Uint8Array, size: number[], spacing: number[], target: (v: number) => boolean): Float64Array {
  const [ni, nj, nk] = size as [number, number, number];
  const out = new Float64Array(mask.length);
  for (let n = 0; n < mask.length; n++) {
    const i = n % ni;
    const j = Math.floor(n / ni) % nj;
    const k = Math.floor(n / (ni * nj));
    let best = Infinity;
    for (let m = 0; m < mask.length; m++) {
      if (!target(mask[m]!)) continue;
      const di = (m % ni - i) * spacing[0]!;
      const dj = ((Math.floor(m / ni) % nj) - j) * spacing[1]!;
      const dk = (Math.floor(m / (ni * nj)) - k) * spacing[2]!;
      best = Math.min(best, di * di + dj * dj + dk * dk);
    }
    out[n] = Math.sqrt(best);
  }
  void nk;
  return out;
}

describe('computeDistanceTransform', () => {
  it('matches scipy distance_transform_edt with anisotropic sampling (oblique grid)', () => {
    const mask = fixtureVolume('mask');
    const before = sha256(mask.data);
    const edt = computeDistanceTransform(mask);
    expect(edt.data).toBeInstanceOf(Float32Array);
    expect(maxAbsDiff(edt.data, loadArray('edt'))).toBeLessThanOrEqual(EDT_TOLERANCE_MM);
    expect(edt.geometry).toEqual(mask.geometry);
    expect(edt.meta.units).toBe('mm');
    expect(sha256(mask.data)).toBe(before);
  });

  it('signed: edt(~mask) − edt(mask), negative inside', () => {
    const mask = fixtureVolume('mask');
    const signed = computeDistanceTransform(mask, { signed: true });
    expect(maxAbsDiff(signed.data, loadArray('edt_signed'))).toBeLessThanOrEqual(EDT_TOLERANCE_MM);
    for (let n = 0; n < mask.data.length; n++) expect(Math.sign(signed.data[n]!)).toBe(mask.data[n] ? -1 : 1);
  });

  it('single background voxel (longest distances) matches scipy', () => {
    const edt = computeDistanceTransform(fixtureVolume('mask_one_hole'));
    expect(maxAbsDiff(edt.data, loadArray('edt_one_hole'))).toBeLessThanOrEqual(EDT_TOLERANCE_MM);
  });

  it.each([
    { size: [7, 5, 4], spacing: [1, 1, 1], seed: 1 },
    { size: [6, 9, 3], spacing: [0.5, 1.7, 3.1], seed: 2 },
    { size: [11, 1, 5], spacing: [0.8, 2, 1.3], seed: 3 },
    { size: [1, 1, 13], spacing: [1, 1, 2.2], seed: 4 },
  ])('equals brute force on random masks $size @ $spacing (both signs)', ({ size, spacing, seed }) => {
    let s = seed * 2654435761;
    const rand = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const data = new Uint8Array(size[0]! * size[1]! * size[2]!).map(() => (rand() < 0.7 ? 1 : 0));
    data[0] = 0;
    data[data.length - 1] = 1;
    const mask = createVolume({ geometry: { size: size as [number, number, number], spacing: spacing as [number, number, number], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }, data });
    const inside = bruteForce(data, size, spacing, (v) => v === 0).map((d, n) => (data[n] ? d : 0));
    const outside = bruteForce(data, size, spacing, (v) => v !== 0);
    expect(maxAbsDiff(computeDistanceTransform(mask).data, inside)).toBeLessThanOrEqual(EDT_TOLERANCE_MM);
    const signed = Float64Array.from(data, (v, n) => (v ? -inside[n]! : outside[n]!));
    expect(maxAbsDiff(computeDistanceTransform(mask, { signed: true }).data, signed)).toBeLessThanOrEqual(EDT_TOLERANCE_MM);
  });

  it('1-D line with known distances (spacing 2.5 mm)', () => {
    const mask = makeVolume({ size: [7, 1, 1], spacing: [2.5, 1, 1] }, { type: 'uint8', fn: (i) => (i === 0 || i === 6 ? 0 : 1) });
    expect(Array.from(computeDistanceTransform(mask).data)).toEqual([0, 2.5, 5, 7.5, 5, 2.5, 0]);
    expect(Array.from(computeDistanceTransform(mask, { signed: true }).data)).toEqual([2.5, -2.5, -5, -7.5, -5, -2.5, 2.5]);
  });

  it('edge cases: empty mask → 0 (signed +∞); full mask → +∞ (signed −∞); NaN counts as inside', () => {
    const empty = makeVolume({ size: [4, 3, 2] }, { fn: () => 0 });
    expect(computeDistanceTransform(empty).data.every((v) => v === 0)).toBe(true);
    expect(computeDistanceTransform(empty, { signed: true }).data.every((v) => v === Infinity)).toBe(true);
    const full = makeVolume({ size: [4, 3, 2] }, { fn: () => 1 });
    expect(computeDistanceTransform(full).data.every((v) => v === Infinity)).toBe(true);
    expect(computeDistanceTransform(full, { signed: true }).data.every((v) => v === -Infinity)).toBe(true);
    const nan = makeVolume({ size: [3, 1, 1] }, { fn: (i) => (i === 1 ? NaN : 0) });
    expect(Array.from(computeDistanceTransform(nan).data)).toEqual([0, 1, 0]);
  });

  it.each([
    { name: 'signed not boolean', mask: makeVolume({ size: [2, 2, 2] }), options: { signed: 'yes' }, field: 'signed' },
    { name: 'two components', mask: makeVolume({ size: [2, 2, 2] }, { components: 2 }), options: {}, field: 'components' },
    { name: 'not a volume', mask: { data: [1, 2] }, options: {}, field: 'mask' },
  ])('rejects $name', ({ mask, options, field }) => {
    try {
      computeDistanceTransform(mask as never, options as never);
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe(field);
    }
  });
});
