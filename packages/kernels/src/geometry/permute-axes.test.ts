import { isMedlensError } from '@medlens/core';
import { describe, expect, it } from 'vitest';
import { fixtureVolume, makeVolume, sha256, valuesByWorld } from './golden.js';
import { permuteAxes } from './permute-axes.js';

type Order = [0 | 1 | 2, 0 | 1 | 2, 0 | 1 | 2];
const ORDERS: Order[] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];

describe('permuteAxes', () => {
  const image = fixtureVolume('intensity');

  it.each(ORDERS)('[%i, %i, %i]: world positions kept; the inverse permutation restores data and geometry', (...order) => {
    const before = sha256(image.data);
    const p = permuteAxes(image, order);
    expect(Array.from(p.geometry.size)).toEqual(order.map((a) => image.geometry.size[a]));
    expect(valuesByWorld(p)).toEqual(valuesByWorld(image));
    const inverse = [0, 0, 0] as Order;
    order.forEach((a, c) => (inverse[a] = c as 0 | 1 | 2));
    const back = permuteAxes(p, inverse);
    expect(Array.from(back.data)).toEqual(Array.from(image.data));
    expect(back.geometry).toEqual(image.geometry);
    expect(sha256(image.data)).toBe(before);
  });

  it('numpy.transpose semantics: new[i0, i1, i2] = old[axis order[c] = ic]', () => {
    const v = makeVolume({ size: [4, 3, 2], spacing: [0.5, 1, 2] }, { fn: (i, j, k) => 100 * k + 10 * j + i });
    const p = permuteAxes(v, [2, 0, 1]); // new i = old k, new j = old i, new k = old j
    expect(Array.from(p.geometry.size)).toEqual([2, 4, 3]);
    expect(Array.from(p.geometry.spacing)).toEqual([2, 0.5, 1]);
    // new (1, 3, 2) = old (i=3, j=2, k=1)
    expect(p.data[1 + 2 * (3 + 4 * 2)]).toBe(123);
  });

  it.each([[[0, 1, 1]], [[0, 1]], [[0, 1, 3]], ['012']])('rejects %j', (order) => {
    try {
      permuteAxes(image, order as never);
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe('order');
    }
  });
});
