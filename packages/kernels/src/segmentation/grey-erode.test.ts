import { describe, expect, it } from 'vitest';
import { isMedlensError, type Vec3, type Volume } from '@medlens/core';
import { greyDilate, greyErode } from './index.js';
import { decode, firstDiff, golden, sha256, vol } from './golden.js';

const images: Record<string, Volume> = Object.fromEntries(Object.entries(golden.images).map(([k, v]) => [k, vol(decode(v as never))]));

describe("grey morphology vs scipy.ndimage grey_erosion / grey_dilation (footprint = ball, mode='reflect'; exact)", () => {
  it.each(golden.grey as { image: string; radiusMm: number | Vec3; erode: never; dilate: never }[])('$image radiusMm=$radiusMm', (c) => {
    const v = images[c.image]!;
    const before = sha256(v);
    const eroded = greyErode(v, { radiusMm: c.radiusMm });
    const dilated = greyDilate(v, { radiusMm: c.radiusMm });
    expect(eroded.data.constructor).toBe(v.data.constructor);
    expect(firstDiff(eroded.data, decode(c.erode))).toBe(-1);
    expect(firstDiff(dilated.data, decode(c.dilate))).toBe(-1);
    expect(sha256(v)).toBe(before);
  });
  it('is exact on a line shorter than the element (repeated reflection)', () => {
    const v = vol(Float32Array.from([3, 1, 2]), [3, 1, 1], [1, 1, 1]);
    // footprint ±4 along i on [3 1 2]: reflect-padded 'reflect' covers all three values.
    expect(Array.from(greyErode(v, { radiusMm: [4, 1, 1] }).data)).toEqual([1, 1, 1]);
    expect(Array.from(greyDilate(v, { radiusMm: [4, 1, 1] }).data)).toEqual([3, 3, 3]);
  });
  it('rejects NaN voxels', () => {
    const v = vol(Float32Array.from([1, NaN]), [2, 1, 1], [1, 1, 1]);
    expect(() => greyErode(v, { radiusMm: 1 })).toThrow(expect.objectContaining({ code: 'USAGE_INVALID_ARGUMENT' }));
    try {
      greyDilate(v, { radiusMm: 1 });
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT') && e.details.field).toBe('volume');
    }
  });
});
