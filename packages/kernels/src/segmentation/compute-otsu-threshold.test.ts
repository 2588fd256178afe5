import { describe, expect, it } from 'vitest';
import { isMedlensError, type Volume } from '@medlens/core';
import { computeMultiOtsuThresholds, computeOtsuThreshold } from './index.js';
import { decode, golden, sha256, vol } from './golden.js';

const images: Record<string, Volume> = Object.fromEntries(Object.entries(golden.images).map(([k, v]) => [k, vol(decode(v as never))]));
const mask = vol(decode(golden.otsuMask));

describe('computeOtsuThreshold vs skimage.filters.threshold_otsu (exact)', () => {
  it.each(golden.otsu as { image: string; bins: number; masked: boolean; threshold: number }[])('$image bins=$bins masked=$masked', (c) => {
    const v = images[c.image]!;
    const before = sha256(v);
    const t = computeOtsuThreshold(v, { bins: c.bins, ...(c.masked ? { mask } : {}) });
    // Exact: the threshold is a bin centre computed with skimage's float32/float64 operations.
    expect(t).toBe(c.threshold);
    expect(sha256(v)).toBe(before);
  });
  it('returns the value of a constant volume', () => {
    expect(computeOtsuThreshold(vol(new Float32Array(17 * 13 * 9).fill(7.5)))).toBe(7.5);
  });
});

describe('computeMultiOtsuThresholds vs skimage.filters.threshold_multiotsu (exact)', () => {
  it.each(golden.multiotsu as { image: string; classes: number; bins: number; thresholds: number[] }[])('$image classes=$classes bins=$bins', (c) => {
    expect(computeMultiOtsuThresholds(images[c.image]!, { classes: c.classes, bins: c.bins })).toEqual(c.thresholds);
  });
});

describe('threshold option validation', () => {
  const f32 = images.f32!;
  const nan = vol(new Float32Array(17 * 13 * 9).fill(NaN));
  const cases: [string, () => unknown, string][] = [
    ['bins 1', () => computeOtsuThreshold(f32, { bins: 1 }), 'bins'],
    ['bins 2.5', () => computeOtsuThreshold(f32, { bins: 2.5 }), 'bins'],
    ['NaN voxels', () => computeOtsuThreshold(nan), 'volume'],
    ['empty mask', () => computeOtsuThreshold(f32, { mask: vol(new Uint8Array(17 * 13 * 9)) }), 'mask'],
    ['classes 1', () => computeMultiOtsuThresholds(f32, { classes: 1 }), 'classes'],
    ['classes 6', () => computeMultiOtsuThresholds(f32, { classes: 6 }), 'classes'],
    ['search too large', () => computeMultiOtsuThresholds(vol(Int16Array.from({ length: 17 * 13 * 9 }, (_, n) => (n * 7919) % 3000)), { classes: 4 }), 'classes'],
    ['too few values', () => computeMultiOtsuThresholds(vol(new Uint8Array(17 * 13 * 9).fill(3)), { classes: 3 }), 'classes'],
  ];
  it.each(cases)('%s → USAGE_INVALID_ARGUMENT', (_name, fn, field) => {
    try {
      fn();
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe(field);
    }
  });
  it('mask on another grid → GEOMETRY_MISMATCH', () => {
    expect(() => computeOtsuThreshold(f32, { mask: vol(new Uint8Array(8), [2, 2, 2]) })).toThrow(expect.objectContaining({ code: 'GEOMETRY_MISMATCH' }));
  });
});
