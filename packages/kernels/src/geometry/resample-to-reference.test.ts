import { createVolume, isMedlensError, worldToIndex, type VolumeGeometry } from '@medlens/core';
import { describe, expect, it } from 'vitest';
import { cropVolume } from './crop-volume.js';
import { fixtureGeometry, fixtureIndex, fixtureVolume, loadArray, makeVolume, maxAbsDiff, sha256, toGeometry } from './golden.js';
import { resampleToReference } from './resample-to-reference.js';

// Reference: the fixture script maps every voxel of an oblique reference grid (another rotation,
// spacing 0.8/1.0/1.9 mm, corners outside the image) through world space into the image and samples
// it with scipy.ndimage.map_coordinates (order 0/1 'nearest', 3 'mirror'), fill outside [−0.5, n − 0.5].
// Tolerances as in resample-to-spacing.test.ts (brief: 1e-5 / 1e-4 relative to the largest |value|).
const TOLERANCE = { nearest: 0, linear: 1e-5, bspline3: 1e-4 } as const;

describe('resampleToReference', () => {
  const image = fixtureVolume('intensity');
  const scale = Math.max(...Array.from(image.data, Math.abs));
  const reference = toGeometry(fixtureIndex.params.reference);
  const { fill } = fixtureIndex.params;

  it.each(['nearest', 'linear', 'bspline3'] as const)('oblique reference grid, %s, matches map_coordinates', (interpolation) => {
    const before = sha256(image.data);
    const out = resampleToReference(image, reference, { interpolation, fill });
    expect(Array.from(out.geometry.size)).toEqual(fixtureIndex.params.reference.size);
    expect(maxAbsDiff(out.data, loadArray(`ref_${interpolation}`))).toBeLessThanOrEqual(TOLERANCE[interpolation] * scale);
    const filled = Array.from(out.data).filter((v) => v === fill).length;
    expect(out.data.length - filled).toBe(fixtureIndex.params.referenceInsideCount);
    expect(sha256(image.data)).toBe(before);
  });

  it.each(['nearest', 'linear'] as const)('onto its own grid is the identity (%s, exact)', (interpolation) => {
    const out = resampleToReference(image, image.geometry, { interpolation });
    expect(Array.from(out.data)).toEqual(Array.from(image.data));
  });

  it('onto its own grid with bspline3 reproduces the data (interpolating spline, 1e-4 relative)', () => {
    const out = resampleToReference(image, image.geometry, { interpolation: 'bspline3' });
    expect(maxAbsDiff(out.data, image.data)).toBeLessThanOrEqual(1e-4 * scale);
  });

  it('a sub-grid shifted by whole voxels equals the crop (every voxel keeps its world position)', () => {
    const crop = cropVolume(image, { start: [3, 2, 1], size: [9, 7, 5] });
    const out = resampleToReference(image, crop.geometry, { interpolation: 'linear' });
    expect(Array.from(out.data)).toEqual(Array.from(crop.data));
  });

  it('flipped target grid (same voxels, reversed order)', () => {
    const g = image.geometry;
    const d = g.direction;
    const flipped: VolumeGeometry = { ...g, origin: [g.origin[0] + d[0] * g.spacing[0] * 16, g.origin[1] + d[1] * g.spacing[0] * 16, g.origin[2] + d[2] * g.spacing[0] * 16], direction: [-d[0], -d[1], -d[2], d[3], d[4], d[5], d[6], d[7], d[8]] };
    const out = resampleToReference(image, flipped, { interpolation: 'nearest' });
    expect(out.data[0]).toBe(image.data[16]);
    expect(out.data[16]).toBe(image.data[0]);
    const idx = worldToIndex(g, flipped.origin);
    expect(idx[0]).toBeCloseTo(16, 9);
  });

  it('frame of reference: GEOMETRY_MISMATCH when both set and different; inherited when the reference has none', () => {
    const a = createVolume({ geometry: fixtureGeometry('1.2.3'), data: image.data });
    expect(() => resampleToReference(a, fixtureGeometry('1.2.4'))).toThrowError(expect.objectContaining({ code: 'GEOMETRY_MISMATCH' }));
    expect(resampleToReference(a, fixtureGeometry()).geometry.frameOfReferenceUid).toBe('1.2.3');
    expect(resampleToReference(a, fixtureGeometry('1.2.3')).geometry.frameOfReferenceUid).toBe('1.2.3');
  });

  it.each([
    { options: { interpolation: 'cubic' }, field: 'interpolation', code: 'USAGE_INVALID_ARGUMENT' },
    { options: { fill: 'x' }, field: 'fill', code: 'USAGE_INVALID_ARGUMENT' },
    { options: { interpolation: 'nearest', fill: 70000 }, field: 'fill', code: 'USAGE_INVALID_ARGUMENT', type: 'int16' },
    { options: {}, field: 'spacing', code: 'GEOMETRY_INVALID', reference: { ...fixtureGeometry(), spacing: [0, 1, 1] } },
    { options: {}, field: 'reference', code: 'USAGE_INVALID_ARGUMENT', reference: { ...fixtureGeometry(), size: [2048, 2048, 2048] } },
  ] as { options: unknown; field: string; code: string; type?: 'int16'; reference?: VolumeGeometry }[])('rejects $field ($code)', ({ options, field, code, type, reference }) => {
    const v = makeVolume({ size: [3, 3, 3] }, type ? { type } : {});
    try {
      resampleToReference(v, reference ?? v.geometry, options as never);
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e)).toBe(true);
      expect((e as { code: string }).code).toBe(code);
      expect((e as { details: { field: string } }).details.field).toBe(field);
    }
  });
});
