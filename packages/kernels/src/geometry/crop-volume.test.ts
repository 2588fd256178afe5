import { isMedlensError, type Vec3 } from '@medlens/core';
import { describe, expect, it } from 'vitest';
import { cropVolume } from './crop-volume.js';
import { fixtureVolume, makeVolume, sha256, valuesByWorld } from './golden.js';
import { padVolume } from './pad-volume.js';

describe('cropVolume / padVolume', () => {
  const image = fixtureVolume('intensity');

  it.each([
    { start: [0, 0, 0], size: [17, 13, 9] },
    { start: [3, 2, 1], size: [9, 7, 5] },
    { start: [16, 12, 8], size: [1, 1, 1] },
  ] as { start: Vec3; size: Vec3 }[])('crop $start + $size: voxels keep world positions; pad back restores them', ({ start, size }) => {
    const before = sha256(image.data);
    const crop = cropVolume(image, { start, size });
    const all = valuesByWorld(image);
    for (const [key, value] of valuesByWorld(crop)) expect(all.get(key)).toEqual(value);
    const after: Vec3 = [17 - start[0] - size[0], 13 - start[1] - size[1], 9 - start[2] - size[2]];
    const padded = padVolume(crop, { before: start, after, value: -5 });
    expect(padded.geometry.size).toEqual(image.geometry.size);
    for (let a = 0; a < 3; a++) expect(padded.geometry.origin[a]).toBeCloseTo(image.geometry.origin[a]!, 9);
    const crop2 = cropVolume(padded, { start, size });
    expect(Array.from(crop2.data)).toEqual(Array.from(crop.data));
    expect(sha256(image.data)).toBe(before);
  });

  it('pad then crop is the identity; padding value and multi-component layout', () => {
    const v = makeVolume({ size: [3, 2, 2] }, { components: 2, type: 'int16', fn: (i, j, k, c) => 1 + i + 10 * j + 100 * k + 1000 * c });
    const p = padVolume(v, { before: [1, 0, 2], after: [0, 1, 1], value: -7 });
    expect(Array.from(p.geometry.size)).toEqual([4, 3, 5]);
    expect(Array.from(p.geometry.origin)).toEqual([-1, 0, -2]);
    expect(p.data).toBeInstanceOf(Int16Array);
    expect(p.data[0]).toBe(-7);
    const back = cropVolume(p, { start: [1, 0, 2], size: [3, 2, 2] });
    expect(back.geometry).toEqual(v.geometry);
    expect(Array.from(back.data)).toEqual(Array.from(v.data));
  });

  it('crop keeps the per-slice SOP Instance UIDs of the kept slices', () => {
    const v = makeVolume({ size: [2, 2, 4] });
    const withUids = { ...v, meta: { sourceSopInstanceUids: ['a', 'b', 'c', 'd'] } };
    expect(cropVolume(withUids, { start: [0, 0, 1], size: [2, 2, 2] }).meta.sourceSopInstanceUids).toEqual(['b', 'c']);
  });

  it.each([
    { fn: 'crop', options: { start: [0, 0], size: [1, 1, 1] }, field: 'start' },
    { fn: 'crop', options: { start: [-1, 0, 0], size: [1, 1, 1] }, field: 'start' },
    { fn: 'crop', options: { start: [0, 0, 0], size: [0, 1, 1] }, field: 'size' },
    { fn: 'crop', options: { start: [2, 0, 0], size: [2, 1, 1] }, field: 'size' },
    { fn: 'crop', options: { start: [0.5, 0, 0], size: [1, 1, 1] }, field: 'start' },
    { fn: 'pad', options: { before: [0, 0, 0], after: [1, 1] }, field: 'after' },
    { fn: 'pad', options: { before: [0, -1, 0], after: [0, 0, 0] }, field: 'before' },
    { fn: 'pad', options: { before: [0, 0, 0], after: [0, 0, 0], value: 1.5 }, field: 'value' },
    { fn: 'pad', options: { before: [0, 0, 0], after: [0, 0, 0], value: 40000 }, field: 'value' },
    { fn: 'pad', options: { before: [0, 0, 0], after: [5000, 5000, 5000] }, field: 'after' },
  ])('$fn rejects $field: $options', ({ fn, options, field }) => {
    const v = makeVolume({ size: [3, 3, 3] }, { type: 'int16' });
    try {
      if (fn === 'crop') cropVolume(v, options as never);
      else padVolume(v, options as never);
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe(field);
    }
  });
});
