import type { Vec3 } from '@medlens/core';
import { parseRadiusMm } from './segmentation-common.js';

/** An ellipsoidal structuring element stored as rows along i. */
export interface BallStructure {
  /** Largest |di|, |dj|, |dk| in the element (voxels). */
  readonly extent: Vec3;
  /** Rows as flattened (dj, dk, w) triples: offsets (di, dj, dk) with |di| ≤ w are in the element. */
  readonly rows: Int32Array;
  /** Number of voxel offsets in the element. */
  readonly size: number;
}

function inBall(di: number, dj: number, dk: number, s: Vec3, r: Vec3): boolean {
  const a = (di * s[0]) / r[0];
  const b = (dj * s[1]) / r[1];
  const c = (dk * s[2]) / r[2];
  return a * a + b * b + c * c <= 1;
}

/**
 * The voxel offsets of an ellipsoid of radii `radiusMm` (mm, one or per axis [x, y, z]) on a grid
 * of `spacing` (mm): (di, dj, dk) is in the element when
 * (di·sx/rx)² + (dj·sy/ry)² + (dk·sz/rz)² ≤ 1 (float64, evaluated in that order). The centre is
 * always included, so a radius below the spacing gives a 1-voxel extent of 0 on that axis.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (radiusMm not positive/finite)
 */
export function createBallStructure(spacing: Vec3, radiusMm: number | Vec3): BallStructure {
  const r = parseRadiusMm(radiusMm);
  const extent = [0, 0, 0].map((_, axis) => {
    let e = 0;
    const unit: [number, number, number] = [0, 0, 0];
    for (;;) {
      unit[axis] = e + 1;
      if (!inBall(unit[0], unit[1], unit[2], spacing, r)) break;
      e++;
    }
    return e;
  }) as unknown as Vec3;
  const rows: number[] = [];
  let size = 0;
  for (let dk = -extent[2]; dk <= extent[2]; dk++) {
    for (let dj = -extent[1]; dj <= extent[1]; dj++) {
      if (!inBall(0, dj, dk, spacing, r)) continue;
      let w = 0;
      while (w < extent[0] && inBall(w + 1, dj, dk, spacing, r)) w++;
      rows.push(dj, dk, w);
      size += 2 * w + 1;
    }
  }
  return { extent, rows: Int32Array.from(rows), size };
}
