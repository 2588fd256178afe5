// Internal: the one data-moving routine behind flipVolume, permuteAxes and reorientVolume.
import { createGeometry, indexToWorld, type Mat3, type Vec3, type Volume, type VoxelArray } from '@medlens/core';
import { allocateLike, buildResult } from './volume-helpers.js';

/**
 * New index axis c is old axis `order[c]`, reversed when `flip[c]`. Voxel world positions are kept:
 * direction column c = ±old column order[c], spacing follows its axis, origin = world position of the
 * old voxel that becomes voxel (0, 0, 0). Components stay interleaved.
 */
export function remapAxes(volume: Volume, order: readonly [number, number, number], flip: readonly [boolean, boolean, boolean]): Volume {
  const g = volume.geometry;
  const oldStride = [1, g.size[0], g.size[0] * g.size[1]];
  const size = [g.size[order[0]]!, g.size[order[1]]!, g.size[order[2]]!] as const;
  const spacing = [g.spacing[order[0]]!, g.spacing[order[1]]!, g.spacing[order[2]]!] as const;
  const direction: number[] = [];
  const corner = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const a = order[c]!;
    const sign = flip[c] ? -1 : 1;
    // "+ 0" turns −0 into 0 so negated zero entries compare equal to the input's.
    direction.push(sign * g.direction[3 * a]! + 0, sign * g.direction[3 * a + 1]! + 0, sign * g.direction[3 * a + 2]! + 0);
    if (flip[c]) corner[a] = g.size[a as 0 | 1 | 2] - 1;
  }
  const geometry = createGeometry({
    size: size as unknown as Vec3,
    spacing: spacing as unknown as Vec3,
    origin: indexToWorld(g, corner as unknown as Vec3),
    direction: direction as unknown as Mat3,
    ...(g.frameOfReferenceUid !== undefined ? { frameOfReferenceUid: g.frameOfReferenceUid } : {}),
  });
  // Old-array step (in voxels) per new axis, and the old offset of new voxel (0, 0, 0).
  const step = [0, 0, 0];
  let start = 0;
  for (let c = 0; c < 3; c++) {
    const a = order[c]!;
    step[c] = flip[c] ? -oldStride[a]! : oldStride[a]!;
    start += corner[a]! * oldStride[a]!;
  }
  const nc = volume.components;
  const src = volume.data;
  const out: VoxelArray = allocateLike(src, src.length);
  const [s0, s1, s2] = step as [number, number, number];
  let n = 0;
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      let o = start + j * s1 + k * s2;
      if (nc === 1) {
        for (let i = 0; i < size[0]; i++, o += s0) out[n++] = src[o]!;
      } else {
        for (let i = 0; i < size[0]; i++, o += s0) {
          for (let c = 0; c < nc; c++) out[n++] = src[o * nc + c]!;
        }
      }
    }
  }
  const unchangedK = order[2] === 2 && !flip[2];
  return buildResult(volume, geometry, out, unchangedK ? { meta: volume.meta } : {});
}
