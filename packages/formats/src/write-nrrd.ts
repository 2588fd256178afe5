import { writeFile } from 'node:fs/promises';
import { MedlensError, voxelTypeOf, type Volume, type VoxelType } from '@medlens/core';
import { littleEndianBytes } from './byte-order.js';
import { DEFAULT_COMPRESSION_LEVEL, gzipParts } from './gzip.js';

/** Options of {@link writeNrrd}. */
export interface WriteNrrdOptions {
  /** `raw` or `gzip` (default gzip). */
  encoding?: 'raw' | 'gzip';
  /** gzip level 0–9. Default {@link DEFAULT_COMPRESSION_LEVEL}. */
  compressionLevel?: number;
  /** Kind of the leading component axis of multi-component volumes. Default `vector`. */
  componentKind?: 'vector' | 'RGB-color' | 'RGBA-color' | 'list';
  /** `content` field. Default: `meta.seriesDescription`. */
  description?: string;
}

/** Teem's canonical type names (read by every NRRD reader, NRRD0001 onwards). */
const NRRD_TYPE_NAMES: Readonly<Record<VoxelType, string>> = {
  int8: 'signed char',
  uint8: 'unsigned char',
  int16: 'short',
  uint16: 'unsigned short',
  int32: 'int',
  uint32: 'unsigned int',
  float32: 'float',
  float64: 'double',
};

/** Shortest decimal that reads back as the same double. */
function num(x: number): string {
  return Object.is(x, -0) ? '0' : String(x);
}

function vector(values: readonly number[]): string {
  return `(${values.map(num).join(',')})`;
}

/**
 * Encodes a {@link Volume} as an attached-header NRRD0004 file (little-endian), `space:
 * left-posterior-superior`, `space directions` = direction columns × spacing, `space origin`, kinds
 * `domain` ×3 (plus a leading component axis when `components > 1`). The voxel data is copied once;
 * the volume is never modified.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (encoding, compressionLevel, a header-breaking description)
 */
export function writeNrrd(volume: Volume, options: WriteNrrdOptions = {}): Uint8Array {
  const encoding = options.encoding ?? 'gzip';
  if (encoding !== 'raw' && encoding !== 'gzip') throw new MedlensError('USAGE_INVALID_ARGUMENT', `NRRD encoding must be raw or gzip, got ${String(encoding)}`, { field: 'encoding' });
  const description = options.description ?? volume.meta.seriesDescription;
  if (description !== undefined && /[\r\n]/.test(description)) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', 'description must be a single line', { field: 'description' });
  }
  const { geometry, components } = volume;
  const { size, spacing, direction, origin } = geometry;
  const directions = [0, 1, 2].map((c) => vector([0, 1, 2].map((r) => direction[3 * c + r]! * spacing[c]!)));
  const multi = components > 1;
  const lines = [
    'NRRD0004',
    '# Complete NRRD file format specification at:',
    '# http://teem.sourceforge.net/nrrd/format.html',
    `type: ${NRRD_TYPE_NAMES[voxelTypeOf(volume.data)]}`,
    `dimension: ${multi ? 4 : 3}`,
    'space: left-posterior-superior',
    `sizes: ${[...(multi ? [components] : []), ...size].join(' ')}`,
    `space directions: ${[...(multi ? ['none'] : []), ...directions].join(' ')}`,
    `kinds: ${[...(multi ? [options.componentKind ?? 'vector'] : []), 'domain', 'domain', 'domain'].join(' ')}`,
    'endian: little',
    `encoding: ${encoding}`,
    `space origin: ${vector(origin)}`,
    ...(description !== undefined && description !== '' ? [`content: ${description}`] : []),
  ];
  const header = new TextEncoder().encode(`${lines.join('\n')}\n\n`);
  const body = littleEndianBytes(volume.data);
  if (encoding === 'gzip') return Buffer.concat([header, gzipParts([body], options.compressionLevel ?? DEFAULT_COMPRESSION_LEVEL)]);
  return Buffer.concat([header, body]);
}

/**
 * Writes a `.nrrd` file. See {@link writeNrrd}.
 * @throws MedlensError OUTPUT_UNSUPPORTED_FORMAT (extension not .nrrd) and every code of {@link writeNrrd}
 */
export async function writeNrrdFile(path: string, volume: Volume, options: WriteNrrdOptions = {}): Promise<void> {
  if (!path.toLowerCase().endsWith('.nrrd')) {
    throw new MedlensError('OUTPUT_UNSUPPORTED_FORMAT', `NRRD output must end in .nrrd: ${path}`, { path });
  }
  await writeFile(path, writeNrrd(volume, options));
}
