import { describe, expect, it } from 'vitest';
import { fixtureVolume, loadArray } from './golden.js';
import { prefilterBspline3, sampleChannel, type Interpolation } from './sample-grid.js';

// Reference: scipy.ndimage.map_coordinates on the float64 fixture image at 300 random (i, j, k) points
// in the domain [−0.5, n − 0.5]: order 0 and 1 with mode='nearest', order 3 with mode='mirror'.
// Both sides compute in float64, so agreement is ~1e-12 relative; the tolerances of the brief
// (linear 1e-5, B-spline 1e-4, relative to the image's largest |value| ≈ 840) are far above that.
describe('sampleChannel at scattered points vs scipy map_coordinates', () => {
  const image = fixtureVolume('intensity');
  const size = image.geometry.size;
  const points = loadArray('points');
  const scale = Math.max(...Array.from(image.data, Math.abs));

  it.each([
    { interpolation: 'nearest', fixture: 'points_order0', tolerance: 0 },
    { interpolation: 'linear', fixture: 'points_order1', tolerance: 1e-5 },
    { interpolation: 'bspline3', fixture: 'points_order3', tolerance: 1e-4 },
  ] as { interpolation: Interpolation; fixture: string; tolerance: number }[])('$interpolation', ({ interpolation, fixture, tolerance }) => {
    const values = Float64Array.from(image.data);
    if (interpolation === 'bspline3') prefilterBspline3(values, size);
    const expected = loadArray(fixture);
    const out = new Float64Array(1);
    for (let p = 0; p < expected.length; p++) {
      const m = Float64Array.of(0, 0, 0, points[3 * p]!, 0, 0, 0, points[3 * p + 1]!, 0, 0, 0, points[3 * p + 2]!);
      sampleChannel(values, size, [1, 1, 1], m, interpolation, NaN, out, 0, 1);
      expect(Math.abs(out[0]! - expected[p]!), `point ${p}`).toBeLessThanOrEqual(tolerance * scale);
    }
  });

  it('B-spline prefilter then evaluation at the nodes reproduces the data (interpolating spline)', () => {
    const values = prefilterBspline3(Float64Array.from(image.data), size);
    const out = new Float64Array(1);
    for (const [i, j, k] of [[0, 0, 0], [16, 12, 8], [5, 7, 3], [16, 0, 4]] as const) {
      sampleChannel(values, size, [1, 1, 1], Float64Array.of(0, 0, 0, i, 0, 0, 0, j, 0, 0, 0, k), 'bspline3', NaN, out, 0, 1);
      expect(out[0]).toBeCloseTo(image.data[i + 17 * (j + 13 * k)]!, 9);
    }
  });

  it('points outside [−0.5, n − 0.5] get the fill value', () => {
    const values = Float64Array.from(image.data);
    const out = new Float64Array(1);
    for (const [x, y, z] of [[-0.51, 3, 3], [16.51, 3, 3], [3, -0.6, 3], [3, 3, 8.6], [NaN, 0, 0]] as const) {
      sampleChannel(values, size, [1, 1, 1], Float64Array.of(0, 0, 0, x, 0, 0, 0, y, 0, 0, 0, z), 'linear', -7, out, 0, 1);
      expect(out[0]).toBe(-7);
    }
  });
});
