import { createGeometry, indexToWorld, type Vec3, type Volume } from '@medlens/core';
import { MAX_OUTPUT_VALUES } from './resolve-fill.js';
import { allocateLike, assertRepresentable, assertVolume, buildResult, invalidArgument, readIntTriple } from './volume-helpers.js';

/** Options of {@link padVolume}. */
export interface PadVolumeOptions {
  /** Voxels added before index 0 along i, j, k. */
  readonly before: readonly [number, number, number];
  /** Voxels added after the last index along i, j, k. */
  readonly after: readonly [number, number, number];
  /** Value of the added voxels (default 0); must be storable in the voxel type. */
  readonly value?: number;
}

/**
 * Adds constant voxels around the volume (`numpy.pad(mode='constant')` on the (k, j, i) array).
 * Spacing and direction are kept; the origin moves to index −before of the input, so every input
 * voxel keeps its world position. Cropping the result at `before` with the input size is the identity.
 * A label map keeps its segment table; its padding value must then be 0 or a listed label.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (fields `before`, `after`, `value`)
 */
export function padVolume(volume: Volume, options: PadVolumeOptions): Volume {
  assertVolume(volume);
  const before = readIntTriple(options?.before, 'before', 0);
  const after = readIntTriple(options?.after, 'after', 0);
  const value = options.value ?? 0;
  assertRepresentable(volume.data, value, 'value');
  const segments = (volume as { segments?: readonly { label: number }[] }).segments;
  if (Array.isArray(segments) && value !== 0 && !segments.some((s) => s.label === value)) {
    invalidArgument('value', `${value} is not 0 or a label of the segment table`);
  }
  const g = volume.geometry;
  const size: Vec3 = [g.size[0] + before[0] + after[0], g.size[1] + before[1] + after[1], g.size[2] + before[2] + after[2]];
  const nc = volume.components;
  if (size[0] * size[1] * size[2] * nc > MAX_OUTPUT_VALUES) invalidArgument('after', `the padded volume would have ${size.join('×')} voxels`);
  const geometry = createGeometry({ ...g, size, origin: indexToWorld(g, [-before[0], -before[1], -before[2]]) });
  const src = volume.data;
  const out = allocateLike(src, size[0] * size[1] * size[2] * nc);
  if (value !== 0) out.fill(value);
  const rowLength = g.size[0] * nc;
  let o = 0;
  for (let k = 0; k < g.size[2]; k++) {
    for (let j = 0; j < g.size[1]; j++) {
      const n = (before[0] + size[0] * (before[1] + j + size[1] * (before[2] + k))) * nc;
      out.set(src.subarray(o, o + rowLength), n);
      o += rowLength;
    }
  }
  const sameK = before[2] === 0 && after[2] === 0;
  return buildResult(volume, geometry, out, sameK ? { meta: volume.meta } : {});
}
