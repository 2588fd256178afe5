// Test helper (excluded from the build): loads the scipy golden fixtures of fixtures/filters.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { IDENTITY_DIRECTION, createVolume, type Vec3, type Volume } from '@medlens/core';

const DIR = fileURLToPath(new URL('../../fixtures/filters/', import.meta.url));

export interface GoldenInput {
  size: Vec3;
  spacing: Vec3;
  dtype: 'float32' | 'int16';
  offset: number;
}
export interface GoldenCase {
  kernel: 'gaussian' | 'mean' | 'median';
  input: string;
  options: Record<string, unknown>;
  offset: number;
}

const index = JSON.parse(readFileSync(`${DIR}filters.json`, 'utf8')) as { inputs: Record<string, GoldenInput>; cases: GoldenCase[] };
const bin = readFileSync(`${DIR}filters.bin`);
const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));

export const goldenCases: GoldenCase[] = index.cases;

/** The input volume of a case (fresh copy each call). */
export function goldenInput(name: string): Volume {
  const inp = index.inputs[name]!;
  const n = inp.size[0] * inp.size[1] * inp.size[2];
  const values = all.subarray(inp.offset, inp.offset + n);
  const data = inp.dtype === 'int16' ? Int16Array.from(values) : Float32Array.from(values);
  return createVolume({ geometry: { size: inp.size, spacing: inp.spacing, origin: [10, -20, 30], direction: IDENTITY_DIRECTION }, data });
}

/** The scipy reference output of a case. */
export function goldenOutput(c: GoldenCase): Float32Array {
  const inp = index.inputs[c.input]!;
  const n = inp.size[0] * inp.size[1] * inp.size[2];
  return all.subarray(c.offset, c.offset + n);
}

/** SHA-256 of a typed array's bytes (input-immutability checks). */
export function sha256(data: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

/** Short label of a case for test names. */
export function caseLabel(c: GoldenCase): string {
  return `${c.kernel} ${c.input} ${JSON.stringify(c.options)}`;
}
