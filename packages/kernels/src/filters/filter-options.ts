import { MedlensError, type Vec3, type Volume } from '@medlens/core';

/** Boundary extension modes, named and defined as in scipy.ndimage. */
export const BOUNDARY_MODES = {
  /** Half-sample symmetric: `d c b a | a b c d | d c b a` (scipy 'reflect'), periodic with period 2n. */
  reflect: 'reflect',
  /** Edge value repeated: `a a a a | a b c d | d d d d` (scipy 'nearest'). */
  nearest: 'nearest',
  /** Constant `cval` outside the grid: `k k k k | a b c d | k k k k` (scipy 'constant'). */
  constant: 'constant',
} as const;
export type BoundaryMode = (typeof BOUNDARY_MODES)[keyof typeof BOUNDARY_MODES];

/**
 * Source index of every padded position of a line of length `n` extended by `radius` on both sides:
 * entry `p` is the index read for position `p - radius`, or -1 where the constant value applies.
 * Reflect follows scipy's NI_ExtendLine for any radius (period 2n, mirrored halves).
 */
export function buildIndexMap(n: number, radius: number, mode: BoundaryMode): Int32Array {
  const map = new Int32Array(n + 2 * radius);
  for (let p = 0; p < map.length; p++) {
    const idx = p - radius;
    if (idx >= 0 && idx < n) {
      map[p] = idx;
    } else if (mode === 'nearest') {
      map[p] = idx < 0 ? 0 : n - 1;
    } else if (mode === 'constant') {
      map[p] = -1;
    } else {
      const period = 2 * n;
      let m = idx % period;
      if (m < 0) m += period;
      map[p] = m >= n ? period - 1 - m : m;
    }
  }
  return map;
}

/** Checks that `volume` is a single-component volume whose data length matches its size. */
export function assertScalarVolume(volume: Volume, fn: string): void {
  if (volume === null || typeof volume !== 'object' || volume.geometry === undefined || volume.data === undefined) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `${fn}: volume must be a Volume`, { field: 'volume' });
  }
  if (volume.components !== 1) {
    throw new MedlensError(
      'USAGE_INVALID_ARGUMENT',
      `${fn}: volume has ${volume.components} components; filters accept scalar (1-component) volumes only — split the components first`,
      { field: 'components' },
    );
  }
  const [nx, ny, nz] = volume.geometry.size;
  if (volume.data.length !== nx * ny * nz) {
    throw new MedlensError('VOLUME_DATA_LENGTH', `${fn}: data has ${volume.data.length} values, size needs ${nx * ny * nz}`, { field: 'data' });
  }
}

/** A number or [x, y, z] triple, validated: finite, ≥ 0, integer when `integer` is set. */
export function readTriple(value: unknown, field: string, integer: boolean): Vec3 {
  const triple: unknown[] = Array.isArray(value) ? value : [value, value, value];
  if (triple.length !== 3) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `${field} must be a number or three numbers [x, y, z], got ${triple.length} values`, { field });
  }
  for (const v of triple) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
      throw new MedlensError(
        'USAGE_INVALID_ARGUMENT',
        `${field} must be ${integer ? 'a non-negative integer' : 'a finite non-negative number'} (or three of them), got ${JSON.stringify(value)}`,
        { field },
      );
    }
  }
  return [triple[0] as number, triple[1] as number, triple[2] as number];
}

/** Window radii in voxels from `radius` (voxels) or `radiusMm` (rounded to the nearest voxel count per axis). */
export function readRadius(options: { radius?: number | Vec3; radiusMm?: number | Vec3 }, spacing: Vec3, fallback: number | undefined): Vec3 {
  if (options.radius !== undefined && options.radiusMm !== undefined) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', 'give either radius (voxels) or radiusMm, not both', { field: 'radiusMm' });
  }
  if (options.radiusMm !== undefined) {
    const mm = readTriple(options.radiusMm, 'radiusMm', false);
    return [Math.round(mm[0] / spacing[0]), Math.round(mm[1] / spacing[1]), Math.round(mm[2] / spacing[2])];
  }
  if (options.radius === undefined && fallback === undefined) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', 'radius (voxels) or radiusMm is required', { field: 'radius' });
  }
  return readTriple(options.radius ?? fallback, 'radius', true);
}

/** Validates `mode` (default 'reflect') and `cval` (default 0, finite). */
export function readMode(mode: unknown, cval: unknown): { mode: BoundaryMode; cval: number } {
  const m = mode ?? 'reflect';
  if (typeof m !== 'string' || !Object.hasOwn(BOUNDARY_MODES, m)) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `mode must be one of ${Object.keys(BOUNDARY_MODES).join(', ')}, got ${JSON.stringify(mode)}`, { field: 'mode' });
  }
  const c = cval ?? 0;
  if (typeof c !== 'number' || !Number.isFinite(c)) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `cval must be a finite number, got ${JSON.stringify(cval)}`, { field: 'cval' });
  }
  return { mode: m as BoundaryMode, cval: c };
}

/** Largest window radius accepted (voxels): bounds the padded line buffers and the run time. */
export const MAX_FILTER_RADIUS = 4096;

/** Throws when a radius exceeds {@link MAX_FILTER_RADIUS}. */
export function assertRadiusBound(radius: number, field: string): void {
  if (radius > MAX_FILTER_RADIUS) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `${field} gives a kernel radius of ${radius} voxels; at most ${MAX_FILTER_RADIUS} is supported`, { field });
  }
}

/**
 * Memory layout of the lines along index axis j (1) or k (2) of an nx×ny×nz volume: `n` samples per
 * line, `rowStride` between consecutive samples of a line, `outer` groups of nx adjacent lines
 * (processed together, i fastest) and `outerStride` between groups.
 */
export function axisLayout(axis: 1 | 2, nx: number, ny: number, nz: number): { n: number; outer: number; rowStride: number; outerStride: number } {
  return axis === 1
    ? { n: ny, outer: nz, rowStride: nx, outerStride: nx * ny }
    : { n: nz, outer: ny, rowStride: nx * ny, outerStride: nx };
}
