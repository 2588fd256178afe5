// Test-only loader for fixtures/segmentation/fixtures.json (excluded from the build by tsconfig).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createVolume, IDENTITY_DIRECTION, type Volume, type Vec3, type VoxelArray } from '@medlens/core';

export interface Encoded {
  dtype: string;
  data: string;
}

const CTORS: Record<string, new (b: ArrayBuffer) => VoxelArray> = {
  float32: Float32Array,
  float64: Float64Array,
  int16: Int16Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const golden: any = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/segmentation/fixtures.json', import.meta.url)), 'utf8'));
export const SIZE = golden.size as Vec3;
export const SPACING = golden.spacing as Vec3;

export function decode(e: Encoded): VoxelArray {
  const buf = Buffer.from(e.data, 'base64');
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return new CTORS[e.dtype]!(ab);
}

export function vol<T extends VoxelArray>(data: T, size: Vec3 = SIZE, spacing: Vec3 = SPACING): Volume<T> {
  return createVolume({ geometry: { size, spacing, origin: [-10, 20, 5], direction: IDENTITY_DIRECTION }, data });
}

export function sha256(v: Volume): string {
  return createHash('sha256').update(new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength)).digest('hex');
}

/** Index of the first differing element, or -1. */
export function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return -2;
  for (let n = 0; n < a.length; n++) if (a[n] !== b[n]) return n;
  return -1;
}
