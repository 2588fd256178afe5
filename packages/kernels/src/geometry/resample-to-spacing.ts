import { createGeometry, indexToWorld, type Vec3, type Volume, type VolumeGeometry } from '@medlens/core';
import type { Interpolation } from './sample-grid.js';
import { resampleData } from './sample-grid.js';
import { assertOutputSize, readInterpolation, resolveFill } from './resolve-fill.js';
import { assertVolume, buildResult, readChoice, readPositiveTriple } from './volume-helpers.js';

/** How the new grid is placed, as an `as const` object and its union. */
export const RESAMPLE_GRIDS = { originAligned: 'origin-aligned', centreAligned: 'centre-aligned' } as const;
export type ResampleGrid = (typeof RESAMPLE_GRIDS)[keyof typeof RESAMPLE_GRIDS];

/** Options of {@link resampleToSpacing}. */
export interface ResampleToSpacingOptions {
  /** New spacing along index axes i, j, k (mm). */
  readonly spacingMm: readonly [number, number, number];
  /** Default 'linear'. */
  readonly interpolation?: Interpolation;
  /** Default 'origin-aligned'. */
  readonly grid?: ResampleGrid;
  /** Value outside the input domain; default: the minimum of the input. */
  readonly fill?: number;
}

/**
 * The grid {@link resampleToSpacing} produces, per index axis a with old size n, spacing s and new
 * spacing s':
 * - 'origin-aligned' (SimpleITK/ITK users' convention): n' = max(1, round(n·s/s')), origin (centre of
 *   voxel 0) kept, direction kept.
 * - 'centre-aligned' (IBSI reference manual, image interpolation, "align grid centers"): n' = ceil(n·s/s'), grid centres coincide:
 *   origin' = origin + D·((s·(n − 1) − s'·(n' − 1)) / 2).
 * @throws MedlensError USAGE_INVALID_ARGUMENT (spacingMm, grid)
 */
export function computeResampledGeometry(geometry: VolumeGeometry, spacingMm: readonly number[], grid: ResampleGrid): VolumeGeometry {
  const spacing = readPositiveTriple(spacingMm, 'spacingMm');
  const size: number[] = [];
  const shift: number[] = [];
  for (let a = 0; a < 3; a++) {
    const extent = geometry.size[a as 0 | 1 | 2] * geometry.spacing[a as 0 | 1 | 2];
    // The 1e-9 guard keeps 10·0.7/0.35 = 20 (not 20.000000000000004 → ceil 21).
    const ratio = extent / spacing[a as 0 | 1 | 2];
    const n = grid === 'centre-aligned' ? Math.ceil(ratio - 1e-9) : Math.round(ratio);
    size.push(Math.max(1, n));
    const sNew = spacing[a as 0 | 1 | 2];
    const sOld = geometry.spacing[a as 0 | 1 | 2];
    // Shift in source voxel units of the new voxel 0.
    shift.push(grid === 'centre-aligned' ? (sOld * (geometry.size[a as 0 | 1 | 2] - 1) - sNew * (size[a]! - 1)) / 2 / sOld : 0);
  }
  return createGeometry({
    size: size as unknown as Vec3,
    spacing,
    origin: indexToWorld(geometry, shift as unknown as Vec3),
    direction: geometry.direction,
    ...(geometry.frameOfReferenceUid !== undefined ? { frameOfReferenceUid: geometry.frameOfReferenceUid } : {}),
  });
}

/**
 * Resamples a volume to a new voxel spacing, keeping its direction and physical extent (grid:
 * {@link computeResampledGeometry}). Every output voxel centre is mapped to a continuous input index
 * and interpolated:
 * - 'nearest': `scipy.ndimage.map_coordinates(order=0, mode='nearest')` (rounds half up); keeps the input type.
 * - 'linear': trilinear, `map_coordinates(order=1, mode='nearest')`; float32 output.
 * - 'bspline3': cubic B-spline with the exact mirror-boundary prefilter,
 *   `map_coordinates(order=3, mode='mirror', prefilter=True)`; float32 output.
 *
 * Domain: a point is inside when its continuous input index lies in [−0.5, n − 0.5] on every axis (the
 * voxels' footprint, as ITK); other points get `fill` (default: the input minimum). NaN propagates to
 * every output whose interpolation taps include it (the whole line for 'bspline3', through the prefilter).
 * Multi-component volumes are resampled per component. Equivalent to {@link resampleToReference} onto
 * the computed grid.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (spacingMm, interpolation, grid, fill)
 */
export function resampleToSpacing(volume: Volume, options: ResampleToSpacingOptions): Volume {
  assertVolume(volume);
  if (options === null || typeof options !== 'object') readPositiveTriple(undefined, 'spacingMm');
  const interpolation = readInterpolation(options.interpolation);
  const grid = readChoice(options.grid, 'grid', Object.values(RESAMPLE_GRIDS), 'origin-aligned');
  const target = computeResampledGeometry(volume.geometry, options.spacingMm, grid);
  assertOutputSize(target, volume.components, 'spacingMm');
  const fill = resolveFill(volume, interpolation, options.fill);
  return buildResult(volume, target, resampleData(volume, target, interpolation, fill), { keepSegments: interpolation === 'nearest' });
}
