import type { Volume } from '@medlens/core';
import type { MorphologyOptions } from './binary-morphology-options.js';
import { greyMorphology } from './grey-morphology-core.js';

/**
 * Grey-level dilation: each voxel becomes the maximum of the voxels under the ellipsoid ball of
 * {@link createBallStructure} centred on it (radiusMm in mm); outside the grid the image is mirrored
 * (d c b a | a b c d). Matches `scipy.ndimage.grey_dilation(volume, footprint=ball, mode='reflect')` exactly
 * (no arithmetic, only comparisons). Output has the input's voxel type and grid. NaN is rejected.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (radiusMm, NaN voxels, multi-component volume)
 */
export function greyDilate(volume: Volume, options: MorphologyOptions): Volume {
  return greyMorphology(volume, options, true);
}
