// Internal helpers shared by the geometry kernels (not exported from the package barrel).
import { createVolume, MedlensError, type Vec3, type Volume, type VolumeGeometry, type VolumeMeta, type VoxelArray } from '@medlens/core';

/** Throws USAGE_INVALID_ARGUMENT naming `field`. */
export function invalidArgument(field: string, message: string): never {
  throw new MedlensError('USAGE_INVALID_ARGUMENT', `${field}: ${message}`, { field });
}

/** Validates a triple of integers ≥ `min`. */
export function readIntTriple(value: unknown, field: string, min: number): Vec3 {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= min)) {
    invalidArgument(field, `expected three integers ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return [value[0] as number, value[1] as number, value[2] as number];
}

/** Validates a triple of finite positive numbers. */
export function readPositiveTriple(value: unknown, field: string): Vec3 {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0)) {
    invalidArgument(field, `expected three finite numbers > 0, got ${JSON.stringify(value)}`);
  }
  return [value[0] as number, value[1] as number, value[2] as number];
}

/** Validates a string option against allowed values. */
export function readChoice<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalidArgument(field, `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** Rejects anything that is not a Volume-shaped object with a known voxel array. */
export function assertVolume(volume: unknown, field = 'volume'): asserts volume is Volume {
  const v = volume as Partial<Volume> | null;
  if (v === null || typeof v !== 'object' || !ArrayBuffer.isView(v.data) || v.geometry === undefined) {
    invalidArgument(field, 'expected a Volume (see createVolume)');
  }
}

/** Rejects multi-component volumes for kernels defined on scalar images. */
export function requireScalar(volume: Volume, field = 'components'): void {
  if (volume.components !== 1) invalidArgument(field, `this kernel needs a single-component volume, got ${volume.components} components`);
}

/** True for integer voxel arrays. */
export function isIntegerArray(data: VoxelArray): boolean {
  return !(data instanceof Float32Array || data instanceof Float64Array);
}

/** Throws unless `value` is exactly representable in the element type of `data`. */
export function assertRepresentable(data: VoxelArray, value: number, field: string): void {
  if (typeof value !== 'number') invalidArgument(field, `expected a number, got ${JSON.stringify(value)}`);
  if (data instanceof Float32Array || data instanceof Float64Array) return;
  const probe = allocateLike(data, 1);
  probe[0] = value;
  if (probe[0] !== value) invalidArgument(field, `${value} cannot be stored in a ${data.constructor.name}`);
}

/** New array of the same element type as `like`. */
export function allocateLike<T extends VoxelArray>(like: T, length: number): T {
  return new (like.constructor as new (n: number) => T)(length);
}

/**
 * Metadata for a result on a new grid: per-slice SOP Instance UIDs no longer describe the slices,
 * so they are dropped; `units` overrides when given.
 */
export function spatialMeta(meta: VolumeMeta, units?: string): VolumeMeta {
  const { sourceSopInstanceUids: _dropped, ...rest } = meta;
  return units === undefined ? rest : { ...rest, units };
}

/**
 * Builds the result volume; when the input carried a segment table (a LabelMap) and the output keeps
 * the label values, the table is kept.
 */
export function buildResult<T extends VoxelArray>(
  input: Volume,
  geometry: VolumeGeometry,
  data: T,
  options: { meta?: VolumeMeta; keepSegments?: boolean } = {},
): Volume<T> {
  const volume = createVolume({ geometry, data, components: input.components, meta: options.meta ?? spatialMeta(input.meta) });
  const segments = (input as { segments?: unknown }).segments;
  if (options.keepSegments !== false && Array.isArray(segments) && (data instanceof Uint8Array || data instanceof Uint16Array)) {
    return Object.freeze({ ...volume, segments: Object.freeze([...segments]) });
  }
  return volume;
}
