// Internal helpers shared by the segmentation kernels (not exported from the barrel).
import { createVolume, MedlensError, voxelCount, type Volume, type Vec3 } from '@medlens/core';

/** Voxel connectivity: 6 (faces), 18 (faces + edges), 26 (faces + edges + corners). */
export type Connectivity = 6 | 18 | 26;

/** Throws USAGE_INVALID_ARGUMENT unless the volume has one component. */
export function requireScalar(volume: Volume, field: string): void {
  if (volume.components !== 1) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `${field} must have one component per voxel, got ${volume.components}`, { field });
  }
}

/** Validates a connectivity option (6, 18 or 26). */
export function validateConnectivity(value: unknown, fallback: Connectivity): Connectivity {
  if (value === undefined) return fallback;
  if (value === 6 || value === 18 || value === 26) return value;
  throw new MedlensError('USAGE_INVALID_ARGUMENT', `connectivity must be 6, 18 or 26, got ${String(value)}`, { field: 'connectivity' });
}

/** A mask volume as 0/1 bytes: any non-zero voxel (NaN included) is foreground. */
export function toBinary(mask: Volume, field = 'mask'): Uint8Array {
  requireScalar(mask, field);
  const src = mask.data;
  const out = new Uint8Array(src.length);
  for (let n = 0; n < src.length; n++) out[n] = src[n] !== 0 ? 1 : 0;
  return out;
}

/** Wraps 0/1 bytes as a mask volume on the grid of `like`. */
export function maskVolume(like: Volume, data: Uint8Array): Volume<Uint8Array> {
  return createVolume({ geometry: like.geometry, data, meta: { ...like.meta, units: 'label' } });
}

/**
 * Backward neighbour offsets (already visited in memory order) for a connectivity, as [di, dj, dk]
 * triples flattened.
 */
export function backwardNeighbours(connectivity: Connectivity): Int32Array {
  const out: number[] = [];
  for (let dk = -1; dk <= 0; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        if (dk === 0 && (dj > 0 || (dj === 0 && di >= 0))) continue;
        const order = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (connectivity === 6 && order > 1) continue;
        if (connectivity === 18 && order > 2) continue;
        out.push(di, dj, dk);
      }
    }
  }
  return Int32Array.from(out);
}

/** All 6/18/26 neighbour offsets as flattened [di, dj, dk] triples. */
export function allNeighbours(connectivity: Connectivity): Int32Array {
  const out: number[] = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const order = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (order === 0 || (connectivity === 6 && order > 1) || (connectivity === 18 && order > 2)) continue;
        out.push(di, dj, dk);
      }
    }
  }
  return Int32Array.from(out);
}

/** Voxel volume in mm³. */
export function voxelVolumeMm3(volume: Volume): number {
  const s = volume.geometry.spacing;
  return s[0] * s[1] * s[2];
}

/** Parses a radius in mm given as one number or per axis [x, y, z]; each must be finite and > 0. */
export function parseRadiusMm(value: unknown): Vec3 {
  const r = typeof value === 'number' ? [value, value, value] : value;
  if (!Array.isArray(r) || r.length !== 3 || !r.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0)) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `radiusMm must be a positive number of mm or three of them [x, y, z], got ${JSON.stringify(value)}`, {
      field: 'radiusMm',
    });
  }
  return [r[0] as number, r[1] as number, r[2] as number];
}

/** Number of voxels of a volume (re-exported for brevity). */
export function countVoxels(volume: Volume): number {
  return voxelCount(volume.geometry);
}
