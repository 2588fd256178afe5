import { writeFile } from 'node:fs/promises';
import { geometryToAffine, MedlensError, voxelTypeOf, type Volume, type VoxelType } from '@medlens/core';
import { convertVoxels } from './convert-voxels.js';
import { deinterleave, littleEndianBytes } from './byte-order.js';
import { DEFAULT_COMPRESSION_LEVEL, gzipParts } from './gzip.js';
import { directionToQuaternion, flipDirection, flipRasLps, NIFTI_XFORM } from './nifti-geometry.js';
import { NIFTI_DATATYPES, serializeNiftiHeader, type NiftiDatatype, type NiftiHeader } from './nifti-header.js';

/** Options of {@link writeNifti}. */
export interface WriteNiftiOptions {
  /** 1 (NIfTI-1, 352-byte prefix, float32 geometry) or 2 (NIfTI-2, 544 bytes, float64). Default 1. */
  version?: 1 | 2;
  /** gzip the whole file (`.nii.gz`). Default false. */
  gzip?: boolean;
  /** gzip level 0–9. Default {@link DEFAULT_COMPRESSION_LEVEL}. */
  compressionLevel?: number;
  /**
   * Stored datatype. Default: the volume's voxel type. Converting to an integer type rounds and
   * throws when a value does not fit. `rgb24` needs a uint8 volume with 3 components.
   */
  datatype?: NiftiDatatype;
  /** `descrip` (≤ 79 bytes). Default: `meta.seriesDescription`. */
  description?: string;
  /** qform_code and sform_code: 1 scanner-anatomical (default) or 2 aligned-anatomical. */
  xformCode?: 1 | 2;
}

/** NIFTI_INTENT_VECTOR: dim[5] holds vector components. */
const INTENT_VECTOR = 1007;
/** xyzt_units: NIFTI_UNITS_MM. */
const UNITS_MM = 2;

function datatypeCode(name: NiftiDatatype): number {
  const entry = Object.entries(NIFTI_DATATYPES).find(([, info]) => info.name === name);
  if (entry === undefined) throw new MedlensError('USAGE_INVALID_ARGUMENT', `unknown NIfTI datatype "${name}"`, { field: 'datatype' });
  return Number(entry[0]);
}

/**
 * Encodes a {@link Volume} as a single-file NIfTI-1 or NIfTI-2 image (little-endian).
 *
 * The LPS geometry is converted to RAS and stored twice: as sform (srow_x/y/z) and as qform
 * (quaternion, qfac in pixdim[0], qoffset), both with code `xformCode`; pixdim[1..3] = spacing,
 * xyzt_units = mm, vox_offset 352 (v1) / 544 (v2), magic `n+1` / `n+2`, scl_slope 1, scl_inter 0.
 * Multi-component volumes are written as dim[5] = components with NIFTI_INTENT_VECTOR (planar), or as
 * rgb24 when asked. The voxel data is copied once (into the output or the gzip input); the input
 * volume is never modified.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (datatype, compressionLevel, version, xformCode)
 */
export function writeNifti(volume: Volume, options: WriteNiftiOptions = {}): Uint8Array {
  const version = options.version ?? 1;
  if (version !== 1 && version !== 2) throw new MedlensError('USAGE_INVALID_ARGUMENT', `NIfTI version must be 1 or 2, got ${String(version)}`, { field: 'version' });
  const xformCode = options.xformCode ?? NIFTI_XFORM.SCANNER_ANAT;
  if (xformCode !== 1 && xformCode !== 2) throw new MedlensError('USAGE_INVALID_ARGUMENT', `xformCode must be 1 or 2, got ${String(xformCode)}`, { field: 'xformCode' });
  const { geometry, components } = volume;
  const datatype = options.datatype ?? voxelTypeOf(volume.data);
  const code = datatypeCode(datatype);
  const info = NIFTI_DATATYPES[code as keyof typeof NIFTI_DATATYPES];
  let data = volume.data;
  let vectorComponents = components;
  if (datatype === 'rgb24') {
    if (components !== 3 || voxelTypeOf(data) !== 'uint8') {
      throw new MedlensError('USAGE_INVALID_ARGUMENT', `rgb24 needs a uint8 volume with 3 components, got ${voxelTypeOf(data)} × ${components}`, { field: 'datatype' });
    }
    vectorComponents = 1;
  } else {
    data = convertVoxels(data, datatype as VoxelType);
    if (components > 1) data = deinterleave(data, data.length / components, components);
  }

  const rasAffine = flipRasLps(geometryToAffine(geometry));
  const { quatern, qfac } = directionToQuaternion(flipDirection(geometry.direction));
  const [sx, sy, sz] = geometry.spacing;
  const [nx, ny, nz] = geometry.size;
  const dim = vectorComponents > 1 ? [5, nx, ny, nz, 1, vectorComponents, 1, 1] : [3, nx, ny, nz, 1, 1, 1, 1];
  const header: NiftiHeader = {
    version,
    littleEndian: true,
    dim,
    datatype: code,
    bitpix: info.bytes * info.components * 8,
    pixdim: [qfac, sx, sy, sz, 1, 1, 1, 1],
    voxOffset: version === 1 ? 352 : 544,
    sclSlope: 1,
    sclInter: 0,
    xyztUnits: UNITS_MM,
    intentCode: vectorComponents > 1 ? INTENT_VECTOR : 0,
    descrip: options.description ?? volume.meta.seriesDescription ?? '',
    qformCode: xformCode,
    sformCode: xformCode,
    quatern,
    qoffset: [rasAffine[0]![3]!, rasAffine[1]![3]!, rasAffine[2]![3]!],
    srow: [rasAffine[0]!, rasAffine[1]!, rasAffine[2]!],
  };
  const parts = [serializeNiftiHeader(header), littleEndianBytes(data)];
  if (options.gzip === true) return gzipParts(parts, options.compressionLevel ?? DEFAULT_COMPRESSION_LEVEL);
  return Buffer.concat(parts);
}

/**
 * Writes a `.nii` or `.nii.gz` file; the extension chooses gzip. See {@link writeNifti}.
 * @throws MedlensError OUTPUT_UNSUPPORTED_FORMAT (other extension) and every code of {@link writeNifti}
 */
export async function writeNiftiFile(path: string, volume: Volume, options: Omit<WriteNiftiOptions, 'gzip'> = {}): Promise<void> {
  const lower = path.toLowerCase();
  const gzip = lower.endsWith('.nii.gz');
  if (!gzip && !lower.endsWith('.nii')) {
    throw new MedlensError('OUTPUT_UNSUPPORTED_FORMAT', `NIfTI output must end in .nii or .nii.gz: ${path}`, { path });
  }
  await writeFile(path, writeNifti(volume, { ...options, gzip }));
}
