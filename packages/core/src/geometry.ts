import { MedlensError } from './medlens-error.js';

/** A 3-vector in millimetres (LPS) or voxel indices. */
export type Vec3 = readonly [number, number, number];
/** A 3×3 matrix, column-major: entries [m00, m10, m20, m01, m11, m21, m02, m12, m22]. */
export type Mat3 = readonly [number, number, number, number, number, number, number, number, number];

/**
 * Where a voxel grid sits in DICOM patient space (LPS, millimetres).
 *
 * - `size` [i, j, k]: i is fastest in memory.
 * - `spacing` [si, sj, sk] in mm along each index axis.
 * - `origin`: LPS position of the centre of voxel [0, 0, 0].
 * - `direction`: column-major 3×3; column c is the LPS unit vector of index axis c.
 *
 * world = origin + direction · diag(spacing) · index
 */
export interface VolumeGeometry {
  readonly size: Vec3;
  readonly spacing: Vec3;
  readonly origin: Vec3;
  readonly direction: Mat3;
  readonly frameOfReferenceUid?: string;
}

/** Identity direction (axial, i → L, j → P, k → S). */
export const IDENTITY_DIRECTION: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

const ORTHO_TOLERANCE = 1e-4;

/** Column c of a column-major 3×3 matrix. */
export function directionColumn(direction: Mat3, c: 0 | 1 | 2): Vec3 {
  return [direction[3 * c]!, direction[3 * c + 1]!, direction[3 * c + 2]!];
}

/** Cross product a × b. */
export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Dot product. */
export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** Determinant of a column-major 3×3 matrix. */
export function determinant3(m: Mat3): number {
  return dot(directionColumn(m, 0), cross(directionColumn(m, 1), directionColumn(m, 2)));
}

function isFiniteVec(v: unknown, n: number): boolean {
  return Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/**
 * Validates and freezes a geometry. The direction must be orthonormal (within 1e-4), spacing
 * positive and size positive integers.
 * @throws MedlensError GEOMETRY_INVALID, GEOMETRY_SINGULAR_DIRECTION
 */
export function createGeometry(input: VolumeGeometry): VolumeGeometry {
  const { size, spacing, origin, direction } = input;
  if (!isFiniteVec(size, 3) || !size.every((s) => Number.isInteger(s) && s >= 1)) {
    throw new MedlensError('GEOMETRY_INVALID', `size must be three positive integers, got ${JSON.stringify(size)}`, { field: 'size' });
  }
  if (!isFiniteVec(spacing, 3) || !spacing.every((s) => s > 0)) {
    throw new MedlensError('GEOMETRY_INVALID', `spacing must be three positive numbers (mm), got ${JSON.stringify(spacing)}`, { field: 'spacing' });
  }
  if (!isFiniteVec(origin, 3)) {
    throw new MedlensError('GEOMETRY_INVALID', `origin must be three finite numbers (mm), got ${JSON.stringify(origin)}`, { field: 'origin' });
  }
  if (!isFiniteVec(direction, 9)) {
    throw new MedlensError('GEOMETRY_INVALID', 'direction must be nine finite numbers (column-major 3×3)', { field: 'direction' });
  }
  const cols = [directionColumn(direction, 0), directionColumn(direction, 1), directionColumn(direction, 2)] as const;
  for (let a = 0; a < 3; a++) {
    for (let b = a; b < 3; b++) {
      const d = dot(cols[a]!, cols[b]!);
      const expected = a === b ? 1 : 0;
      if (Math.abs(d - expected) > ORTHO_TOLERANCE) {
        throw new MedlensError(
          'GEOMETRY_SINGULAR_DIRECTION',
          `direction is not orthonormal (columns ${a}·${b} = ${d.toFixed(6)}); check ImageOrientationPatient or the NIfTI/NRRD affine`,
          { field: 'direction' },
        );
      }
    }
  }
  const g: VolumeGeometry = {
    size: Object.freeze([...size]) as unknown as Vec3,
    spacing: Object.freeze([...spacing]) as unknown as Vec3,
    origin: Object.freeze([...origin]) as unknown as Vec3,
    direction: Object.freeze([...direction]) as unknown as Mat3,
    ...(input.frameOfReferenceUid !== undefined ? { frameOfReferenceUid: input.frameOfReferenceUid } : {}),
  };
  return Object.freeze(g);
}

/** Number of voxels of a geometry. */
export function voxelCount(geometry: VolumeGeometry): number {
  return geometry.size[0] * geometry.size[1] * geometry.size[2];
}

/**
 * Continuous index → LPS world (mm): origin + D·diag(spacing)·index.
 */
export function indexToWorld(geometry: VolumeGeometry, index: Vec3): Vec3 {
  const { origin: o, spacing: s, direction: d } = geometry;
  const a = index[0] * s[0];
  const b = index[1] * s[1];
  const c = index[2] * s[2];
  return [
    o[0] + d[0] * a + d[3] * b + d[6] * c,
    o[1] + d[1] * a + d[4] * b + d[7] * c,
    o[2] + d[2] * a + d[5] * b + d[8] * c,
  ];
}

/**
 * LPS world (mm) → continuous index. Uses Dᵀ as the inverse (D is orthonormal by construction).
 */
export function worldToIndex(geometry: VolumeGeometry, world: Vec3): Vec3 {
  const { origin: o, spacing: s, direction: d } = geometry;
  const x = world[0] - o[0];
  const y = world[1] - o[1];
  const z = world[2] - o[2];
  return [
    (d[0] * x + d[1] * y + d[2] * z) / s[0],
    (d[3] * x + d[4] * y + d[5] * z) / s[1],
    (d[6] * x + d[7] * y + d[8] * z) / s[2],
  ];
}

/**
 * 4×4 row-major affine mapping index → LPS (mm).
 */
export function geometryToAffine(geometry: VolumeGeometry): number[][] {
  const { origin: o, spacing: s, direction: d } = geometry;
  return [
    [d[0] * s[0], d[3] * s[1], d[6] * s[2], o[0]],
    [d[1] * s[0], d[4] * s[1], d[7] * s[2], o[1]],
    [d[2] * s[0], d[5] * s[1], d[8] * s[2], o[2]],
    [0, 0, 0, 1],
  ];
}

/**
 * Geometry from a 4×4 row-major index → LPS affine (columns are split into spacing × direction).
 * Non-orthogonal affines (shear) are rejected.
 * @throws MedlensError GEOMETRY_INVALID, GEOMETRY_SINGULAR_DIRECTION
 */
export function affineToGeometry(affine: readonly (readonly number[])[], size: Vec3, frameOfReferenceUid?: string): VolumeGeometry {
  const col = (c: number): Vec3 => [affine[0]?.[c] ?? NaN, affine[1]?.[c] ?? NaN, affine[2]?.[c] ?? NaN];
  const spacing: number[] = [];
  const direction: number[] = [];
  for (let c = 0; c < 3; c++) {
    const v = col(c);
    const n = Math.hypot(v[0], v[1], v[2]);
    if (!(n > 0)) {
      throw new MedlensError('GEOMETRY_SINGULAR_DIRECTION', `affine column ${c} is zero: the volume has no extent along index axis ${c}`, { field: 'affine' });
    }
    spacing.push(n);
    direction.push(v[0] / n, v[1] / n, v[2] / n);
  }
  return createGeometry({
    size,
    spacing: spacing as unknown as Vec3,
    origin: col(3),
    direction: direction as unknown as Mat3,
    ...(frameOfReferenceUid !== undefined ? { frameOfReferenceUid } : {}),
  });
}

/** True when two geometries describe the same grid within `toleranceMm` (default 1e-3 mm). */
export function isSameGrid(a: VolumeGeometry, b: VolumeGeometry, toleranceMm = 1e-3): boolean {
  if (a.size.some((s, i) => s !== b.size[i])) return false;
  const corners: Vec3[] = [
    [0, 0, 0],
    [a.size[0] - 1, 0, 0],
    [0, a.size[1] - 1, 0],
    [0, 0, a.size[2] - 1],
  ];
  return corners.every((c) => {
    const p = indexToWorld(a, c);
    const q = indexToWorld(b, c);
    return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]) <= toleranceMm;
  });
}
