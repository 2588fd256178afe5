import { MedlensError, type VoxelType } from '@medlens/core';

/** NIfTI datatype codes Medlens reads and writes (nifti1.h), with the voxel type they map to. */
export const NIFTI_DATATYPES = {
  2: { name: 'uint8', voxelType: 'uint8', bytes: 1, components: 1 },
  4: { name: 'int16', voxelType: 'int16', bytes: 2, components: 1 },
  8: { name: 'int32', voxelType: 'int32', bytes: 4, components: 1 },
  16: { name: 'float32', voxelType: 'float32', bytes: 4, components: 1 },
  64: { name: 'float64', voxelType: 'float64', bytes: 8, components: 1 },
  128: { name: 'rgb24', voxelType: 'uint8', bytes: 1, components: 3 },
  256: { name: 'int8', voxelType: 'int8', bytes: 1, components: 1 },
  512: { name: 'uint16', voxelType: 'uint16', bytes: 2, components: 1 },
  768: { name: 'uint32', voxelType: 'uint32', bytes: 4, components: 1 },
} as const satisfies Record<number, { name: string; voxelType: VoxelType; bytes: number; components: number }>;

/** A NIfTI datatype name: a voxel type, or `rgb24` (3 uint8 components per voxel). */
export type NiftiDatatype = (typeof NIFTI_DATATYPES)[keyof typeof NIFTI_DATATYPES]['name'];

/** Datatype codes that exist in nifti1.h but that Medlens does not read (for clear messages). */
const KNOWN_UNSUPPORTED: Readonly<Record<number, string>> = {
  1: 'binary (1 bit)',
  32: 'complex64',
  1024: 'int64',
  1280: 'uint64',
  1536: 'float128',
  1792: 'complex128',
  2048: 'complex256',
  2304: 'rgba32',
};

/** Size in bytes of the NIfTI-1 / NIfTI-2 header (sizeof_hdr). */
export const NIFTI1_HEADER_SIZE = 348;
export const NIFTI2_HEADER_SIZE = 540;
/** NIfTI-2 magic: "n+2\0" followed by the \r\n\032\n corruption check. */
const NIFTI2_MAGIC = [0x6e, 0x2b, 0x32, 0x00, 0x0d, 0x0a, 0x1a, 0x0a];

/** The header fields Medlens uses, version-independent (NIfTI-1 floats widened to numbers). */
export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  /** dim[0..7]. */
  dim: number[];
  datatype: number;
  bitpix: number;
  /** pixdim[0..7]; pixdim[0] is qfac. */
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  xyztUnits: number;
  intentCode: number;
  descrip: string;
  qformCode: number;
  sformCode: number;
  /** quatern_b, quatern_c, quatern_d. */
  quatern: [number, number, number];
  /** qoffset_x, qoffset_y, qoffset_z (RAS, in xyzt spatial units). */
  qoffset: [number, number, number];
  /** srow_x, srow_y, srow_z (RAS, in xyzt spatial units). */
  srow: [number[], number[], number[]];
}

function where(path: string | undefined, field: string): { path?: string; field: string } {
  return { ...(path !== undefined ? { path } : {}), field };
}

function cString(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return new TextDecoder('latin1').decode(bytes.subarray(start, end)).trim();
}

/**
 * Decodes the NIfTI-1 or NIfTI-2 header at the start of `bytes` (byte order detected from
 * sizeof_hdr). Only the header layout is checked here; dims and datatype are checked by the reader.
 * @throws MedlensError NIFTI_TRUNCATED (fewer bytes than a header), NIFTI_INVALID_HEADER (sizeof_hdr, magic)
 */
export function parseNiftiHeader(bytes: Uint8Array, path?: string): NiftiHeader {
  if (bytes.length < 4) throw new MedlensError('NIFTI_TRUNCATED', `file has ${bytes.length} bytes, too short for a NIfTI header`, where(path, 'sizeof_hdr'));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let littleEndian = true;
  let size = view.getInt32(0, true);
  if (size !== NIFTI1_HEADER_SIZE && size !== NIFTI2_HEADER_SIZE) {
    size = view.getInt32(0, false);
    littleEndian = false;
  }
  if (size !== NIFTI1_HEADER_SIZE && size !== NIFTI2_HEADER_SIZE) {
    throw new MedlensError('NIFTI_INVALID_HEADER', `sizeof_hdr is ${view.getInt32(0, true)}, expected 348 (NIfTI-1) or 540 (NIfTI-2): not a NIfTI file`, where(path, 'sizeof_hdr'));
  }
  if (bytes.length < size) {
    throw new MedlensError('NIFTI_TRUNCATED', `file has ${bytes.length} bytes but the NIfTI-${size === 348 ? 1 : 2} header alone needs ${size}`, where(path, 'sizeof_hdr'));
  }
  return size === NIFTI1_HEADER_SIZE ? parseV1(bytes, view, littleEndian, path) : parseV2(bytes, view, littleEndian, path);
}

function parseV1(bytes: Uint8Array, view: DataView, le: boolean, path: string | undefined): NiftiHeader {
  const magic = cString(bytes, 344, 4);
  if (magic !== 'n+1') {
    const what = magic === 'ni1' ? 'a .hdr/.img pair (magic "ni1"); only single-file .nii is supported' : `magic is "${magic}", expected "n+1" (Analyze 7.5 is not supported)`;
    throw new MedlensError('NIFTI_INVALID_HEADER', `NIfTI-1 header: ${what}`, where(path, 'magic'));
  }
  const f32 = (o: number): number => view.getFloat32(o, le);
  const i16 = (o: number): number => view.getInt16(o, le);
  return {
    version: 1,
    littleEndian: le,
    dim: Array.from({ length: 8 }, (_, n) => i16(40 + 2 * n)),
    datatype: i16(70),
    bitpix: i16(72),
    pixdim: Array.from({ length: 8 }, (_, n) => f32(76 + 4 * n)),
    voxOffset: f32(108),
    sclSlope: f32(112),
    sclInter: f32(116),
    xyztUnits: bytes[123]!,
    intentCode: i16(68),
    descrip: cString(bytes, 148, 80),
    qformCode: i16(252),
    sformCode: i16(254),
    quatern: [f32(256), f32(260), f32(264)],
    qoffset: [f32(268), f32(272), f32(276)],
    srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f32(280 + 16 * r + 4 * c))) as NiftiHeader['srow'],
  };
}

function parseV2(bytes: Uint8Array, view: DataView, le: boolean, path: string | undefined): NiftiHeader {
  if (!NIFTI2_MAGIC.every((b, n) => bytes[4 + n] === b)) {
    throw new MedlensError('NIFTI_INVALID_HEADER', `NIfTI-2 header: magic is "${cString(bytes, 4, 4)}", expected "n+2" + \\r\\n\\032\\n (single file; a corrupted magic means a text-mode transfer)`, where(path, 'magic'));
  }
  const f64 = (o: number): number => view.getFloat64(o, le);
  const i32 = (o: number): number => view.getInt32(o, le);
  const i64 = (o: number, field: string): number => {
    const v = view.getBigInt64(o, le);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new MedlensError('NIFTI_INVALID_HEADER', `${field} is ${v}, beyond any file Medlens can read`, where(path, field));
    }
    return Number(v);
  };
  return {
    version: 2,
    littleEndian: le,
    dim: Array.from({ length: 8 }, (_, n) => i64(16 + 8 * n, `dim[${n}]`)),
    datatype: view.getInt16(12, le),
    bitpix: view.getInt16(14, le),
    pixdim: Array.from({ length: 8 }, (_, n) => f64(104 + 8 * n)),
    voxOffset: i64(168, 'vox_offset'),
    sclSlope: f64(176),
    sclInter: f64(184),
    xyztUnits: i32(500),
    intentCode: i32(504),
    descrip: cString(bytes, 240, 80),
    qformCode: i32(344),
    sformCode: i32(348),
    quatern: [f64(352), f64(360), f64(368)],
    qoffset: [f64(376), f64(384), f64(392)],
    srow: [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => f64(400 + 32 * r + 8 * c))) as NiftiHeader['srow'],
  };
}

/**
 * The datatype entry for a header's datatype code.
 * @throws MedlensError NIFTI_UNSUPPORTED_DATATYPE
 */
export function niftiDatatypeInfo(code: number, path?: string): (typeof NIFTI_DATATYPES)[keyof typeof NIFTI_DATATYPES] {
  const info = (NIFTI_DATATYPES as Record<number, (typeof NIFTI_DATATYPES)[keyof typeof NIFTI_DATATYPES]>)[code];
  if (info !== undefined) return info;
  const known = KNOWN_UNSUPPORTED[code];
  throw new MedlensError(
    'NIFTI_UNSUPPORTED_DATATYPE',
    known !== undefined
      ? `datatype ${code} (${known}) is not supported; convert to one of uint8, int8, int16, uint16, int32, uint32, float32, float64, rgb24`
      : `datatype ${code} is not a NIfTI datatype code`,
    where(path, 'datatype'),
  );
}

/**
 * Encodes a NIfTI-1 (352 bytes) or NIfTI-2 (544 bytes) header in the byte order `h.littleEndian`,
 * including the 4-byte extension flag (all zero: no extensions), so voxel data starts right after it.
 */
export function serializeNiftiHeader(h: NiftiHeader): Uint8Array {
  const v1 = h.version === 1;
  const le = h.littleEndian;
  const out = new Uint8Array(v1 ? 352 : 544);
  const view = new DataView(out.buffer);
  const text = (o: number, s: string, max: number): void => {
    const enc = new TextEncoder().encode(s).subarray(0, max - 1);
    out.set(enc, o);
  };
  if (v1) {
    const f32 = (o: number, x: number): void => view.setFloat32(o, x, le);
    const i16 = (o: number, x: number): void => view.setInt16(o, x, le);
    view.setInt32(0, 348, le);
    out[38] = 0x72; // regular = 'r'
    h.dim.forEach((d, n) => i16(40 + 2 * n, d));
    i16(68, h.intentCode);
    i16(70, h.datatype);
    i16(72, h.bitpix);
    h.pixdim.forEach((p, n) => f32(76 + 4 * n, p));
    f32(108, h.voxOffset);
    f32(112, h.sclSlope);
    f32(116, h.sclInter);
    out[123] = h.xyztUnits;
    text(148, h.descrip, 80);
    i16(252, h.qformCode);
    i16(254, h.sformCode);
    h.quatern.forEach((q, n) => f32(256 + 4 * n, q));
    h.qoffset.forEach((q, n) => f32(268 + 4 * n, q));
    h.srow.forEach((row, r) => row.forEach((x, c) => f32(280 + 16 * r + 4 * c, x)));
    text(344, 'n+1', 4);
  } else {
    const f64 = (o: number, x: number): void => view.setFloat64(o, x, le);
    const i64 = (o: number, x: number): void => view.setBigInt64(o, BigInt(x), le);
    view.setInt32(0, 540, le);
    out.set(NIFTI2_MAGIC, 4);
    view.setInt16(12, h.datatype, le);
    view.setInt16(14, h.bitpix, le);
    h.dim.forEach((d, n) => i64(16 + 8 * n, d));
    h.pixdim.forEach((p, n) => f64(104 + 8 * n, p));
    i64(168, h.voxOffset);
    f64(176, h.sclSlope);
    f64(184, h.sclInter);
    text(240, h.descrip, 80);
    view.setInt32(344, h.qformCode, le);
    view.setInt32(348, h.sformCode, le);
    h.quatern.forEach((q, n) => f64(352 + 8 * n, q));
    h.qoffset.forEach((q, n) => f64(376 + 8 * n, q));
    h.srow.forEach((row, r) => row.forEach((x, c) => f64(400 + 32 * r + 8 * c, x)));
    view.setInt32(500, h.xyztUnits, le);
    view.setInt32(504, h.intentCode, le);
  }
  return out;
}
