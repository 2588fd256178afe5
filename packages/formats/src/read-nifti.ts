import { readFile } from 'node:fs/promises';
import { constants as bufferConstants } from 'node:buffer';
import { createVolume, MedlensError, type Diagnostic, type Vec3, type Volume, type VoxelArray, type WithDiagnostics } from '@medlens/core';
import { interleave, typedArrayFromBytes } from './byte-order.js';
import { gunzipCapped, gunzipPrefix, isGzip, maxInflatedLength } from './gzip.js';
import { niftiHeaderToGeometry } from './nifti-geometry.js';
import { NIFTI2_HEADER_SIZE, niftiDatatypeInfo, parseNiftiHeader, type NiftiHeader } from './nifti-header.js';

/** Options of {@link readNifti}. */
export interface ReadNiftiOptions {
  /** File the bytes came from, for error details and diagnostics. */
  path?: string;
}

function at(path: string | undefined, field: string): { path?: string; field: string } {
  return { ...(path !== undefined ? { path } : {}), field };
}

interface Layout {
  size: Vec3;
  /** Components per voxel in the Volume (rgb24 → 3, dim[5] → dim[5]). */
  components: number;
  /** dim[5] > 1: components stored as planes after the spatial data. */
  planarComponents: number;
  voxels: number;
  /** Bytes of voxel data. */
  dataBytes: number;
}

/**
 * Checks dim[] and derives the Volume layout. dim[0] 1–7; axes beyond dim[0] count as 1; dim[4]
 * (time) > 1, dim[6] or dim[7] > 1 are rejected; dim[5] > 1 (NIfTI vector intent) becomes components.
 */
function layoutOf(h: NiftiHeader, bytesPerValue: number, valuesPerVoxel: number, path: string | undefined): Layout {
  const rank = h.dim[0]!;
  if (!Number.isInteger(rank) || rank < 1 || rank > 7) {
    throw new MedlensError('NIFTI_INVALID_HEADER', `dim[0] is ${rank}, must be 1–7`, at(path, 'dim[0]'));
  }
  const dims = [1, 2, 3, 4, 5, 6, 7].map((n) => {
    if (n > rank) return 1;
    const d = h.dim[n]!;
    if (!Number.isInteger(d) || d < 1) throw new MedlensError('NIFTI_INVALID_HEADER', `dim[${n}] is ${d}, must be a positive integer`, at(path, `dim[${n}]`));
    return d;
  });
  const [nx, ny, nz, nt, nc, n6, n7] = dims as [number, number, number, number, number, number, number];
  if (nt > 1) {
    throw new MedlensError('NIFTI_UNSUPPORTED_LAYOUT', `dim[4] is ${nt}: a time series cannot be read as one 3D volume; split it into 3D files first`, at(path, 'dim[4]'));
  }
  if (n6 > 1 || n7 > 1) throw new MedlensError('NIFTI_UNSUPPORTED_LAYOUT', `dim[6]/dim[7] are ${n6}/${n7}; only 3D images with optional vector components (dim[5]) are supported`, at(path, n6 > 1 ? 'dim[6]' : 'dim[7]'));
  if (nc > 1 && valuesPerVoxel > 1) throw new MedlensError('NIFTI_UNSUPPORTED_LAYOUT', `dim[5] is ${nc} with an RGB datatype`, at(path, 'dim[5]'));
  const voxels = nx * ny * nz;
  const components = nc * valuesPerVoxel;
  const dataBytes = voxels * components * bytesPerValue;
  if (!Number.isSafeInteger(dataBytes)) {
    throw new MedlensError('NIFTI_INVALID_HEADER', `dims ${nx}×${ny}×${nz}×${components} overflow: no file can hold that many voxels`, at(path, 'dim'));
  }
  return { size: [nx, ny, nz], components, planarComponents: nc, voxels, dataBytes };
}

/** Applies scl_slope/scl_inter: float32 result (float64 stays float64). */
function applyScaling(raw: VoxelArray, slope: number, inter: number): VoxelArray {
  const out = raw instanceof Float64Array ? new Float64Array(raw.length) : new Float32Array(raw.length);
  for (let n = 0; n < raw.length; n++) out[n] = raw[n]! * slope + inter;
  return out;
}

/**
 * Reads a single-file NIfTI-1 or NIfTI-2 image (`.nii`, or gzip-compressed `.nii.gz` — detected by
 * the gzip magic bytes, not the name), in either byte order, into an LPS {@link Volume}.
 *
 * - Datatypes uint8, int8, int16, uint16, int32, uint32, float32, float64, and rgb24 (3 uint8
 *   components). dim[5] > 1 (vector intent) is read as interleaved components.
 * - scl_slope/scl_inter: when slope ∉ {0, NaN} and (slope ≠ 1 or inter ≠ 0), voxels are
 *   `raw·slope + inter` as float32 (float64 data stays float64); otherwise the raw type is kept.
 *   RGB data is never scaled.
 * - Geometry: sform (sform_code > 0), else qform, else pixdim only (warning), scaled to mm by
 *   xyzt_units, converted RAS → LPS (x and y negated). See {@link niftiHeaderToGeometry}.
 * - `descrip` becomes `meta.seriesDescription`.
 *
 * Declared sizes are checked against the file before any voxel buffer is allocated; a gzip stream is
 * inflated with an output cap derived from the header.
 * @throws MedlensError NIFTI_INVALID_HEADER, NIFTI_UNSUPPORTED_DATATYPE, NIFTI_UNSUPPORTED_LAYOUT,
 *   NIFTI_TRUNCATED, GZIP_FAILED, GEOMETRY_SINGULAR_DIRECTION (all with details.path when given)
 */
export function readNifti(bytes: Uint8Array, options: ReadNiftiOptions = {}): WithDiagnostics<Volume> {
  const { path } = options;
  const diagnostics: Diagnostic[] = [];
  const gz = isGzip(bytes);
  const head = gz ? gunzipPrefix(bytes, NIFTI2_HEADER_SIZE + 4, path) : bytes;
  const h = parseNiftiHeader(head, path);
  const dt = niftiDatatypeInfo(h.datatype, path);
  if (h.bitpix !== dt.bytes * dt.components * 8) {
    diagnostics.push({
      code: 'NIFTI_INVALID_HEADER',
      message: `bitpix is ${h.bitpix} but datatype ${h.datatype} (${dt.name}) has ${dt.bytes * dt.components * 8} bits; using the datatype`,
      severity: 'warning',
      ...(path !== undefined ? { path } : {}),
    });
  }
  const layout = layoutOf(h, dt.bytes, dt.components, path);
  const headerBytes = h.version === 1 ? 348 : 540;
  let voxOffset = h.voxOffset;
  if (voxOffset === 0 && head.length >= headerBytes + 4 && head[headerBytes] === 0) {
    // nibabel treats 0 as "unset": data right after the header and an empty extension flag.
    voxOffset = headerBytes + 4;
    diagnostics.push({ code: 'NIFTI_INVALID_HEADER', message: `vox_offset is 0; data read from byte ${voxOffset}`, severity: 'warning', ...(path !== undefined ? { path } : {}) });
  }
  if (!Number.isInteger(voxOffset) || voxOffset < headerBytes) {
    throw new MedlensError('NIFTI_INVALID_HEADER', `vox_offset is ${h.voxOffset}; a single-file NIfTI-${h.version} needs an integer ≥ ${headerBytes}`, at(path, 'vox_offset'));
  }
  const needed = voxOffset + layout.dataBytes;
  let file = bytes;
  if (gz) {
    if (needed > maxInflatedLength(bytes.length) || needed > bufferConstants.MAX_LENGTH) {
      throw new MedlensError('NIFTI_TRUNCATED', `header declares ${needed} bytes but a ${bytes.length}-byte gzip stream cannot hold that much`, at(path, 'dim'));
    }
    // Extensions lie before vox_offset; allow a little trailing data beyond the voxels.
    file = gunzipCapped(bytes, needed + Math.max(1 << 20, needed / 8), path);
  }
  if (file.length < needed) {
    throw new MedlensError('NIFTI_TRUNCATED', `file holds ${file.length} bytes but vox_offset ${voxOffset} + ${layout.dataBytes} bytes of ${dt.name} ${layout.size.join('×')}${layout.components > 1 ? `×${layout.components}` : ''} need ${needed}`, at(path, 'dim'));
  }
  let data = typedArrayFromBytes(file, voxOffset, layout.voxels * layout.components, dt.voxelType, h.littleEndian);
  if (layout.planarComponents > 1) data = interleave(data, layout.voxels, layout.planarComponents);
  const slope = h.sclSlope;
  if (dt.components === 1 && Number.isFinite(slope) && slope !== 0 && Number.isFinite(h.sclInter) && (slope !== 1 || h.sclInter !== 0)) {
    data = applyScaling(data, slope, h.sclInter);
  }
  const { geometry, diagnostics: geometryDiagnostics } = niftiHeaderToGeometry(h, layout.size, path);
  diagnostics.push(...geometryDiagnostics);
  const volume = createVolume({
    geometry,
    data,
    components: layout.components,
    meta: h.descrip !== '' ? { seriesDescription: h.descrip } : {},
  });
  return { value: volume, diagnostics };
}

/**
 * Reads a `.nii` or `.nii.gz` file (compression detected from the content). See {@link readNifti}.
 * @throws MedlensError INPUT_NOT_FOUND and every code of {@link readNifti}
 */
export async function readNiftiFile(path: string): Promise<WithDiagnostics<Volume>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new MedlensError('INPUT_NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, { path }, { cause: e });
  }
  return readNifti(bytes, { path });
}
