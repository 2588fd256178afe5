import { MedlensError } from '@medlens/core';
import { VOXEL_TYPE_BYTES } from './byte-order.js';

/** NRRD `type` field values (every spelling of the NRRD spec) → storage type. */
const TYPE_ALIASES: ReadonlyArray<readonly [NrrdType, readonly string[]]> = [
  ['int8', ['signed char', 'int8', 'int8_t']],
  ['uint8', ['uchar', 'unsigned char', 'uint8', 'uint8_t']],
  ['int16', ['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t']],
  ['uint16', ['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t']],
  ['int32', ['int', 'signed int', 'int32', 'int32_t']],
  ['uint32', ['uint', 'unsigned int', 'uint32', 'uint32_t']],
  ['int64', ['longlong', 'long long', 'long long int', 'signed long long', 'signed long long int', 'int64', 'int64_t']],
  ['uint64', ['ulonglong', 'unsigned long long', 'unsigned long long int', 'uint64', 'uint64_t']],
  ['float32', ['float']],
  ['float64', ['double']],
];

/** NRRD scalar storage types. int64/uint64 are read as float64 (with a diagnostic). */
export type NrrdType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';

/** Bytes per value of each NRRD type. */
export const NRRD_TYPE_BYTES: Readonly<Record<NrrdType, number>> = { ...VOXEL_TYPE_BYTES, int64: 8, uint64: 8 };

/** A parsed NRRD header: fields (lower-case names) and key/value pairs, plus where the data starts. */
export interface NrrdHeader {
  /** Format version from the magic line (`NRRD000X`). */
  version: number;
  fields: Map<string, string>;
  keyValues: Map<string, string>;
  /** Lines after `data file: LIST`, when present. */
  dataFileList: string[];
  /** Byte offset just after the blank line that ends the header (file length when there is none). */
  dataOffset: number;
}

/** Headers are text; refuse to scan an absurd amount looking for their end. */
const MAX_HEADER_BYTES = 1 << 20;

function at(path: string | undefined, field: string): { path?: string; field: string } {
  return { ...(path !== undefined ? { path } : {}), field };
}

/**
 * Parses the text header of an attached (`.nrrd`) or detached (`.nhdr`) NRRD file.
 * @throws MedlensError NRRD_INVALID_HEADER (magic, malformed line, duplicate field, no end)
 */
export function parseNrrdHeader(bytes: Uint8Array, path?: string): NrrdHeader {
  const magic = new TextDecoder('latin1').decode(bytes.subarray(0, 8));
  const version = /^NRRD000([1-5])$/.exec(magic)?.[1];
  if (version === undefined) {
    throw new MedlensError('NRRD_INVALID_HEADER', `file starts with ${JSON.stringify(magic)}, expected NRRD0001…NRRD0005`, at(path, 'magic'));
  }
  // Header ends at the first empty line; without one the whole file is header (detached .nhdr).
  const limit = Math.min(bytes.length, MAX_HEADER_BYTES);
  let end = -1;
  let dataOffset = bytes.length;
  for (let p = 0; p < limit; p++) {
    if (bytes[p] !== 0x0a) continue;
    const next = bytes[p + 1] === 0x0d ? p + 2 : p + 1;
    if (next < bytes.length && bytes[next] === 0x0a) {
      end = p;
      dataOffset = next + 1;
      break;
    }
  }
  if (end < 0) {
    if (bytes.length > MAX_HEADER_BYTES) throw new MedlensError('NRRD_INVALID_HEADER', `no blank line ends the header within ${MAX_HEADER_BYTES} bytes`, at(path, 'header'));
    end = bytes.length;
  }
  const lines = new TextDecoder('utf-8').decode(bytes.subarray(0, end)).split(/\r?\n/);
  const fields = new Map<string, string>();
  const keyValues = new Map<string, string>();
  const dataFileList: string[] = [];
  let inList = false;
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.startsWith('#')) continue;
    if (inList) {
      if (line.trim() !== '') dataFileList.push(line.trim());
      continue;
    }
    const kv = line.indexOf(':=');
    const colon = line.indexOf(': ');
    if (kv >= 0 && (colon < 0 || kv < colon)) {
      keyValues.set(line.slice(0, kv), line.slice(kv + 2));
      continue;
    }
    if (colon < 0) {
      if (line.trim() === '') continue;
      throw new MedlensError('NRRD_INVALID_HEADER', `header line ${n + 1} is neither "field: value" nor "key:=value": ${JSON.stringify(line.slice(0, 80))}`, at(path, `line ${n + 1}`));
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 2).trim();
    if (fields.has(name)) throw new MedlensError('NRRD_INVALID_HEADER', `field "${name}" appears twice`, at(path, name));
    fields.set(name, value);
    if (name === 'data file' || name === 'datafile') inList = /^LIST(\s|$)/.test(value);
  }
  return { version: Number(version), fields, keyValues, dataFileList, dataOffset };
}

/**
 * The storage type named by a `type` field.
 * @throws MedlensError NRRD_UNSUPPORTED (block or unknown type)
 */
export function nrrdType(value: string, path?: string): NrrdType {
  const v = value.trim().toLowerCase();
  for (const [type, names] of TYPE_ALIASES) if (names.includes(v)) return type;
  throw new MedlensError('NRRD_UNSUPPORTED', `type "${value}" is not a supported scalar type`, at(path, 'type'));
}

/**
 * Parses one NRRD vector "(x,y,z)"; returns undefined for `none`.
 * @throws MedlensError NRRD_INVALID_HEADER
 */
export function parseNrrdVector(text: string, length: number, field: string, path?: string): number[] | undefined {
  if (text === 'none') return undefined;
  const m = /^\(\s*([^()]*)\)$/.exec(text);
  const parts = m?.[1]?.split(',').map((s) => Number(s.trim()));
  if (parts === undefined || parts.length !== length || !parts.every(Number.isFinite)) {
    throw new MedlensError('NRRD_INVALID_HEADER', `${field}: "${text}" is not a vector of ${length} finite numbers`, at(path, field));
  }
  return parts;
}

/** Splits a `space directions` value into its per-axis tokens ("(…)" or "none"). */
export function splitNrrdVectors(value: string): string[] {
  return value.match(/\([^)]*\)|none/g) ?? [];
}

/**
 * Parses a list of `count` positive integers (the `sizes` field).
 * @throws MedlensError NRRD_INVALID_HEADER
 */
export function parseNrrdSizes(value: string | undefined, count: number, path?: string): number[] {
  const parts = (value ?? '').trim().split(/\s+/);
  const sizes = parts.map(Number);
  if (value === undefined || sizes.length !== count || !sizes.every((s) => Number.isSafeInteger(s) && s >= 1)) {
    throw new MedlensError('NRRD_INVALID_HEADER', `sizes "${value ?? ''}" must list ${count} positive integers (dimension ${count})`, at(path, 'sizes'));
  }
  return sizes;
}
