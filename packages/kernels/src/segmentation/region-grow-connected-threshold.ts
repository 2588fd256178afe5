import { MedlensError, type Volume, type Vec3 } from '@medlens/core';
import { floodFill, seedOffsets } from './flood-fill.js';
import { maskVolume, requireScalar, validateConnectivity, type Connectivity } from './segmentation-common.js';

/** Options of {@link regionGrowConnectedThreshold}. */
export interface RegionGrowConnectedThresholdOptions {
  /** Seed points in LPS patient coordinates (mm); each is rounded to the nearest voxel. */
  readonly seedsWorld: readonly Vec3[];
  /** Inclusive intensity bounds in the volume's units. */
  readonly lower: number;
  readonly upper: number;
  /** 6 (default, ITK face connectivity), 18 or 26 (ITK FullyConnected). */
  readonly connectivity?: Connectivity;
}

/**
 * Connected-threshold region growing: the voxels joined to a seed through a path of voxels with
 * lower ≤ v ≤ upper (SimpleITK ConnectedThreshold / itk::ConnectedThresholdImageFilter semantics;
 * a seed whose own value is out of range grows nothing). NaN voxels are never inside.
 * Returns a 0/1 Uint8 mask on the input grid.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (a seed outside the grid, named as seedsWorld[n]; bounds; connectivity)
 */
export function regionGrowConnectedThreshold(volume: Volume, options: RegionGrowConnectedThresholdOptions): Volume<Uint8Array> {
  requireScalar(volume, 'volume');
  const { lower, upper } = options;
  for (const [field, v] of [['lower', lower], ['upper', upper]] as const) {
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new MedlensError('USAGE_INVALID_ARGUMENT', `${field} must be a number, got ${String(v)}`, { field });
    }
  }
  if (lower > upper) throw new MedlensError('USAGE_INVALID_ARGUMENT', `lower (${lower}) is above upper (${upper})`, { field: 'lower' });
  const connectivity = validateConnectivity(options.connectivity, 6);
  const seeds = seedOffsets(volume, options.seedsWorld);
  return maskVolume(volume, floodFill(volume.data, volume.geometry.size, seeds, lower, upper, connectivity));
}
