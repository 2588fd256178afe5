import { MedlensError, createVolume, type Vec3, type Volume } from '@medlens/core';
import { correlateAxis } from './correlate-axis.js';
import { assertRadiusBound, assertScalarVolume, readMode, readTriple, type BoundaryMode } from './filter-options.js';

/** Options of {@link gaussianFilter}. */
export interface GaussianFilterOptions {
  /** Standard deviation in mm, one value or [x, y, z] along the i, j, k axes; 0 skips an axis. */
  sigmaMm: number | Vec3;
  /** Kernel half-width in standard deviations (default 4.0, as scipy). */
  truncate?: number;
  /** Boundary extension (default 'reflect'). */
  mode?: BoundaryMode;
  /** Value outside the grid for mode 'constant' (default 0). */
  cval?: number;
}

/**
 * Half of a normalised, sampled Gaussian kernel exactly as scipy.ndimage's `_gaussian_kernel1d`
 * (order 0): radius = int(truncate·σ + 0.5), φ(x) = exp(−x²/(2σ²)) for x ∈ [−r, r], divided by Σφ.
 * Entry q is the weight at offsets ±q.
 */
export function gaussianHalfKernel(sigmaVoxels: number, truncate: number): Float64Array {
  const radius = Math.floor(truncate * sigmaVoxels + 0.5);
  const half = new Float64Array(radius + 1);
  const a = -0.5 / (sigmaVoxels * sigmaVoxels);
  let sum = 0;
  for (let q = 0; q <= radius; q++) {
    half[q] = Math.exp(a * q * q);
    sum += q === 0 ? half[q]! : 2 * half[q]!;
  }
  for (let q = 0; q <= radius; q++) half[q] = half[q]! / sum;
  return half;
}

/**
 * Gaussian smoothing with a separable sampled kernel, three 1D passes along i, j, k.
 *
 * out = g_k ∗ g_j ∗ g_i ∗ in, with g_a the kernel of {@link gaussianHalfKernel} for
 * σ_a = sigmaMm_a / spacing_a voxels (an axis with σ_a ≤ 1e-15 is skipped, as scipy does).
 * Matches `scipy.ndimage.gaussian_filter(in, sigma=(σ_k, σ_j, σ_i), truncate, mode, cval)` on the
 * numpy array of shape (nz, ny, nx), within float32 rounding (sums in float64, results stored as
 * float32 between passes). Each pass runs a WebAssembly SIMD row kernel (float64 sums, same
 * arithmetic as the JS fallback used where WebAssembly is unavailable).
 *
 * Output: float32 on the same grid (geometry and meta copied). Input of any voxel type is read
 * as float32 (float64 input is rounded to float32 first).
 * NaN/Inf rule: linear filter, IEEE arithmetic — a NaN spreads to every output voxel whose kernel
 * box (radius r_a per axis, with the boundary extension) contains it; ±Inf gives ±Inf there, or NaN
 * where +Inf and −Inf meet.
 *
 * @throws MedlensError USAGE_INVALID_ARGUMENT (field sigmaMm, truncate, mode, cval, components),
 *   VOLUME_DATA_LENGTH
 */
export function gaussianFilter(volume: Volume, options: GaussianFilterOptions): Volume<Float32Array> {
  assertScalarVolume(volume, 'gaussianFilter');
  if (options === null || typeof options !== 'object') {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', 'gaussianFilter: options with sigmaMm are required', { field: 'sigmaMm' });
  }
  const sigmaMm = readTriple(options.sigmaMm, 'sigmaMm', false);
  const truncate = options.truncate ?? 4.0;
  if (typeof truncate !== 'number' || !Number.isFinite(truncate) || truncate < 0) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `truncate must be a finite number ≥ 0, got ${JSON.stringify(options.truncate)}`, { field: 'truncate' });
  }
  const { mode, cval } = readMode(options.mode, options.cval);
  const { size, spacing } = volume.geometry;
  const kernels: (Float64Array | undefined)[] = [0, 1, 2].map((a) => {
    const sigma = sigmaMm[a]! / spacing[a]!;
    if (!(sigma > 1e-15)) return undefined;
    assertRadiusBound(Math.floor(truncate * sigma + 0.5), 'sigmaMm');
    return gaussianHalfKernel(sigma, truncate);
  });
  const input = volume.data instanceof Float32Array ? volume.data : Float32Array.from(volume.data);
  const out = new Float32Array(input.length);
  let src = input;
  for (const axis of [0, 1, 2] as const) {
    const k = kernels[axis];
    if (k === undefined) continue;
    correlateAxis(src, out, size, axis, k, mode, cval);
    src = out;
  }
  if (src === input) out.set(input);
  return createVolume({ geometry: volume.geometry, data: out, meta: volume.meta });
}
