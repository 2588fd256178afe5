import { isMedlensError } from '@medlens/core';
import { describe, expect, it } from 'vitest';
import { flipVolume, type IndexAxis } from './flip-volume.js';
import { fixtureVolume, makeVolume, sha256, valuesByWorld } from './golden.js';

describe('flipVolume', () => {
  const image = fixtureVolume('intensity');

  it.each([[['i']], [['j']], [['k']], [['i', 'k']], [['i', 'j', 'k']], [[]]] as IndexAxis[][][])('%j: world positions kept, twice = identity', (axes) => {
    const before = sha256(image.data);
    const once = flipVolume(image, axes);
    expect(valuesByWorld(once)).toEqual(valuesByWorld(image));
    const twice = flipVolume(once, axes);
    expect(Array.from(twice.data)).toEqual(Array.from(image.data));
    for (let a = 0; a < 3; a++) expect(twice.geometry.origin[a]).toBeCloseTo(image.geometry.origin[a]!, 12);
    for (let a = 0; a < 9; a++) expect(twice.geometry.direction[a]).toBe(image.geometry.direction[a]);
    expect(sha256(image.data)).toBe(before);
  });

  it('reverses the voxel order like numpy.flip (multi-component kept interleaved)', () => {
    const v = makeVolume({ size: [3, 2, 2] }, { components: 2, fn: (i, j, k, c) => 1000 * c + 100 * k + 10 * j + i });
    const f = flipVolume(v, ['i', 'k']);
    // new (0,0,0) = old (2,0,1); new (1,1,0) = old (1,1,1)
    expect(Array.from(f.data.slice(0, 2))).toEqual([102, 1102]);
    expect(Array.from(f.data.slice(2 * (1 + 3), 2 * (1 + 3) + 2))).toEqual([111, 1111]);
    expect(Array.from(f.geometry.origin)).toEqual([2, 0, 1]);
    expect(Array.from(f.geometry.direction)).toEqual([-1, 0, 0, 0, 1, 0, 0, 0, -1]);
  });

  it.each([[['x']], [['i', 'i']], ['i']])('rejects %j', (axes) => {
    try {
      flipVolume(image, axes as never);
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe('axes');
    }
  });
});
