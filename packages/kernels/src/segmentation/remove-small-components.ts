import { MedlensError, type Volume } from '@medlens/core';
import { labelConnectedComponents } from './label-connected-components.js';
import { maskVolume, type Connectivity } from './segmentation-common.js';

/** Options of {@link removeSmallComponents}: exactly one of `minVoxels` / `minVolumeMm3`. */
export interface RemoveSmallComponentsOptions {
  /** Components with fewer voxels are removed. */
  readonly minVoxels?: number;
  /** Components with a smaller volume (voxels · sx·sy·sz, mm³) are removed. */
  readonly minVolumeMm3?: number;
  /** 6, 18 or 26 (default 26). */
  readonly connectivity?: Connectivity;
}

/**
 * Removes connected components smaller than a size: a component is kept when its voxel count is
 * ≥ minVoxels (or its volume ≥ minVolumeMm3). Like `skimage.morphology.remove_small_objects`
 * with `min_size = minVoxels` and the matching connectivity. Returns a 0/1 Uint8 mask.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (both or neither size given, negative/NaN size, connectivity)
 */
export function removeSmallComponents(mask: Volume, options: RemoveSmallComponentsOptions): Volume<Uint8Array> {
  const { minVoxels, minVolumeMm3 } = options;
  if ((minVoxels === undefined) === (minVolumeMm3 === undefined)) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', 'give exactly one of minVoxels or minVolumeMm3', { field: 'minVoxels' });
  }
  const field = minVoxels !== undefined ? 'minVoxels' : 'minVolumeMm3';
  const min = (minVoxels ?? minVolumeMm3) as number;
  if (typeof min !== 'number' || !Number.isFinite(min) || min < 0) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `${field} must be a finite number ≥ 0, got ${String(min)}`, { field });
  }
  const result = labelConnectedComponents(mask, options.connectivity === undefined ? {} : { connectivity: options.connectivity });
  const sizes = minVoxels !== undefined ? result.sizesVoxels : result.sizesMm3;
  const keep = new Uint8Array(result.count + 1);
  for (let c = 0; c < result.count; c++) keep[c + 1] = sizes[c]! >= min ? 1 : 0;
  const l = result.labels.data;
  const out = new Uint8Array(l.length);
  for (let p = 0; p < l.length; p++) out[p] = keep[l[p]!]!;
  return maskVolume(mask, out);
}
