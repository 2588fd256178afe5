import { describe, expect, it } from 'vitest';
import { IDENTITY_DIRECTION, MedlensError, createVolume, type Vec3, type Volume } from '@medlens/core';
import { gaussianFilter, gaussianHalfKernel, meanFilter, medianFilter } from './index.js';
import { buildIndexMap } from './filter-options.js';
import { SORT9_NETWORK } from './median-3x3x3.js';
import { correlateAxis } from './correlate-axis.js';

function vol(size: Vec3, data: Float32Array | Int16Array | Uint8Array | Float64Array, components = 1, spacing: Vec3 = [0.5, 0.8, 2]): Volume {
  return createVolume({ geometry: { size, spacing, origin: [0, 0, 0], direction: IDENTITY_DIRECTION }, data, components });
}

function seeded(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s >>> 20) - 2048; // integers in [-2048, 2048): many ties
  }
  return out;
}

describe('buildIndexMap (scipy.ndimage boundary extension)', () => {
  const cases: [string, number, number, number[]][] = [
    // mode, n, radius, expected source indices for positions -radius … n-1+radius
    ['reflect', 4, 4, [3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0]], // d c b a | a b c d | d c b a
    ['reflect', 3, 7, [0, 0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0, 1, 2, 2]], // period 2n (checked against scipy correlate1d)
    ['reflect', 1, 2, [0, 0, 0, 0, 0]],
    ['nearest', 3, 2, [0, 0, 0, 1, 2, 2, 2]],
    ['constant', 3, 2, [-1, -1, 0, 1, 2, -1, -1]],
  ];
  it.each(cases)('%s n=%i r=%i', (mode, n, r, expected) => {
    expect([...buildIndexMap(n, r, mode as 'reflect')]).toEqual(expected);
  });
});

describe('gaussianHalfKernel', () => {
  it('has radius int(truncate·σ + 0.5) and unit sum (scipy _gaussian_kernel1d)', () => {
    const k = gaussianHalfKernel(1, 4);
    expect(k.length).toBe(5);
    let sum = k[0]!;
    for (let q = 1; q < k.length; q++) sum += 2 * k[q]!;
    expect(sum).toBeCloseTo(1, 14);
    expect(gaussianHalfKernel(0.1, 4).length).toBe(1); // int(0.9) = 0 → identity
    expect(gaussianHalfKernel(1.125, 4).length).toBe(6); // 4.5 + 0.5 → 5
  });
});

describe('SORT9_NETWORK', () => {
  it('sorts all 512 zero-one inputs (zero-one principle ⇒ sorts every input)', () => {
    for (let bits = 0; bits < 512; bits++) {
      const v = Array.from({ length: 9 }, (_, i) => (bits >> i) & 1);
      for (const [a, b] of SORT9_NETWORK) {
        if (v[b]! < v[a]!) [v[a], v[b]] = [v[b]!, v[a]!];
      }
      for (let i = 1; i < 9; i++) expect(v[i]! >= v[i - 1]!).toBe(true);
    }
  });
});

describe('medianFilter 3×3×3 fast path equals a brute-force median', () => {
  const variants = (['reflect', 'nearest', 'constant'] as const).flatMap((m) => [[m, 'float32 (WebAssembly SIMD)'] as const, [m, 'float64 (JS)'] as const]);
  it.each(variants)('mode %s, %s, ties and ±Inf', (mode, type) => {
    const size: Vec3 = [23, 7, 5];
    const data = type.startsWith('float32') ? seeded(23 * 7 * 5, 7) : Float64Array.from(seeded(23 * 7 * 5, 7), (x) => x + 1e-9);
    data[5] = Infinity;
    data[100] = -Infinity;
    data[101] = Infinity;
    const out = medianFilter(vol(size, data), { radius: 1, mode, cval: 3 }).data;
    const map = (n: number) => buildIndexMap(n, 1, mode);
    const [mi, mj, mk] = [map(23), map(7), map(5)];
    for (let k = 0; k < 5; k++) {
      for (let j = 0; j < 7; j++) {
        for (let i = 0; i < 23; i++) {
          const w: number[] = [];
          for (let dk = 0; dk < 3; dk++) for (let dj = 0; dj < 3; dj++) for (let di = 0; di < 3; di++) {
            const [a, b, c] = [mi[i + di]!, mj[j + dj]!, mk[k + dk]!];
            w.push(a < 0 || b < 0 || c < 0 ? 3 : data[a + 23 * (b + 7 * c)]!);
          }
          w.sort((x, y) => x - y);
          expect(out[i + 23 * (j + 7 * k)]).toBe(w[13]);
        }
      }
    }
  });
});

describe('filter properties', () => {
  const size: Vec3 = [6, 5, 4];
  it('a constant volume stays constant (weights sum to 1, reflect/nearest)', () => {
    const data = new Float32Array(120).fill(-731.25);
    for (const mode of ['reflect', 'nearest'] as const) {
      for (const out of [gaussianFilter(vol(size, data), { sigmaMm: 1.3, mode }), meanFilter(vol(size, data), { radius: 2, mode })]) {
        for (const v of out.data) expect(v).toBeCloseTo(-731.25, 3);
      }
    }
  });
  it('gaussian/mean output float32 from int16, median keeps the voxel type; geometry and meta kept', () => {
    const v = createVolume({ geometry: { size, spacing: [1, 1, 1], origin: [1, 2, 3], direction: IDENTITY_DIRECTION }, data: Int16Array.from(seeded(120)), meta: { units: 'HU' } });
    expect(gaussianFilter(v, { sigmaMm: 1 }).data).toBeInstanceOf(Float32Array);
    expect(meanFilter(v).data).toBeInstanceOf(Float32Array);
    const m = medianFilter(v, { radius: [1, 1, 0] });
    expect(m.data).toBeInstanceOf(Int16Array);
    expect(m.geometry).toEqual(v.geometry);
    expect(m.meta.units).toBe('HU');
    expect(medianFilter(vol(size, new Uint8Array(120).fill(7)), { radius: 1 }).data).toBeInstanceOf(Uint8Array);
  });
  it('sigma 0 / radius 0 on every axis copies the input into a new array', () => {
    const data = seeded(120);
    const v = vol(size, data);
    for (const out of [gaussianFilter(v, { sigmaMm: 0 }), meanFilter(v, { radius: 0 }), medianFilter(v, { radius: 0 })]) {
      expect(out.data).not.toBe(data);
      expect([...out.data]).toEqual([...data]);
    }
  });
  it('radiusMm converts with the spacing (round to nearest voxel)', () => {
    const v = vol(size, seeded(120), 1, [0.5, 0.8, 2]);
    expect([...meanFilter(v, { radiusMm: [1, 0.8, 2] }).data]).toEqual([...meanFilter(v, { radius: [2, 1, 1] }).data]);
    expect([...medianFilter(v, { radiusMm: [0.5, 0.8, 0.9] }).data]).toEqual([...medianFilter(v, { radius: [1, 1, 0] }).data]);
  });
  it('mean NaN affects only the windows that contain it', () => {
    const data = new Float32Array(120).fill(1);
    data[0] = NaN;
    const out = meanFilter(vol(size, data), { radius: [1, 0, 0], mode: 'nearest' }).data;
    expect([...out.subarray(0, 6)].map((x) => Number.isNaN(x))).toEqual([true, true, false, false, false, false]);
    expect(out[5]).toBe(1);
  });
});

describe('invalid options', () => {
  const good = vol([4, 3, 2], seeded(24));
  const rgb = vol([4, 3, 2], new Float32Array(72), 3);
  const table: [string, () => unknown, string][] = [
    ['gaussian: sigma negative', () => gaussianFilter(good, { sigmaMm: -1 }), 'sigmaMm'],
    ['gaussian: sigma NaN', () => gaussianFilter(good, { sigmaMm: [1, NaN, 1] }), 'sigmaMm'],
    ['gaussian: sigma two values', () => gaussianFilter(good, { sigmaMm: [1, 1] as never }), 'sigmaMm'],
    ['gaussian: options missing', () => gaussianFilter(good, undefined as never), 'sigmaMm'],
    ['gaussian: truncate negative', () => gaussianFilter(good, { sigmaMm: 1, truncate: -1 }), 'truncate'],
    ['gaussian: kernel too large', () => gaussianFilter(good, { sigmaMm: 1e6 }), 'sigmaMm'],
    ['gaussian: unknown mode', () => gaussianFilter(good, { sigmaMm: 1, mode: 'wrap' as never }), 'mode'],
    ['gaussian: cval Inf', () => gaussianFilter(good, { sigmaMm: 1, mode: 'constant', cval: Infinity }), 'cval'],
    ['gaussian: multi-component', () => gaussianFilter(rgb, { sigmaMm: 1 }), 'components'],
    ['mean: radius fractional', () => meanFilter(good, { radius: 1.5 }), 'radius'],
    ['mean: radius and radiusMm', () => meanFilter(good, { radius: 1, radiusMm: 1 }), 'radiusMm'],
    ['mean: radiusMm negative', () => meanFilter(good, { radiusMm: [-1, 1, 1] }), 'radiusMm'],
    ['mean: multi-component', () => meanFilter(rgb), 'components'],
    ['median: radius missing', () => medianFilter(good, {}), 'radius'],
    ['median: radius string', () => medianFilter(good, { radius: '1' as never }), 'radius'],
    ['median: radius too large', () => medianFilter(good, { radius: 5000 }), 'radius'],
    ['median: mode', () => medianFilter(good, { radius: 1, mode: 'mirror' as never }), 'mode'],
    ['median: multi-component', () => medianFilter(rgb, { radius: 1 }), 'components'],
  ];
  it.each(table)('%s → USAGE_INVALID_ARGUMENT (%s)', (_name, fn, field) => {
    try {
      fn();
      expect.unreachable('should throw');
    } catch (e) {
      expect(e).toBeInstanceOf(MedlensError);
      expect((e as MedlensError).code).toBe('USAGE_INVALID_ARGUMENT');
      expect((e as MedlensError).details.field).toBe(field);
    }
  });
});

describe('correlateAxis: WebAssembly SIMD and JS paths agree bit for bit', () => {
  it.each([
    ['reflect', 0, 4],
    ['nearest', 1, 3],
    ['constant', 2, 2],
    ['reflect', 2, 9], // radius beyond the axis length
  ] as const)('mode %s, axis %i, radius %i', (mode, axis, r) => {
    const size: Vec3 = [13, 6, 5]; // nx not a multiple of 4
    const src = seeded(13 * 6 * 5, 3).map((x) => x / 7);
    const w = gaussianHalfKernel(r / 4, 4);
    expect(w.length).toBe(r + 1);
    const simd = new Float32Array(src.length);
    const js = new Float32Array(src.length);
    correlateAxis(src, simd, size, axis, w, mode, 2.5, true);
    correlateAxis(src, js, size, axis, w, mode, 2.5, false);
    expect([...simd]).toEqual([...js]);
  });
});
