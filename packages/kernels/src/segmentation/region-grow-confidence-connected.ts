import { MedlensError, type Volume, type Vec3, type VoxelArray } from '@medlens/core';
import { floodFill, seedOffsets } from './flood-fill.js';
import { maskVolume, requireScalar } from './segmentation-common.js';

/** Options of {@link regionGrowConfidenceConnected}. */
export interface RegionGrowConfidenceConnectedOptions {
  /** Seed points in LPS patient coordinates (mm); each is rounded to the nearest voxel. */
  readonly seedsWorld: readonly Vec3[];
  /** Half-width of the interval in standard deviations (default 2.5). */
  readonly multiplier?: number;
  /** Number of re-estimations over the grown region (default 4). */
  readonly iterations?: number;
  /** Half-size in voxels of the cubic seed neighbourhood for the first estimate (default 1 → 3×3×3). */
  readonly initialRadius?: number;
}

/** Value range of the voxel type, as ITK's NonpositiveMin()/max(). */
function typeRange(data: VoxelArray): [number, number] {
  if (data instanceof Float32Array) return [-3.4028234663852886e38, 3.4028234663852886e38];
  if (data instanceof Float64Array) return [-Number.MAX_VALUE, Number.MAX_VALUE];
  const bits = data.BYTES_PER_ELEMENT * 8;
  const signed = data instanceof Int8Array || data instanceof Int16Array || data instanceof Int32Array;
  return signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}

function validatePositive(value: unknown, fallback: number, field: string, integer: boolean, allowZero: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0) || (integer && !Number.isInteger(value))) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `${field} must be a ${integer ? 'integer' : 'number'} ${allowZero ? '≥ 0' : '> 0'}, got ${String(value)}`, {
      field,
    });
  }
  return value;
}

/**
 * Confidence-connected region growing (itk::ConfidenceConnectedImageFilter semantics, 6-connected):
 * 1. mean μ and sample variance σ² over the (2r+1)³ neighbourhood of every seed (edge voxels
 *    replicated outside the grid, ITK's ZeroFluxNeumann), pooled as ITK pools them;
 * 2. grow from the seeds through voxels with μ − m·σ ≤ v ≤ μ + m·σ, the interval widened to contain
 *    every seed value, clamped to the voxel type's range and cast to it (integers truncate);
 * 3. `iterations` times: μ, σ² (n − 1 denominator) over the grown region, then grow again from the
 *    seeds; stops early when σ² is 0.
 * Returns a 0/1 Uint8 mask on the input grid. NaN voxels are never inside.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (a seed outside the grid as seedsWorld[n]; multiplier, iterations, initialRadius)
 */
export function regionGrowConfidenceConnected(volume: Volume, options: RegionGrowConfidenceConnectedOptions): Volume<Uint8Array> {
  requireScalar(volume, 'volume');
  const multiplier = validatePositive(options.multiplier, 2.5, 'multiplier', false, true);
  const iterations = validatePositive(options.iterations, 4, 'iterations', true, true);
  const radius = validatePositive(options.initialRadius, 1, 'initialRadius', true, false);
  const seeds = seedOffsets(volume, options.seedsWorld);
  const data = volume.data;
  const size = volume.geometry.size;
  const [nx, ny, nz] = size;
  let meanSum = 0;
  let sumOfSquares = 0;
  const perSeed = (2 * radius + 1) ** 3;
  for (let s = 0; s < seeds.length; s++) {
    const p = seeds[s]!;
    const i0 = p % nx;
    const j0 = ((p - i0) / nx) % ny;
    const k0 = (p - i0 - nx * j0) / (nx * ny);
    let sum = 0;
    for (let dk = -radius; dk <= radius; dk++) {
      const k = Math.min(nz - 1, Math.max(0, k0 + dk));
      for (let dj = -radius; dj <= radius; dj++) {
        const j = Math.min(ny - 1, Math.max(0, j0 + dj));
        for (let di = -radius; di <= radius; di++) {
          const i = Math.min(nx - 1, Math.max(0, i0 + di));
          const v = data[i + nx * (j + ny * k)]!;
          sum += v;
          sumOfSquares += v * v;
        }
      }
    }
    meanSum += sum / perSeed;
  }
  const totalNum = seeds.length * perSeed;
  let mean = meanSum / seeds.length;
  let variance = (sumOfSquares - mean * mean * totalNum) / (totalNum - 1);
  let lowestSeed = Infinity;
  let highestSeed = -Infinity;
  for (let s = 0; s < seeds.length; s++) {
    const v = data[seeds[s]!]!;
    if (v < lowestSeed) lowestSeed = v;
    if (v > highestSeed) highestSeed = v;
  }
  const [typeMin, typeMax] = typeRange(data);
  const isInt = !(data instanceof Float32Array || data instanceof Float64Array);
  const bounds = (): [number, number] => {
    let lower = mean - multiplier * Math.sqrt(variance);
    let upper = mean + multiplier * Math.sqrt(variance);
    if (lower > lowestSeed) lower = lowestSeed;
    if (upper < highestSeed) upper = highestSeed;
    if (lower < typeMin) lower = typeMin;
    if (upper > typeMax) upper = typeMax;
    if (isInt) return [Math.trunc(lower), Math.trunc(upper)];
    return data instanceof Float32Array ? [Math.fround(lower), Math.fround(upper)] : [lower, upper];
  };
  let [lower, upper] = bounds();
  let region = floodFill(data, size, seeds, lower, upper, 6);
  for (let loop = 0; loop < iterations; loop++) {
    let sum = 0;
    let sq = 0;
    let n = 0;
    for (let p = 0; p < region.length; p++) {
      if (region[p] === 0) continue;
      const v = data[p]!;
      sum += v;
      sq += v * v;
      n++;
    }
    mean = sum / n;
    variance = (sq - (sum * sum) / n) / (n - 1);
    if (!(Math.abs(variance) > 1e-12)) break;
    [lower, upper] = bounds();
    region = floodFill(data, size, seeds, lower, upper, 6);
  }
  return maskVolume(volume, region);
}
