import type { Vec3 } from '@medlens/core';

/** Options of the binary and grey morphology kernels. */
export interface MorphologyOptions {
  /**
   * Radius of the ellipsoidal structuring element in mm, one value or per index axis [x, y, z];
   * see {@link createBallStructure} for which voxel offsets it holds.
   */
  readonly radiusMm: number | Vec3;
}
