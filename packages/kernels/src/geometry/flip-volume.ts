import type { Volume } from '@medlens/core';
import { remapAxes } from './remap-axes.js';
import { assertVolume, invalidArgument } from './volume-helpers.js';

/** Index axis names. */
export type IndexAxis = 'i' | 'j' | 'k';

/**
 * Reverses the voxel order along the given index axes (`numpy.flip` on the (k, j, i) array) and
 * updates the geometry so that every voxel keeps its world position: the axis' direction column is
 * negated and the origin moves to the voxel that becomes index 0. Flipping twice is the identity (data
 * and geometry). `[]` returns a copy. This is a re-indexing, not a mirror image of the anatomy.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (field `axes`: not 'i'/'j'/'k', or repeated)
 */
export function flipVolume(volume: Volume, axes: readonly IndexAxis[]): Volume {
  assertVolume(volume);
  if (!Array.isArray(axes)) invalidArgument('axes', `expected an array of 'i' | 'j' | 'k', got ${JSON.stringify(axes)}`);
  const flip: [boolean, boolean, boolean] = [false, false, false];
  for (const axis of axes) {
    const a: number = axis === 'i' ? 0 : axis === 'j' ? 1 : axis === 'k' ? 2 : -1;
    if (a < 0) invalidArgument('axes', `expected 'i', 'j' or 'k', got ${JSON.stringify(axis)}`);
    if (flip[a]) invalidArgument('axes', `axis '${axis}' is listed twice`);
    flip[a] = true;
  }
  return remapAxes(volume, [0, 1, 2], flip);
}
