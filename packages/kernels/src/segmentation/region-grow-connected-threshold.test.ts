import { describe, expect, it } from 'vitest';
import { createVolume, indexToWorld, isMedlensError, type Mat3, type Vec3 } from '@medlens/core';
import { regionGrowConfidenceConnected, regionGrowConnectedThreshold, thresholdVolume } from './index.js';
import { firstDiff, sha256 } from './golden.js';

const SIZE: Vec3 = [31, 27, 19];
const SPACING: Vec3 = [0.7, 0.9, 1.6];
// A rotated (orthonormal) direction so seed mapping goes through the full world → index transform.
const DIRECTION: Mat3 = [0, 1, 0, -1, 0, 0, 0, 0, 1];
const N = SIZE[0] * SIZE[1] * SIZE[2];
const geometry = { size: SIZE, spacing: SPACING, origin: [12, -30, 40] as Vec3, direction: DIRECTION };

/** Deterministic uniform noise in [-a, a]. */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Sphere (radius in mm) around voxel centre c, as a 0/1 mask, and an image: inside ~100, outside ~0. */
function sphereImage(center: Vec3, radiusMm: number, amplitude: number) {
  const truth = new Uint8Array(N);
  const data = new Float32Array(N);
  const rnd = noise(7);
  for (let k = 0; k < SIZE[2]; k++)
    for (let j = 0; j < SIZE[1]; j++)
      for (let i = 0; i < SIZE[0]; i++) {
        const p = i + SIZE[0] * (j + SIZE[1] * k);
        const d = Math.hypot((i - center[0]) * SPACING[0], (j - center[1]) * SPACING[1], (k - center[2]) * SPACING[2]);
        truth[p] = d <= radiusMm ? 1 : 0;
        data[p] = (truth[p] ? 100 : 0) + amplitude * (2 * rnd() - 1);
      }
  return { truth, volume: createVolume({ geometry, data }) };
}

describe('regionGrowConnectedThreshold', () => {
  const center: Vec3 = [15, 13, 9];
  const { truth, volume } = sphereImage(center, 6, 20);
  const seedWorld = indexToWorld(volume.geometry, center);

  it.each([6, 18, 26] as const)('recovers a sphere exactly (connectivity %i)', (connectivity) => {
    const before = sha256(volume);
    const out = regionGrowConnectedThreshold(volume, { seedsWorld: [seedWorld], lower: 50, upper: 150, connectivity });
    expect(firstDiff(out.data, truth)).toBe(-1);
    expect(out.geometry).toEqual(volume.geometry);
    expect(sha256(volume)).toBe(before);
  });

  it('grown from the background equals thresholdVolume (one connected background) = not the sphere', () => {
    const out = regionGrowConnectedThreshold(volume, { seedsWorld: [indexToWorld(volume.geometry, [0, 0, 0])], lower: -50, upper: 50 });
    const all = thresholdVolume(volume, { lower: -50, upper: 50 });
    expect(firstDiff(out.data, all.data)).toBe(-1);
    expect(firstDiff(out.data, truth.map((t) => 1 - t))).toBe(-1);
  });

  it('a seed whose value is out of range grows nothing', () => {
    const out = regionGrowConnectedThreshold(volume, { seedsWorld: [seedWorld], lower: 500, upper: 600 });
    expect(out.data.every((v) => v === 0)).toBe(true);
  });

  it('leaks through a corner-only bridge with 26- but not 6-connectivity; a face bridge leaks with both', () => {
    const data = new Int16Array(N);
    const at = (i: number, j: number, k: number): number => i + SIZE[0] * (j + SIZE[1] * k);
    for (let k = 2; k < 8; k++) for (let j = 2; j < 8; j++) for (let i = 2; i < 8; i++) data[at(i, j, k)] = 1; // box A
    for (let k = 8; k < 14; k++) for (let j = 8; j < 14; j++) for (let i = 8; i < 14; i++) data[at(i, j, k)] = 1; // box B touches A at one corner
    const v = createVolume({ geometry, data });
    const seedsWorld = [indexToWorld(geometry, [4, 4, 4])];
    const count = (m: Uint8Array): number => m.reduce((a, b) => a + b, 0);
    expect(count(regionGrowConnectedThreshold(v, { seedsWorld, lower: 1, upper: 1, connectivity: 6 }).data)).toBe(216);
    expect(count(regionGrowConnectedThreshold(v, { seedsWorld, lower: 1, upper: 1, connectivity: 18 }).data)).toBe(216);
    expect(count(regionGrowConnectedThreshold(v, { seedsWorld, lower: 1, upper: 1, connectivity: 26 }).data)).toBe(432);
    const bridged = Int16Array.from(data);
    bridged[at(8, 7, 7)] = 1; // 1-voxel face bridge: (7,7,7)–(8,7,7)–(8,8,7)–… joins B at (8,8,8) via k
    bridged[at(8, 8, 7)] = 1;
    const vb = createVolume({ geometry, data: bridged });
    expect(count(regionGrowConnectedThreshold(vb, { seedsWorld, lower: 1, upper: 1, connectivity: 6 }).data)).toBe(434);
  });

  const cases: [string, object, string][] = [
    ['seed outside the grid', { seedsWorld: [seedWorld, [1000, 0, 0]], lower: 0, upper: 1 }, 'seedsWorld[1]'],
    ['no seeds', { seedsWorld: [], lower: 0, upper: 1 }, 'seedsWorld'],
    ['malformed seed', { seedsWorld: [[1, 2]], lower: 0, upper: 1 }, 'seedsWorld[0]'],
    ['lower > upper', { seedsWorld: [seedWorld], lower: 2, upper: 1 }, 'lower'],
    ['NaN upper', { seedsWorld: [seedWorld], lower: 0, upper: NaN }, 'upper'],
    ['connectivity 4', { seedsWorld: [seedWorld], lower: 0, upper: 1, connectivity: 4 }, 'connectivity'],
  ];
  it.each(cases)('%s → USAGE_INVALID_ARGUMENT', (_n, options, field) => {
    try {
      regionGrowConnectedThreshold(volume, options as never);
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe(field);
    }
  });
});

describe('regionGrowConfidenceConnected', () => {
  const center: Vec3 = [15, 13, 9];
  const { truth, volume } = sphereImage(center, 6, 5);
  const seedWorld = indexToWorld(volume.geometry, center);

  it('recovers a sphere exactly from its centre (mean ± 2.5σ re-estimated 4 times)', () => {
    const before = sha256(volume);
    const out = regionGrowConfidenceConnected(volume, { seedsWorld: [seedWorld] });
    expect(firstDiff(out.data, truth)).toBe(-1);
    expect(sha256(volume)).toBe(before);
  });

  it('with several seeds and 0 iterations still stays inside the sphere', () => {
    const seeds = [seedWorld, indexToWorld(volume.geometry, [16, 14, 10])];
    const out = regionGrowConfidenceConnected(volume, { seedsWorld: seeds, iterations: 0, multiplier: 3 });
    for (let p = 0; p < N; p++) if (out.data[p] === 1) expect(truth[p]).toBe(1);
    expect(out.data.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
  });

  it('a constant region stops re-estimating (zero variance) and returns the region', () => {
    const data = new Uint8Array(N);
    const out = regionGrowConfidenceConnected(createVolume({ geometry, data }), { seedsWorld: [seedWorld] });
    expect(out.data.every((v) => v === 1)).toBe(true);
  });

  const cases: [string, object, string][] = [
    ['seed outside the grid', { seedsWorld: [[1e4, 1e4, 1e4]] }, 'seedsWorld[0]'],
    ['negative multiplier', { seedsWorld: [seedWorld], multiplier: -1 }, 'multiplier'],
    ['fractional iterations', { seedsWorld: [seedWorld], iterations: 1.5 }, 'iterations'],
    ['zero initialRadius', { seedsWorld: [seedWorld], initialRadius: 0 }, 'initialRadius'],
  ];
  it.each(cases)('%s → USAGE_INVALID_ARGUMENT', (_n, options, field) => {
    try {
      regionGrowConfidenceConnected(volume, options as never);
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe(field);
    }
  });
});
