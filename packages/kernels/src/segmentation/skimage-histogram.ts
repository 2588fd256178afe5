// Internal: the histogram skimage 0.19 builds in threshold_otsu / threshold_multiotsu
// (skimage.exposure.histogram(image.ravel(), nbins, source_range='image')).
import { isSameGrid, MedlensError, type Volume, type VoxelArray } from '@medlens/core';
import { requireScalar } from './segmentation-common.js';

/** Counts per bin and bin centres, as skimage returns them. */
export interface SkimageHistogram {
  readonly counts: Float64Array;
  readonly centers: Float64Array;
  /** True when every sample had the same value (skimage's early return in threshold_otsu). */
  readonly constant: boolean;
  readonly first: number;
}

/** Widest integer range histogrammed one bin per integer (skimage would allocate this many bins). */
export const MAX_INTEGER_BINS = 1 << 24;

function isFloatArray(data: VoxelArray): data is Float32Array | Float64Array {
  return data instanceof Float32Array || data instanceof Float64Array;
}

/** The voxel values (inside the mask when given), in the volume's own array type. */
export function selectSamples(volume: Volume, mask: Volume | undefined): VoxelArray {
  requireScalar(volume, 'volume');
  if (mask === undefined) return volume.data;
  requireScalar(mask, 'mask');
  if (!isSameGrid(mask.geometry, volume.geometry)) {
    throw new MedlensError('GEOMETRY_MISMATCH', `mask grid (${mask.geometry.size.join('×')}) is not the volume grid (${volume.geometry.size.join('×')}); resample the mask first`, {
      field: 'mask',
    });
  }
  const m = mask.data;
  let n = 0;
  for (let i = 0; i < m.length; i++) if (m[i] !== 0) n++;
  const src = volume.data;
  const Ctor = src.constructor as new (length: number) => VoxelArray;
  const out = new Ctor(n);
  let w = 0;
  for (let i = 0; i < m.length; i++) if (m[i] !== 0) out[w++] = src[i]!;
  return out;
}

/**
 * skimage.exposure.histogram semantics: integer arrays get one bin per integer in [min, max]
 * (`bins` ignored); float arrays get `bins` equal bins over [min, max] with numpy.histogram's edges
 * (np.linspace in float64 cast to the array's precision) and bin assignment (last bin closed).
 * @throws MedlensError USAGE_INVALID_ARGUMENT for empty samples, NaN/±Inf, or an integer range wider than 2^24
 */
export function skimageHistogram(samples: VoxelArray, bins: number): SkimageHistogram {
  const n = samples.length;
  if (n === 0) throw new MedlensError('USAGE_INVALID_ARGUMENT', 'no voxels to threshold (empty volume or empty mask)', { field: 'mask' });
  let min = Infinity;
  let max = -Infinity;
  let nanAt = -1;
  for (let i = 0; i < n; i++) {
    const v = samples[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v !== v && nanAt < 0) nanAt = i;
  }
  if (nanAt >= 0 || !Number.isFinite(min) || !Number.isFinite(max)) {
    const at = nanAt >= 0 ? nanAt : samples.findIndex((v) => !Number.isFinite(v));
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `voxel ${at} is ${samples[at]}; thresholds need finite values (mask out NaN/Inf first)`, {
      field: 'volume',
    });
  }
  if (min === max) return { counts: Float64Array.of(n), centers: Float64Array.of(min), constant: true, first: min };
  if (!isFloatArray(samples)) {
    const nb = max - min + 1;
    if (nb > MAX_INTEGER_BINS) {
      throw new MedlensError('USAGE_INVALID_ARGUMENT', `integer range ${min}…${max} needs ${nb} one-value bins (limit ${MAX_INTEGER_BINS}); convert to float32 to use nbins`, {
        field: 'volume',
      });
    }
    const counts = new Float64Array(nb);
    for (let i = 0; i < n; i++) counts[samples[i]! - min]! += 1;
    const centers = new Float64Array(nb);
    for (let b = 0; b < nb; b++) centers[b] = min + b;
    return { counts, centers, constant: false, first: min };
  }
  const f32 = samples instanceof Float32Array;
  const round = f32 ? Math.fround : (x: number): number => x;
  const edges = new Float64Array(bins + 1);
  const step = (max - min) / bins;
  for (let b = 0; b < bins; b++) edges[b] = round(b * step + min);
  edges[bins] = max;
  const counts = new Float64Array(bins);
  // numpy estimates the bin in the array's precision and then corrects it by ±1 against the edges,
  // which yields the bin with edges[b] ≤ x < edges[b + 1] (last bin closed). The float64 estimate
  // below is within one bin of it and the while loops apply the same edge test.
  const scale = bins / (max - min);
  const last = bins - 1;
  for (let i = 0; i < n; i++) {
    const x = samples[i]!;
    let idx = ((x - min) * scale) | 0;
    if (idx > last) idx = last;
    while (idx > 0 && x < edges[idx]!) idx--;
    while (idx < last && x >= edges[idx + 1]!) idx++;
    counts[idx]! += 1;
  }
  const centers = new Float64Array(bins);
  for (let b = 0; b < bins; b++) centers[b] = round(edges[b]! + edges[b + 1]!) / 2;
  return { counts, centers, constant: false, first: min };
}

/** Validates the `bins` option (integer ≥ 2). */
export function validateBins(value: unknown): number {
  if (value === undefined) return 256;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2 || value > 1 << 20) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `bins must be an integer in 2…1048576, got ${String(value)}`, { field: 'bins' });
  }
  return value;
}
