// Internal: grey erosion/dilation (min/max over the ball footprint), scipy mode='reflect'.
import { createVolume, MedlensError, type Volume, type VoxelArray } from '@medlens/core';
import type { MorphologyOptions } from './binary-morphology-options.js';
import { createBallStructure } from './create-ball-structure.js';
import { requireScalar } from './segmentation-common.js';

/** scipy 'reflect' (half-sample symmetric: d c b a | a b c d | d c b a) index into [0, n). */
function reflectIndex(s: number, n: number): number {
  if (s >= 0 && s < n) return s;
  const period = 2 * n;
  let m = s % period;
  if (m < 0) m += period;
  return m < n ? m : period - 1 - m;
}

/**
 * Running min (or max) along i over [i − w, i + w] for every row, reflected at the row ends:
 * direct comparisons for w ≤ 2, van Herk / Gil–Werman (3 comparisons per voxel) above.
 */
function rowFilter(src: VoxelArray, nx: number, w: number, useMax: boolean): VoxelArray {
  const Ctor = src.constructor as new (length: number) => VoxelArray;
  const out = new Ctor(src.length);
  const len = nx + 2 * w;
  const pad = new Float64Array(len);
  const g = new Float64Array(len);
  const h = new Float64Array(len);
  const b = 2 * w + 1;
  const sign = useMax ? -1 : 1; // max(x) = −min(−x): one code path
  for (let row = 0; row < src.length; row += nx) {
    if (w <= 2 && nx > 2 * w) {
      for (let i = 0; i < nx; i++) {
        let m = Infinity;
        if (i >= w && i < nx - w) {
          for (let d = -w; d <= w; d++) {
            const v = sign * src[row + i + d]!;
            m = v < m ? v : m;
          }
        } else {
          for (let d = -w; d <= w; d++) {
            const v = sign * src[row + reflectIndex(i + d, nx)]!;
            m = v < m ? v : m;
          }
        }
        out[row + i] = sign * m;
      }
      continue;
    }
    for (let q = 0; q < len; q++) pad[q] = sign * src[row + reflectIndex(q - w, nx)]!;
    for (let start = 0; start < len; start += b) {
      const end = Math.min(start + b, len);
      g[start] = pad[start]!;
      for (let q = start + 1; q < end; q++) g[q] = pad[q]! < g[q - 1]! ? pad[q]! : g[q - 1]!;
      h[end - 1] = pad[end - 1]!;
      for (let q = end - 2; q >= start; q--) h[q] = pad[q]! < h[q + 1]! ? pad[q]! : h[q + 1]!;
    }
    for (let i = 0; i < nx; i++) out[row + i] = sign * (h[i]! < g[i + 2 * w]! ? h[i]! : g[i + 2 * w]!);
  }
  return out;
}

/**
 * out[base + i] = min of five source rows (and of out itself unless `init`). Written out twice (min5 /
 * max5) on purpose: a comparator parameter would add a call per comparison in the innermost loop.
 */
function min5(
  out: VoxelArray,
  base: number,
  nx: number,
  init: boolean,
  f0: VoxelArray,
  b0: number,
  f1: VoxelArray,
  b1: number,
  f2: VoxelArray,
  b2: number,
  f3: VoxelArray,
  b3: number,
  f4: VoxelArray,
  b4: number,
): void {
  for (let i = 0; i < nx; i++) {
    let m = f0[b0 + i]!;
    let v = f1[b1 + i]!;
    m = v < m ? v : m;
    v = f2[b2 + i]!;
    m = v < m ? v : m;
    v = f3[b3 + i]!;
    m = v < m ? v : m;
    v = f4[b4 + i]!;
    m = v < m ? v : m;
    if (!init) {
      v = out[base + i]!;
      m = v < m ? v : m;
    }
    out[base + i] = m;
  }
}

/** out[base + i] = max of five source rows (and of out itself unless `init`). */
function max5(
  out: VoxelArray,
  base: number,
  nx: number,
  init: boolean,
  f0: VoxelArray,
  b0: number,
  f1: VoxelArray,
  b1: number,
  f2: VoxelArray,
  b2: number,
  f3: VoxelArray,
  b3: number,
  f4: VoxelArray,
  b4: number,
): void {
  for (let i = 0; i < nx; i++) {
    let m = f0[b0 + i]!;
    let v = f1[b1 + i]!;
    m = v > m ? v : m;
    v = f2[b2 + i]!;
    m = v > m ? v : m;
    v = f3[b3 + i]!;
    m = v > m ? v : m;
    v = f4[b4 + i]!;
    m = v > m ? v : m;
    if (!init) {
      v = out[base + i]!;
      m = v > m ? v : m;
    }
    out[base + i] = m;
  }
}

/** Grey erosion (min) or dilation (max) of `volume` over the ball footprint, output in the input type. */
export function greyMorphology(volume: Volume, options: MorphologyOptions, useMax: boolean): Volume {
  requireScalar(volume, 'volume');
  const ball = createBallStructure(volume.geometry.spacing, options?.radiusMm);
  const src = volume.data;
  for (let p = 0; p < src.length; p++) {
    const v = src[p]!;
    if (v !== v) {
      throw new MedlensError('USAGE_INVALID_ARGUMENT', `voxel ${p} is NaN; grey morphology needs ordered values (replace NaN first)`, { field: 'volume' });
    }
  }
  const [nx, ny, nz] = volume.geometry.size;
  const rows = ball.rows;
  const nr = rows.length / 3;
  const filtered = new Map<number, VoxelArray>();
  for (let q = 0; q < nr; q++) {
    const w = rows[3 * q + 2]!;
    if (!filtered.has(w)) filtered.set(w, w === 0 ? src : rowFilter(src, nx, w, useMax));
  }
  const Ctor = src.constructor as new (length: number) => VoxelArray;
  const out = new Ctor(src.length);
  // Rows of the element are combined five at a time in one pass over i (the running value stays
  // in a register); the list is padded to a multiple of 5 by repeating row 0 (min/max are idempotent).
  const nq = Math.ceil(nr / 5) * 5;
  const arrays: VoxelArray[] = [];
  const bases = new Int32Array(nq);
  for (let q = 0; q < nq; q++) arrays.push(filtered.get(rows[3 * (q < nr ? q : 0) + 2]!)!);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const base = nx * (j + ny * k);
      for (let q = 0; q < nq; q++) {
        const r = q < nr ? q : 0;
        bases[q] = nx * (reflectIndex(j + rows[3 * r]!, ny) + ny * reflectIndex(k + rows[3 * r + 1]!, nz));
      }
      for (let q = 0; q < nq; q += 5) {
        const f0 = arrays[q]!;
        const f1 = arrays[q + 1]!;
        const f2 = arrays[q + 2]!;
        const f3 = arrays[q + 3]!;
        const b0 = bases[q]!;
        const b1 = bases[q + 1]!;
        const b2 = bases[q + 2]!;
        const b3 = bases[q + 3]!;
        const f4 = arrays[q + 4]!;
        const b4 = bases[q + 4]!;
        if (useMax) max5(out, base, nx, q === 0, f0, b0, f1, b1, f2, b2, f3, b3, f4, b4);
        else min5(out, base, nx, q === 0, f0, b0, f1, b1, f2, b2, f3, b3, f4, b4);
      }
    }
  }
  return createVolume({ geometry: volume.geometry, data: out, meta: volume.meta });
}
