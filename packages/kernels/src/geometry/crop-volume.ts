import { createGeometry, indexToWorld, type Volume } from '@medlens/core';
import { allocateLike, assertVolume, buildResult, invalidArgument, readIntTriple } from './volume-helpers.js';

/** Options of {@link cropVolume}. */
export interface CropVolumeOptions {
  /** First kept voxel [i, j, k] (0-based). */
  readonly start: readonly [number, number, number];
  /** Number of kept voxels along i, j, k (≥ 1). */
  readonly size: readonly [number, number, number];
}

/**
 * Extracts the box [start, start + size) of index space (`array[k0:k1, j0:j1, i0:i1]` in numpy).
 * Spacing and direction are kept; the origin becomes the world position of voxel `start`, so every
 * kept voxel keeps its world position. Per-slice SOP Instance UIDs are cut to the kept k range.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (fields `start`, `size`: not integers, or the box leaves the volume)
 */
export function cropVolume(volume: Volume, options: CropVolumeOptions): Volume {
  assertVolume(volume);
  const start = readIntTriple(options?.start, 'start', 0);
  const size = readIntTriple(options?.size, 'size', 1);
  const g = volume.geometry;
  for (let a = 0; a < 3; a++) {
    if (start[a as 0 | 1 | 2] + size[a as 0 | 1 | 2] > g.size[a as 0 | 1 | 2]) {
      invalidArgument('size', `start + size along axis ${'ijk'[a]} is ${start[a as 0 | 1 | 2] + size[a as 0 | 1 | 2]}, beyond the volume size ${g.size[a as 0 | 1 | 2]}`);
    }
  }
  const geometry = createGeometry({ ...g, size, origin: indexToWorld(g, start) });
  const nc = volume.components;
  const src = volume.data;
  const out = allocateLike(src, size[0] * size[1] * size[2] * nc);
  const rowLength = size[0] * nc;
  let n = 0;
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const o = (start[0] + g.size[0] * (start[1] + j + g.size[1] * (start[2] + k))) * nc;
      out.set(src.subarray(o, o + rowLength), n);
      n += rowLength;
    }
  }
  const uids = volume.meta.sourceSopInstanceUids;
  const meta = uids !== undefined && uids.length === g.size[2] ? { ...volume.meta, sourceSopInstanceUids: uids.slice(start[2], start[2] + size[2]) } : volume.meta;
  return buildResult(volume, geometry, out, { meta });
}
