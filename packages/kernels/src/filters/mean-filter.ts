import { MedlensError, createVolume, type Vec3, type Volume } from '@medlens/core';
import { assertRadiusBound, assertScalarVolume, readMode, readRadius, type BoundaryMode } from './filter-options.js';
import { uniformAxis } from './uniform-axis.js';

/** Options of {@link meanFilter}. Give `radius` (voxels) or `radiusMm`, not both; default radius 1. */
export interface MeanFilterOptions {
  /** Half-width in voxels, one value or [x, y, z]; the window is 2r+1 voxels (0 skips an axis). */
  radius?: number | Vec3;
  /** Half-width in mm per axis, converted to round(radiusMm / spacing) voxels. */
  radiusMm?: number | Vec3;
  /** Boundary extension (default 'reflect'). */
  mode?: BoundaryMode;
  /** Value outside the grid for mode 'constant' (default 0). */
  cval?: number;
}

/**
 * Box (moving-average) filter: out(x) = mean of in over the (2r_i+1)×(2r_j+1)×(2r_k+1) window
 * centred on x, computed as three separable running-sum passes with float64 accumulators.
 * Matches `scipy.ndimage.uniform_filter(in, size=(2r_k+1, 2r_j+1, 2r_i+1), mode, cval)` on the numpy
 * array (nz, ny, nx), within float32 rounding.
 *
 * Output: float32 on the same grid; any input voxel type is read as float32.
 * NaN/Inf rule: linear filter — a NaN makes exactly the output voxels whose window contains it NaN
 * (±Inf gives ±Inf, NaN where both meet). This is the direct-sum result; scipy's running sum instead
 * spreads a NaN to the end of each line.
 *
 * @throws MedlensError USAGE_INVALID_ARGUMENT (field radius, radiusMm, mode, cval, components),
 *   VOLUME_DATA_LENGTH
 */
export function meanFilter(volume: Volume, options: MeanFilterOptions = {}): Volume<Float32Array> {
  assertScalarVolume(volume, 'meanFilter');
  if (options === null || typeof options !== 'object') {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', 'meanFilter: options must be an object', { field: 'radius' });
  }
  const { size, spacing } = volume.geometry;
  const radius = readRadius(options, spacing, 1);
  for (const r of radius) assertRadiusBound(r, options.radiusMm !== undefined ? 'radiusMm' : 'radius');
  const { mode, cval } = readMode(options.mode, options.cval);
  const input = volume.data instanceof Float32Array ? volume.data : Float32Array.from(volume.data);
  const out = new Float32Array(input.length);
  let src = input;
  for (const axis of [0, 1, 2] as const) {
    if (radius[axis] === 0) continue;
    uniformAxis(src, out, size, axis, radius[axis], mode, cval);
    src = out;
  }
  if (src === input) out.set(input);
  return createVolume({ geometry: volume.geometry, data: out, meta: volume.meta });
}
