// Test-only helpers (excluded from the build by tsconfig): fixture loading, hashing, volume builders.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createVolume, indexToWorld, type Mat3, type Vec3, type Volume, type VolumeGeometry, type VoxelArray } from '@medlens/core';

const FIXTURES = fileURLToPath(new URL('../../fixtures/geometry/', import.meta.url));

interface FixtureIndex {
  files: Record<string, { dtype: 'float32' | 'float64' | 'uint8'; shape: number[] }>;
  params: {
    volume: { spacing: number[]; origin: number[]; direction: number[] };
    zooms: Record<string, { spacingMm: [number, number, number]; grid: 'origin-aligned' | 'centre-aligned'; geometry: GeometryJson }>;
    reference: GeometryJson;
    referenceInsideCount: number;
    fill: number;
  };
}
interface GeometryJson {
  size: number[];
  spacing: number[];
  origin: number[];
  direction: number[];
}

/** The parsed fixtures/geometry/index.json. */
export const fixtureIndex: FixtureIndex = JSON.parse(readFileSync(`${FIXTURES}index.json`, 'utf8')) as FixtureIndex;

/** A raw little-endian fixture array. */
export function loadArray(name: string): VoxelArray {
  const entry = fixtureIndex.files[name];
  if (entry === undefined) throw new Error(`no fixture ${name}`);
  const bytes = readFileSync(`${FIXTURES}${name}.bin`);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return entry.dtype === 'float32' ? new Float32Array(buffer) : entry.dtype === 'float64' ? new Float64Array(buffer) : new Uint8Array(buffer);
}

/** Geometry from fixture JSON. */
export function toGeometry(g: GeometryJson, frameOfReferenceUid?: string): VolumeGeometry {
  return {
    size: g.size as unknown as Vec3,
    spacing: g.spacing as unknown as Vec3,
    origin: g.origin as unknown as Vec3,
    direction: g.direction as unknown as Mat3,
    ...(frameOfReferenceUid !== undefined ? { frameOfReferenceUid } : {}),
  };
}

/** The fixture source grid (17×13×9, oblique, anisotropic). */
export function fixtureGeometry(frameOfReferenceUid?: string): VolumeGeometry {
  const v = fixtureIndex.params.volume;
  return toGeometry({ size: [17, 13, 9], ...v }, frameOfReferenceUid);
}

/** A fixture array as a volume on the fixture grid. */
export function fixtureVolume(name: string): Volume {
  return createVolume({ geometry: fixtureGeometry(), data: loadArray(name) });
}

/** SHA-256 of a typed array's bytes. */
export function sha256(data: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

/** A volume with deterministic values (value = n, or `fn(i, j, k, c)`). */
export function makeVolume(
  geometry: Partial<VolumeGeometry> & { size: Vec3 },
  options: { components?: number; type?: 'float32' | 'int16' | 'uint8'; fn?: (i: number, j: number, k: number, c: number) => number } = {},
): Volume {
  const nc = options.components ?? 1;
  const [ni, nj, nk] = geometry.size;
  const ctor = options.type === 'int16' ? Int16Array : options.type === 'uint8' ? Uint8Array : Float32Array;
  const data = new ctor(ni * nj * nk * nc);
  let n = 0;
  for (let k = 0; k < nk; k++) for (let j = 0; j < nj; j++) for (let i = 0; i < ni; i++) for (let c = 0; c < nc; c++, n++) data[n] = options.fn ? options.fn(i, j, k, c) : n;
  return createVolume({
    geometry: { spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], ...geometry },
    data,
    components: nc,
  });
}

/** Map world position (rounded to 1e-6 mm) → voxel values, to compare volumes voxel by voxel in world space. */
export function valuesByWorld(volume: Volume): Map<string, number[]> {
  const map = new Map<string, number[]>();
  const [ni, nj, nk] = volume.geometry.size;
  const nc = volume.components;
  let n = 0;
  for (let k = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      for (let i = 0; i < ni; i++, n++) {
        const w = indexToWorld(volume.geometry, [i, j, k]);
        map.set(w.map((x) => (Math.round(x * 1e6) / 1e6 + 0).toFixed(6)).join(','), Array.from(volume.data.subarray(n * nc, n * nc + nc)));
      }
    }
  }
  return map;
}

/** Largest |a − b| over two arrays (Infinity when lengths differ or a NaN disagrees). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let n = 0; n < a.length; n++) {
    const d = Math.abs(a[n]! - b[n]!);
    if (Number.isNaN(d)) {
      if (!(Number.isNaN(a[n]!) && Number.isNaN(b[n]!))) return Infinity;
    } else if (d > m) m = d;
  }
  return m;
}
