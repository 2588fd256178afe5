import type { Volume } from '@medlens/core';
import { remapAxes } from './remap-axes.js';
import { assertVolume, invalidArgument } from './volume-helpers.js';

/**
 * Reorders the index axes: new axis c is old axis `order[c]` (`numpy.transpose` semantics on the
 * (i, j, k) axes). Spacing and direction columns move with their axes and the origin is unchanged,
 * so every voxel keeps its world position. The inverse permutation p⁻¹ (p⁻¹[p[c]] = c) undoes it.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (field `order`: not a permutation of 0, 1, 2)
 */
export function permuteAxes(volume: Volume, order: readonly [0 | 1 | 2, 0 | 1 | 2, 0 | 1 | 2]): Volume {
  assertVolume(volume);
  if (!Array.isArray(order) || order.length !== 3 || [...order].sort().join() !== '0,1,2') {
    invalidArgument('order', `expected a permutation of [0, 1, 2], got ${JSON.stringify(order)}`);
  }
  return remapAxes(volume, order, [false, false, false]);
}
