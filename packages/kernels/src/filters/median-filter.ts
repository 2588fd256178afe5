import { MedlensError, createVolume, type Vec3, type Volume, type VoxelArray } from '@medlens/core';
import { assertRadiusBound, assertScalarVolume, buildIndexMap, readMode, readRadius, type BoundaryMode } from './filter-options.js';
import { median3x3x3 } from './median-3x3x3.js';
import { selectRank } from './select-rank.js';

/** Options of {@link medianFilter}. Give `radius` (voxels) or `radiusMm`, not both. */
export interface MedianFilterOptions {
  /** Half-width in voxels, one value or [x, y, z]; [r, r, 0] filters each slice in 2D. */
  radius?: number | Vec3;
  /** Half-width in mm per axis, converted to round(radiusMm / spacing) voxels. */
  radiusMm?: number | Vec3;
  /** Boundary extension (default 'reflect'). */
  mode?: BoundaryMode;
  /** Value outside the grid for mode 'constant' (default 0). */
  cval?: number;
}

/**
 * Median filter over the box window of (2r_i+1)×(2r_j+1)×(2r_k+1) voxels: out(x) = the value of
 * rank ⌊W/2⌋ (0-based) among the W window values, i.e. the exact median (W is odd).
 * Matches `scipy.ndimage.median_filter(in, size=(2r_k+1, 2r_j+1, 2r_i+1), mode, cval)` on the numpy
 * array (nz, ny, nx) exactly. radius [r, r, 0] is the per-slice 2D median.
 * 3×3×3 on float32 (and 8/16-bit integer) data runs a WebAssembly SIMD kernel (4 voxels per step,
 * branch-free forgetful selection, see wasm/make_median27.py); without WebAssembly, and for
 * float64/32-bit integer data, sorted shared columns and a three-way merge in JS. Other sizes use a
 * per-voxel selection (Wirth) on one reused buffer.
 *
 * Output: the input's voxel type (the median is one of the input values or cval), same grid.
 * NaN/Inf rule: a window containing NaN gives NaN (like numpy.median); ±Inf are ordinary values.
 *
 * @throws MedlensError USAGE_INVALID_ARGUMENT (field radius, radiusMm, mode, cval, components),
 *   VOLUME_DATA_LENGTH
 */
export function medianFilter<T extends VoxelArray>(volume: Volume<T>, options: MedianFilterOptions): Volume<T> {
  assertScalarVolume(volume, 'medianFilter');
  if (options === null || typeof options !== 'object') {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', 'medianFilter: options with radius are required', { field: 'radius' });
  }
  const { size, spacing } = volume.geometry;
  const radius = readRadius(options, spacing, undefined);
  for (const r of radius) assertRadiusBound(r, options.radiusMm !== undefined ? 'radiusMm' : 'radius');
  const { mode, cval } = readMode(options.mode, options.cval);
  const data = volume.data;
  // float32 holds every value of 8/16-bit integers exactly; 32-bit integers and float64 need float64.
  const wide = data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint32Array;
  const src: Float32Array | Float64Array =
    data instanceof Float32Array || data instanceof Float64Array ? data : wide ? Float64Array.from(data) : Float32Array.from(data);
  const work = wide ? new Float64Array(src.length) : new Float32Array(src.length);
  if (radius[0] === 1 && radius[1] === 1 && radius[2] === 1) {
    median3x3x3(src, work, size, mode, cval, 0, size[2]);
  } else {
    medianBox(src, work, size, radius, mode, cval, 0, size[2]);
  }
  const ctor = data.constructor as new (source: ArrayLike<number>) => T;
  const out = work.constructor === data.constructor ? (work as unknown as T) : new ctor(work);
  return createVolume({ geometry: volume.geometry, data: out, meta: volume.meta });
}

/** General box median for planes k ∈ [k0, k1): gathers each window into one buffer, then selects. */
function medianBox(
  src: Float32Array | Float64Array,
  dst: Float32Array | Float64Array,
  size: Vec3,
  radius: Vec3,
  mode: BoundaryMode,
  cval: number,
  k0: number,
  k1: number,
): void {
  const [nx, ny, nz] = size;
  const [rx, ry, rz] = radius;
  const wx = 2 * rx + 1;
  const rows = (2 * ry + 1) * (2 * rz + 1);
  const count = wx * rows;
  const rank = count >> 1;
  const mapI = buildIndexMap(nx, rx, mode);
  const mapJ = buildIndexMap(ny, ry, mode);
  const mapK = buildIndexMap(nz, rz, mode);
  const rowBase = new Int32Array(rows);
  const buf = new Float64Array(count);
  for (let k = k0; k < k1; k++) {
    for (let j = 0; j < ny; j++) {
      let r = 0;
      for (let dk = 0; dk <= 2 * rz; dk++) {
        const kk = mapK[k + dk]!;
        for (let dj = 0; dj <= 2 * ry; dj++) {
          const jj = mapJ[j + dj]!;
          rowBase[r++] = kk < 0 || jj < 0 ? -1 : (kk * ny + jj) * nx;
        }
      }
      const outBase = (k * ny + j) * nx;
      for (let i = 0; i < nx; i++) {
        let n = 0;
        let nan = false;
        for (let q = 0; q < rows; q++) {
          const b = rowBase[q]!;
          for (let di = 0; di < wx; di++) {
            const ii = mapI[i + di]!;
            const x = b < 0 || ii < 0 ? cval : src[b + ii]!;
            if (x !== x) nan = true;
            buf[n++] = x;
          }
        }
        dst[outBase + i] = nan ? NaN : selectRank(buf, count, rank);
      }
    }
  }
}
