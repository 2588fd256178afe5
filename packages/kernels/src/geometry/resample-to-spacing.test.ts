import { indexToWorld, isMedlensError, type Vec3 } from '@medlens/core';
import { describe, expect, it } from 'vitest';
import { fixtureIndex, fixtureVolume, loadArray, makeVolume, maxAbsDiff, sha256, valuesByWorld } from './golden.js';
import { computeResampledGeometry, resampleToSpacing } from './resample-to-spacing.js';

// Reference: the fixture script builds the same grid (documented formula) and samples it with
// scipy.ndimage.map_coordinates (order 0/1 mode 'nearest', order 3 mode 'mirror'), fill outside
// [−0.5, n − 0.5]. Float32 output: |Δ| ≤ float32 rounding (6e-8 relative) + float64 noise, checked
// against the brief's 1e-5 (linear) and 1e-4 (B-spline) relative to the largest |value| (≈ 840 HU).
const TOLERANCE = { nearest: 0, linear: 1e-5, bspline3: 1e-4 } as const;

describe('resampleToSpacing', () => {
  const image = fixtureVolume('intensity');
  const scale = Math.max(...Array.from(image.data, Math.abs));
  const { fill } = fixtureIndex.params;

  for (const [name, zoom] of Object.entries(fixtureIndex.params.zooms)) {
    it.each(['nearest', 'linear', 'bspline3'] as const)(`${name} (${zoom.grid}) %s matches map_coordinates`, (interpolation) => {
      const before = sha256(image.data);
      const out = resampleToSpacing(image, { spacingMm: zoom.spacingMm, grid: zoom.grid, interpolation, fill });
      expect(Array.from(out.geometry.size)).toEqual(zoom.geometry.size);
      for (let a = 0; a < 3; a++) expect(out.geometry.origin[a]).toBeCloseTo(zoom.geometry.origin[a]!, 9);
      expect(out.geometry.direction).toEqual(image.geometry.direction);
      expect(maxAbsDiff(out.data, loadArray(`zoom_${name}_${interpolation}`))).toBeLessThanOrEqual(TOLERANCE[interpolation] * scale);
      expect(out.data).toBeInstanceOf(Float32Array);
      expect(sha256(image.data)).toBe(before);
    });
  }

  it('grid definitions: origin-aligned keeps voxel 0, centre-aligned keeps the grid centre', () => {
    const g = image.geometry;
    const origin = computeResampledGeometry(g, [1.1, 1.3, 3.7], 'origin-aligned');
    expect(Array.from(origin.size)).toEqual([Math.round((17 * 0.7) / 1.1), Math.round((13 * 0.9) / 1.3), Math.round((9 * 2.5) / 3.7)]);
    expect(origin.origin).toEqual(g.origin);
    const centre = computeResampledGeometry(g, [1.1, 1.3, 3.7], 'centre-aligned');
    expect(Array.from(centre.size)).toEqual([11, 9, 7]);
    const c0 = indexToWorld(g, [(17 - 1) / 2, (13 - 1) / 2, (9 - 1) / 2]);
    const c1 = indexToWorld(centre, [(11 - 1) / 2, (9 - 1) / 2, (7 - 1) / 2]);
    for (let a = 0; a < 3; a++) expect(c1[a]).toBeCloseTo(c0[a]!, 9);
    // 10 voxels × 0.7 mm / 0.35 mm is 20, not 21, despite 20.000000000000004 in float64.
    expect(computeResampledGeometry({ ...g, size: [10, 10, 10], spacing: [0.7, 0.7, 0.7] }, [0.35, 0.35, 0.35], 'centre-aligned').size[0]).toBe(20);
  });

  it.each(['nearest', 'linear'] as const)('same spacing is the identity (%s, exact)', (interpolation) => {
    const out = resampleToSpacing(image, { spacingMm: [...image.geometry.spacing] as [number, number, number], interpolation });
    expect(out.geometry.size).toEqual(image.geometry.size);
    expect(out.geometry.origin).toEqual(image.geometry.origin);
    expect(Array.from(out.data)).toEqual(Array.from(image.data));
    expect(valuesByWorld(out)).toEqual(valuesByWorld(image));
  });

  it('nearest keeps the voxel type; linear gives float32; default fill is the input minimum', () => {
    const ct = makeVolume({ size: [4, 4, 3], spacing: [1, 1, 1] }, { type: 'int16', fn: (i, j, k) => -1000 + 100 * i + 10 * j + k });
    const near = resampleToSpacing(ct, { spacingMm: [2, 2, 2], interpolation: 'nearest' });
    expect(near.data).toBeInstanceOf(Int16Array);
    // 3 slices at 1 mm → round(1.5) = 2 slices at 2 mm: the second sits at index 2, inside.
    expect(Array.from(near.geometry.size)).toEqual([2, 2, 2]);
    expect(near.data[0]).toBe(-1000);
    // Downsample with an offset grid that leaves the domain → fill = min = −1000.
    const shifted = resampleToSpacing(ct, { spacingMm: [3, 1, 1], grid: 'centre-aligned', interpolation: 'linear' });
    expect(shifted.data).toBeInstanceOf(Float32Array);
    const far = resampleToSpacing(ct, { spacingMm: [0.25, 1, 1], interpolation: 'linear' });
    // 16 voxels at 0.25 mm from voxel 0's centre: the last (index 3.75) is outside [−0.5, 3.5] → fill.
    expect(far.geometry.size[0]).toBe(16);
    expect(far.data[15]).toBe(-1000);
    expect(far.data[14]).toBe(-1000 + 300); // index 3.5: on the edge, clamped to voxel 3
    expect(far.data[1]).toBeCloseTo(-1000 + 25, 5);
  });

  it('multi-component volumes are resampled per component', () => {
    const rgb = makeVolume({ size: [5, 4, 3] }, { components: 3, fn: (i, j, k, c) => 100 * c + i + 2 * j + 3 * k });
    const out = resampleToSpacing(rgb, { spacingMm: [0.5, 1, 1], interpolation: 'linear', fill: 0 });
    expect(out.components).toBe(3);
    const i = 3; // new index 3 → old index 1.5
    for (let c = 0; c < 3; c++) expect(out.data[i * 3 + c]).toBeCloseTo(100 * c + 1.5, 6);
  });

  it.each([
    { options: { spacingMm: [1, 1] }, field: 'spacingMm' },
    { options: { spacingMm: [1, 0, 1] }, field: 'spacingMm' },
    { options: { spacingMm: [1, NaN, 1] }, field: 'spacingMm' },
    { options: { spacingMm: [1e-6, 1e-6, 1e-6] }, field: 'spacingMm' },
    { options: { spacingMm: [1, 1, 1], interpolation: 'cubic' }, field: 'interpolation' },
    { options: { spacingMm: [1, 1, 1], grid: 'centered' }, field: 'grid' },
    { options: { spacingMm: [1, 1, 1], interpolation: 'nearest', fill: 0.5 }, field: 'fill', type: 'int16' },
    { options: { spacingMm: [1, 1, 1], fill: '0' }, field: 'fill' },
    { options: undefined, field: 'spacingMm' },
  ] as { options: unknown; field: string; type?: 'int16' }[])('rejects $field = $options', ({ options, field, type }) => {
    const v = makeVolume({ size: [3, 3, 3] as Vec3 }, type ? { type } : {});
    try {
      resampleToSpacing(v, options as never);
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe(field);
    }
  });
});
