import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createVolume, MedlensError, type Diagnostic, type Volume, type VoxelArray, type WithDiagnostics } from '@medlens/core';
import { HOST_LITTLE_ENDIAN, swapBytesInPlace, typedArrayFromBytes } from './byte-order.js';
import { gunzipCapped, maxInflatedLength } from './gzip.js';
import { nrrdHeaderToGeometry } from './nrrd-geometry.js';
import { NRRD_TYPE_BYTES, nrrdType, parseNrrdHeader, parseNrrdSizes, splitNrrdVectors, type NrrdHeader, type NrrdType } from './nrrd-header.js';

/** Options of {@link readNrrd}. */
export interface ReadNrrdOptions {
  /** File the bytes came from: error details, and the folder a detached `data file` is relative to. */
  path?: string;
}

/** Axis kinds that are positions in space (NRRD spec "kinds"); any other kind on axis 0 means components. */
const SPATIAL_KINDS = new Set(['domain', 'space', '???', 'none']);

function at(path: string | undefined, field: string): { path?: string; field: string } {
  return { ...(path !== undefined ? { path } : {}), field };
}

/** Which NRRD axes are spatial, and whether axis 0 holds components. */
function splitAxes(header: NrrdHeader, sizes: number[], path: string | undefined): { spatialAxes: number[]; componentAxis: boolean } {
  const kinds = header.fields.get('kinds')?.trim().split(/\s+/).map((k) => k.toLowerCase());
  if (kinds !== undefined && kinds.length !== sizes.length) {
    throw new MedlensError('NRRD_INVALID_HEADER', `kinds lists ${kinds.length} axes, dimension is ${sizes.length}`, at(path, 'kinds'));
  }
  const directions = header.fields.get('space directions');
  const firstDirectionNone = directions !== undefined && splitNrrdVectors(directions)[0] === 'none';
  const componentAxis = sizes.length >= 3 && ((kinds !== undefined && !SPATIAL_KINDS.has(kinds[0]!)) || firstDirectionNone);
  const spatialAxes = sizes.map((_, n) => n).slice(componentAxis ? 1 : 0);
  if (spatialAxes.length < 2 || spatialAxes.length > 3) {
    throw new MedlensError('NRRD_UNSUPPORTED', `${spatialAxes.length} spatial axes (dimension ${sizes.length}); only 2D/3D images with an optional leading component axis are supported`, at(path, 'dimension'));
  }
  for (const axis of spatialAxes) {
    const kind = kinds?.[axis];
    if (kind !== undefined && !SPATIAL_KINDS.has(kind)) {
      throw new MedlensError('NRRD_UNSUPPORTED', `axis ${axis} has kind "${kind}"; only the first axis may hold components (time series are not supported)`, at(path, 'kinds'));
    }
  }
  return { spatialAxes, componentAxis };
}

/** The bytes that hold the encoded data: attached after the header, or the detached `data file`. */
function dataSource(header: NrrdHeader, bytes: Uint8Array, path: string | undefined): { source: Uint8Array; start: number; sourcePath?: string } {
  const dataFile = header.fields.get('data file') ?? header.fields.get('datafile');
  if (dataFile === undefined) return { source: bytes, start: header.dataOffset };
  if (/^LIST(\s|$)/.test(dataFile) || /%/.test(dataFile) || header.dataFileList.length > 0) {
    throw new MedlensError('NRRD_UNSUPPORTED', `data file "${dataFile}": lists and numbered file patterns are not supported, only a single data file`, at(path, 'data file'));
  }
  if (path === undefined && !isAbsolute(dataFile)) {
    throw new MedlensError('NRRD_UNSUPPORTED', `detached data file "${dataFile}" is relative; pass options.path (or use readNrrdFile)`, { field: 'data file' });
  }
  const sourcePath = path === undefined ? dataFile : resolve(dirname(path), dataFile);
  try {
    return { source: readFileSync(sourcePath), start: 0, sourcePath };
  } catch (e) {
    throw new MedlensError('INPUT_NOT_FOUND', `detached data file ${sourcePath} cannot be read: ${(e as Error).message}`, { path: sourcePath, field: 'data file' }, { cause: e });
  }
}

function skipLines(source: Uint8Array, start: number, lines: number, path: string | undefined): number {
  let p = start;
  for (let n = 0; n < lines; n++) {
    const nl = source.indexOf(0x0a, p);
    if (nl < 0) throw new MedlensError('NRRD_TRUNCATED', `line skip ${lines} passes the end of the data`, at(path, 'line skip'));
    p = nl + 1;
  }
  return p;
}

function integerField(header: NrrdHeader, name: string, min: number, path: string | undefined): number {
  const raw = header.fields.get(name);
  if (raw === undefined) return 0;
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || v < min) throw new MedlensError('NRRD_INVALID_HEADER', `${name} "${raw}" must be an integer ≥ ${min}`, at(path, name));
  return v;
}

function parseAscii(source: Uint8Array, start: number, count: number, type: NrrdType, path: string | undefined): VoxelArray {
  // Each value needs a digit and a separator: refuse before allocating when the text cannot hold them.
  if (source.length - start < 2 * count - 1) {
    throw new MedlensError('NRRD_TRUNCATED', `ascii data has ${source.length - start} bytes, too few for ${count} values`, at(path, 'sizes'));
  }
  const tokens = new TextDecoder('latin1').decode(source.subarray(start)).split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.length < count) throw new MedlensError('NRRD_TRUNCATED', `ascii data has ${tokens.length} values, sizes need ${count}`, at(path, 'sizes'));
  const out = type === 'int64' || type === 'uint64' ? new Float64Array(count) : new (voxelCtor(type))(count);
  for (let n = 0; n < count; n++) {
    const v = Number(tokens[n]);
    if (!Number.isFinite(v)) throw new MedlensError('NRRD_INVALID_HEADER', `ascii value ${n} "${tokens[n]}" is not a number`, at(path, 'data'));
    out[n] = v;
  }
  return out;
}

function voxelCtor(type: Exclude<NrrdType, 'int64' | 'uint64'>): new (n: number) => VoxelArray {
  return { int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array }[type];
}

function decodeBinary(data: Uint8Array, start: number, count: number, type: NrrdType, littleEndian: boolean, diagnostics: Diagnostic[], path: string | undefined): VoxelArray {
  if (type !== 'int64' && type !== 'uint64') return typedArrayFromBytes(data, start, count, type, littleEndian);
  const copy = new Uint8Array(count * 8);
  copy.set(data.subarray(start, start + count * 8));
  if (littleEndian !== HOST_LITTLE_ENDIAN) swapBytesInPlace(copy, 8);
  const big = type === 'int64' ? new BigInt64Array(copy.buffer) : new BigUint64Array(copy.buffer);
  const out = new Float64Array(count);
  let inexact = false;
  for (let n = 0; n < count; n++) {
    out[n] = Number(big[n]!);
    if (!Number.isSafeInteger(out[n]!)) inexact = true;
  }
  diagnostics.push({
    code: 'NRRD_UNSUPPORTED',
    message: `${type} data read as float64${inexact ? '; some values exceed 2^53 and were rounded' : ''}`,
    severity: 'warning',
    ...(path !== undefined ? { path } : {}),
  });
  return out;
}

/**
 * Reads an NRRD image (NRRD0001–0005; attached header, or detached with a single `data file`) into
 * an LPS {@link Volume}.
 *
 * - Encodings raw, gzip (gz) and ascii (text, txt); `endian` little/big; `byte skip` (−1 for raw
 *   data at the end of the file) and `line skip`.
 * - Types int8…uint32, float, double; int64/uint64 become float64 (warning).
 * - Axes: 2 or 3 spatial axes, plus an optional leading component axis (kind vector, RGB-color,
 *   list…, or a `none` space direction) that becomes interleaved `components`.
 * - `space` LPS/RAS/LAS (and scanner-xyz, 3D-right-handed taken as LPS) converted to LPS; see
 *   {@link nrrdHeaderToGeometry}. `content` becomes `meta.seriesDescription`.
 * @throws MedlensError NRRD_INVALID_HEADER, NRRD_UNSUPPORTED, NRRD_TRUNCATED, GZIP_FAILED,
 *   INPUT_NOT_FOUND (detached data file), GEOMETRY_SINGULAR_DIRECTION
 */
export function readNrrd(bytes: Uint8Array, options: ReadNrrdOptions = {}): WithDiagnostics<Volume> {
  const { path } = options;
  const diagnostics: Diagnostic[] = [];
  const header = parseNrrdHeader(bytes, path);
  const f = header.fields;
  for (const required of ['type', 'dimension', 'sizes', 'encoding']) {
    if (!f.has(required)) throw new MedlensError('NRRD_INVALID_HEADER', `required field "${required}" is missing`, at(path, required));
  }
  const type = nrrdType(f.get('type')!, path);
  const dimension = Number(f.get('dimension'));
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 16) {
    throw new MedlensError('NRRD_INVALID_HEADER', `dimension "${f.get('dimension')}" must be an integer 1–16`, at(path, 'dimension'));
  }
  const sizes = parseNrrdSizes(f.get('sizes'), dimension, path);
  const { spatialAxes, componentAxis } = splitAxes(header, sizes, path);
  const components = componentAxis ? sizes[0]! : 1;
  const count = sizes.reduce((a, b) => a * b, 1);
  const width = NRRD_TYPE_BYTES[type];
  if (!Number.isSafeInteger(count * width)) throw new MedlensError('NRRD_INVALID_HEADER', `sizes ${sizes.join(' ')} overflow`, at(path, 'sizes'));
  const dataBytes = count * width;

  const encoding = f.get('encoding')!.toLowerCase();
  let littleEndian = true;
  const endian = f.get('endian')?.toLowerCase();
  if (endian === 'big') littleEndian = false;
  else if (endian !== undefined && endian !== 'little') throw new MedlensError('NRRD_INVALID_HEADER', `endian "${endian}" must be little or big`, at(path, 'endian'));
  else if (endian === undefined && width > 1 && encoding !== 'ascii' && encoding !== 'text' && encoding !== 'txt') {
    diagnostics.push({ code: 'NRRD_INVALID_HEADER', message: 'endian is missing for multi-byte data; assuming little', severity: 'warning', ...(path !== undefined ? { path } : {}) });
  }

  const { source, start: sourceStart, sourcePath } = dataSource(header, bytes, path);
  const dataPath = sourcePath ?? path;
  const start = skipLines(source, sourceStart, integerField(header, 'line skip', 0, path), dataPath);
  const byteSkip = integerField(header, 'byte skip', -1, path);
  let data: VoxelArray;
  if (encoding === 'raw') {
    const offset = byteSkip === -1 ? source.length - dataBytes : start + byteSkip;
    if (offset < start || offset + dataBytes > source.length) {
      throw new MedlensError('NRRD_TRUNCATED', `raw data needs ${dataBytes} bytes (${sizes.join('×')} ${type}) but ${Math.max(0, source.length - start - Math.max(byteSkip, 0))} are there`, at(dataPath, 'sizes'));
    }
    data = decodeBinary(source, offset, count, type, littleEndian, diagnostics, dataPath);
  } else if (encoding === 'gzip' || encoding === 'gz') {
    if (byteSkip < 0) throw new MedlensError('NRRD_UNSUPPORTED', 'byte skip -1 is only defined for raw encoding', at(path, 'byte skip'));
    const compressed = source.subarray(start);
    const needed = byteSkip + dataBytes;
    if (needed > maxInflatedLength(compressed.length)) {
      throw new MedlensError('NRRD_TRUNCATED', `sizes declare ${dataBytes} bytes but ${compressed.length} gzip bytes cannot hold that much`, at(dataPath, 'sizes'));
    }
    const inflated = gunzipCapped(compressed, needed + Math.max(1 << 20, needed / 8), dataPath);
    if (inflated.length < needed) {
      throw new MedlensError('NRRD_TRUNCATED', `gzip data inflates to ${inflated.length} bytes; byte skip + sizes need ${needed}`, at(dataPath, 'sizes'));
    }
    data = decodeBinary(inflated, byteSkip, count, type, littleEndian, diagnostics, dataPath);
  } else if (encoding === 'ascii' || encoding === 'text' || encoding === 'txt') {
    data = parseAscii(source, start, count, type, dataPath);
  } else {
    throw new MedlensError('NRRD_UNSUPPORTED', `encoding "${encoding}" is not supported (raw, gzip, ascii)`, at(path, 'encoding'));
  }

  const { geometry, diagnostics: geometryDiagnostics } = nrrdHeaderToGeometry(header, sizes, spatialAxes, path);
  diagnostics.push(...geometryDiagnostics);
  const content = f.get('content');
  const volume = createVolume({ geometry, data, components, meta: content !== undefined && content !== '' ? { seriesDescription: content } : {} });
  return { value: volume, diagnostics };
}

/**
 * Reads a `.nrrd` or `.nhdr` (+ data file) from disk. See {@link readNrrd}.
 * @throws MedlensError INPUT_NOT_FOUND and every code of {@link readNrrd}
 */
export async function readNrrdFile(path: string): Promise<WithDiagnostics<Volume>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new MedlensError('INPUT_NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, { path }, { cause: e });
  }
  return readNrrd(bytes, { path });
}
