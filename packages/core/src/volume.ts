import { createGeometry, voxelCount, type VolumeGeometry } from './geometry.js';
import { MedlensError } from './medlens-error.js';

/** Typed arrays a volume may hold. */
export type VoxelArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/** Voxel data type names, as in {@link VoxelArray}. */
export const VOXEL_TYPES = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;
export type VoxelType = keyof typeof VOXEL_TYPES;

/** Physical units of voxel values. */
export const VOXEL_UNITS = {
  HU: 'HU',
  SUVbw: 'SUVbw',
  BQML: 'BQML',
  US: 'US',
  LABEL: 'label',
  UNKNOWN: 'unknown',
} as const;
export type VoxelUnits = (typeof VOXEL_UNITS)[keyof typeof VOXEL_UNITS] | (string & {});

/** Typed metadata of a volume. */
export interface VolumeMeta {
  /** DICOM Modality (0008,0060), e.g. 'CT'. */
  readonly modality?: string;
  readonly units?: VoxelUnits;
  readonly studyInstanceUid?: string;
  readonly seriesInstanceUid?: string;
  readonly seriesDescription?: string;
  readonly patientId?: string;
  /** SOP Instance UIDs of the source slices, in k order. */
  readonly sourceSopInstanceUids?: readonly string[];
  /** Default display window, from WindowCenter/WindowWidth. */
  readonly window?: { readonly center: number; readonly width: number };
}

/**
 * An immutable image on a grid in LPS patient space. `data` has `voxelCount · components` entries,
 * i fastest, components interleaved per voxel. Kernels never write into `data`.
 */
export interface Volume<T extends VoxelArray = VoxelArray> {
  readonly geometry: VolumeGeometry;
  readonly data: T;
  readonly components: number;
  readonly meta: VolumeMeta;
}

/**
 * Validates and creates a {@link Volume}. The object is frozen; `data` is not copied (typed arrays
 * cannot be frozen: callers hand over ownership).
 * @throws MedlensError VOLUME_DATA_LENGTH, GEOMETRY_INVALID, GEOMETRY_SINGULAR_DIRECTION
 */
export function createVolume<T extends VoxelArray>(input: {
  geometry: VolumeGeometry;
  data: T;
  components?: number;
  meta?: VolumeMeta;
}): Volume<T> {
  const geometry = createGeometry(input.geometry);
  const components = input.components ?? 1;
  if (!Number.isInteger(components) || components < 1) {
    throw new MedlensError('VOLUME_DATA_LENGTH', `components must be a positive integer, got ${components}`, { field: 'components' });
  }
  const expected = voxelCount(geometry) * components;
  if (input.data.length !== expected) {
    throw new MedlensError(
      'VOLUME_DATA_LENGTH',
      `voxel array has ${input.data.length} values but size ${geometry.size.join('×')} × ${components} component(s) needs ${expected}`,
      { field: 'data' },
    );
  }
  return Object.freeze({ geometry, data: input.data, components, meta: Object.freeze({ ...(input.meta ?? {}) }) });
}

/** The voxel type name of a typed array. */
export function voxelTypeOf(data: VoxelArray): VoxelType {
  for (const [name, ctor] of Object.entries(VOXEL_TYPES)) {
    if (data instanceof ctor) return name as VoxelType;
  }
  throw new MedlensError('VOLUME_DATA_LENGTH', 'unsupported voxel array type', { field: 'data' });
}

/** Linear offset of voxel (i, j, k) for a single-component volume. */
export function voxelOffset(geometry: VolumeGeometry, i: number, j: number, k: number): number {
  return i + geometry.size[0] * (j + geometry.size[1] * k);
}

/** Minimum and maximum of the voxel values (NaN ignored). */
export function computeRange(data: VoxelArray): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let n = 0; n < data.length; n++) {
    const v = data[n]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
