import { createLabelMap, createVolume, isMedlensError, type LabelMap } from '@medlens/core';
import { describe, expect, it } from 'vitest';
import { fixtureGeometry, fixtureIndex, fixtureVolume, loadArray, makeVolume, sha256, toGeometry } from './golden.js';
import { resampleLabels } from './resample-labels.js';

// Reference (exact, labels): map_coordinates(labels, order=0, mode='nearest') for 'nearest'; for
// 'partial-volume', per-label map_coordinates(indicator, order=1, mode='nearest'), argmax (smallest label
// on ties) kept when ≥ threshold. Voxels where the top two fractions, or the best fraction and the
// threshold, are within 1e-9 are genuine ties decided by rounding; the script flags them and they are skipped.
describe('resampleLabels', () => {
  const labels = fixtureVolume('labels');
  const reference = toGeometry(fixtureIndex.params.reference);

  it('nearest onto the oblique reference matches scipy exactly', () => {
    const before = sha256(labels.data);
    const out = resampleLabels(labels, reference);
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(out.data)).toEqual(Array.from(loadArray('ref_labels_nearest')));
    expect(sha256(labels.data)).toBe(before);
  });

  it.each([0.5, 0.3])('partial volume, threshold %s, matches per-label linear interpolation', (threshold) => {
    const out = resampleLabels(labels, reference, { method: 'partial-volume', threshold });
    const expected = loadArray(`ref_labels_pv_${threshold * 10}`);
    const ambiguous = loadArray(`ref_labels_pv_${threshold * 10}_ambiguous`);
    let compared = 0;
    for (let n = 0; n < expected.length; n++) {
      if (ambiguous[n]) continue;
      compared++;
      expect(out.data[n], `voxel ${n}`).toBe(expected[n]);
    }
    expect(compared).toBeGreaterThan(expected.length * 0.95);
  });

  it('partial volume differs from nearest at a boundary: a thin label below the threshold vanishes', () => {
    // One-voxel-thick plate of label 2 at i = 2; at 2 mm spacing from i = 0.4 the new voxels sit at
    // old indices 0.4, 2.4, 4.4: nearest keeps the plate, the plate's fraction at 2.4 is 0.6.
    const plate = makeVolume({ size: [6, 2, 2] }, { type: 'uint8', fn: (i) => (i === 2 ? 2 : 0) });
    const target = { ...plate.geometry, size: [3, 2, 2] as const, spacing: [2, 1, 1] as const, origin: [0.4, 0, 0] as const };
    expect(Array.from(resampleLabels(plate, target).data.slice(0, 3))).toEqual([0, 2, 0]);
    expect(Array.from(resampleLabels(plate, target, { method: 'partial-volume', threshold: 0.7 }).data.slice(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(resampleLabels(plate, target, { method: 'partial-volume', threshold: 0.5 }).data.slice(0, 3))).toEqual([0, 2, 0]);
  });

  it('identity on the same grid and keeps the segment table', () => {
    const map: LabelMap = createLabelMap({ geometry: labels.geometry, data: labels.data as Uint8Array, segments: [1, 2, 3].map((label) => ({ label, name: `s${label}` })) });
    for (const method of ['nearest', 'partial-volume'] as const) {
      const out = resampleLabels(map, map.geometry, { method });
      expect(Array.from(out.data)).toEqual(Array.from(map.data));
      expect((out as LabelMap).segments).toEqual(map.segments);
    }
  });

  it.each([
    { name: 'float labels', labels: makeVolume({ size: [2, 2, 2] }), options: {}, field: 'labels' },
    { name: 'method', labels: makeVolume({ size: [2, 2, 2] }, { type: 'uint8' }), options: { method: 'majority' }, field: 'method' },
    { name: 'threshold 0', labels: makeVolume({ size: [2, 2, 2] }, { type: 'uint8' }), options: { threshold: 0 }, field: 'threshold' },
    { name: 'threshold 1.5', labels: makeVolume({ size: [2, 2, 2] }, { type: 'uint8' }), options: { threshold: 1.5 }, field: 'threshold' },
    { name: 'two components', labels: makeVolume({ size: [2, 2, 2] }, { type: 'uint8', components: 2 }), options: {}, field: 'components' },
  ])('rejects $name', ({ labels: input, options, field }) => {
    try {
      resampleLabels(input, input.geometry, options as never);
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe(field);
    }
  });

  it('GEOMETRY_MISMATCH across frames of reference', () => {
    const a = createVolume({ geometry: fixtureGeometry('1.2.3'), data: labels.data });
    expect(() => resampleLabels(a, fixtureGeometry('9.9'), { method: 'partial-volume' })).toThrowError(expect.objectContaining({ code: 'GEOMETRY_MISMATCH' }));
  });
});
