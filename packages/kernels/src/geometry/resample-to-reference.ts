import { createGeometry, type Volume, type VolumeGeometry } from '@medlens/core';
import type { Interpolation } from './sample-grid.js';
import { resampleData } from './sample-grid.js';
import { assertOutputSize, assertSameFrame, readInterpolation, resolveFill } from './resolve-fill.js';
import { assertVolume, buildResult } from './volume-helpers.js';

/** Options of {@link resampleToReference}. */
export interface ResampleToReferenceOptions {
  /** Default 'linear'. */
  readonly interpolation?: Interpolation;
  /** Value for reference voxels outside the input domain; default: the minimum of the input. */
  readonly fill?: number;
}

/**
 * Resamples a volume onto another grid of any orientation. For each reference voxel:
 * world = indexToWorld(reference, index), then source index = worldToIndex(volume.geometry, world),
 * interpolated as in {@link resampleToSpacing} ('nearest' = map_coordinates order 0 mode 'nearest',
 * 'linear' = order 1 mode 'nearest', 'bspline3' = order 3 mode 'mirror'; domain [−0.5, n − 0.5] per
 * axis, `fill` outside). The result has the reference geometry (its frame of reference, or the
 * volume's when the reference has none). Resampling onto the volume's own grid is the identity for
 * 'nearest' and 'linear'.
 * @throws MedlensError GEOMETRY_MISMATCH (both frames of reference set and different),
 *   GEOMETRY_INVALID / GEOMETRY_SINGULAR_DIRECTION (malformed reference), USAGE_INVALID_ARGUMENT (interpolation, fill)
 */
export function resampleToReference(volume: Volume, reference: VolumeGeometry, options: ResampleToReferenceOptions = {}): Volume {
  assertVolume(volume);
  const target = createGeometry({
    ...reference,
    ...(reference.frameOfReferenceUid === undefined && volume.geometry.frameOfReferenceUid !== undefined
      ? { frameOfReferenceUid: volume.geometry.frameOfReferenceUid }
      : {}),
  });
  assertSameFrame(volume.geometry, reference);
  assertOutputSize(target, volume.components, 'reference');
  const interpolation = readInterpolation(options.interpolation);
  const fill = resolveFill(volume, interpolation, options.fill);
  return buildResult(volume, target, resampleData(volume, target, interpolation, fill), { keepSegments: interpolation === 'nearest' });
}
