import { describe, expect, it } from 'vitest';
import { resampleSlices } from './resample-slices.js';

describe('resampleSlices', () => {
  // 3×2 slices with constant values 0, 10, 40 at offsets 0, 2, 6 mm (a gap after the second).
  const plane = 6;
  const source = new Float32Array([...Array(plane).fill(0), ...Array(plane).fill(10), ...Array(plane).fill(40)]);
  const noShift = [[0, 0], [0, 0], [0, 0]] as const;

  it('interpolates linearly along the stack onto a regular grid', () => {
    const out = resampleSlices(source, 3, 2, { planeOffsets: [0, 2, 6], shifts: noShift }, 4, 2, -1);
    // planes at 0, 2, 4, 6 mm → 0, 10, 25, 40
    expect([0, 1, 2, 3].map((k) => out[k * plane])).toEqual([0, 10, 25, 40]);
  });

  it('reads each source slice at its in-plane shift (bilinear) and fills outside', () => {
    const ramp = new Float32Array([0, 1, 2, 3, 4, 5]); // 3 columns × 2 rows: value = column + 3·row
    const two = new Float32Array([...ramp, ...ramp]);
    const out = resampleSlices(two, 3, 2, { planeOffsets: [0, 1], shifts: [[0, 0], [0.5, 0]] }, 2, 1, -9);
    expect(Array.from(out.subarray(0, 6))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(out.subarray(6))).toEqual([0.5, 1.5, -3.5, 3.5, 4.5, -2]);
  });
});
