// Internal: seed conversion and threshold flood fill shared by the region-growing kernels.
import { MedlensError, worldToIndex, type Volume, type Vec3, type VoxelArray } from '@medlens/core';
import { allNeighbours, type Connectivity } from './segmentation-common.js';

/**
 * LPS seeds (mm) → linear voxel offsets, rounding the continuous index half up as ITK's
 * TransformPhysicalPointToIndex does.
 * @throws MedlensError USAGE_INVALID_ARGUMENT naming the first seed outside the grid
 */
export function seedOffsets(volume: Volume, seedsWorld: unknown): Int32Array {
  if (!Array.isArray(seedsWorld) || seedsWorld.length === 0) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', 'seedsWorld must be a non-empty array of LPS points [x, y, z] in mm', { field: 'seedsWorld' });
  }
  const [nx, ny, nz] = volume.geometry.size;
  const out = new Int32Array(seedsWorld.length);
  seedsWorld.forEach((seed: unknown, n) => {
    if (!Array.isArray(seed) || seed.length !== 3 || !seed.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new MedlensError('USAGE_INVALID_ARGUMENT', `seedsWorld[${n}] must be three finite numbers (LPS mm), got ${JSON.stringify(seed)}`, {
        field: `seedsWorld[${n}]`,
      });
    }
    const idx = worldToIndex(volume.geometry, seed as unknown as Vec3).map((c) => Math.floor(c + 0.5));
    const [i, j, k] = idx as [number, number, number];
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) {
      throw new MedlensError(
        'USAGE_INVALID_ARGUMENT',
        `seedsWorld[${n}] = [${seed.join(', ')}] mm maps to voxel [${idx.join(', ')}], outside the ${nx}×${ny}×${nz} grid`,
        { field: `seedsWorld[${n}]` },
      );
    }
    out[n] = i + nx * (j + ny * k);
  });
  return out;
}

/** Voxels connected to the seeds through voxels with lower ≤ v ≤ upper (seeds outside the range grow nothing). */
export function floodFill(data: VoxelArray, size: Vec3, seeds: Int32Array, lower: number, upper: number, connectivity: Connectivity): Uint8Array {
  const [nx, ny, nz] = size;
  const sxy = nx * ny;
  const nbr = allNeighbours(connectivity);
  const nn = nbr.length / 3;
  const out = new Uint8Array(data.length);
  const queue = new Int32Array(data.length);
  let head = 0;
  let tail = 0;
  for (let s = 0; s < seeds.length; s++) {
    const p = seeds[s]!;
    const v = data[p]!;
    if (out[p] === 0 && v >= lower && v <= upper) {
      out[p] = 1;
      queue[tail++] = p;
    }
  }
  while (head < tail) {
    const p = queue[head++]!;
    const i = p % nx;
    const j = ((p - i) / nx) % ny;
    const k = (p - i - nx * j) / sxy;
    for (let q = 0; q < nn; q++) {
      const ii = i + nbr[3 * q]!;
      const jj = j + nbr[3 * q + 1]!;
      const kk = k + nbr[3 * q + 2]!;
      if (ii < 0 || ii >= nx || jj < 0 || jj >= ny || kk < 0 || kk >= nz) continue;
      const r = ii + nx * jj + sxy * kk;
      if (out[r] !== 0) continue;
      const v = data[r]!;
      if (v >= lower && v <= upper) {
        out[r] = 1;
        queue[tail++] = r;
      }
    }
  }
  return out;
}
