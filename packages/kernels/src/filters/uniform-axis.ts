import type { Vec3 } from '@medlens/core';
import { axisLayout, buildIndexMap, type BoundaryMode } from './filter-options.js';

/**
 * One separable box pass: every line along `axis` is replaced by its running mean over 2r+1
 * samples, like scipy.ndimage.uniform_filter1d(size=2r+1). The running sum is float64 and holds
 * finite values only; a window containing NaN/±Inf is summed directly instead, so a non-finite value
 * affects exactly the windows that contain it (scipy's running sum would carry a NaN to the end of
 * the line). `src` and `dst` may be the same array. Outer iterations are independent k-planes
 * (axes 0, 1) or j-slabs (axis 2).
 */
export function uniformAxis(src: Float32Array, dst: Float32Array, size: Vec3, axis: 0 | 1 | 2, radius: number, mode: BoundaryMode, cval: number): void {
  const [nx, ny, nz] = size;
  const r = radius;
  const width = 2 * r + 1;
  if (axis === 0) {
    const map = buildIndexMap(nx, r, mode);
    const line = new Float64Array(nx + 2 * r);
    for (let l = 0; l < ny * nz; l++) {
      const base = l * nx;
      for (let p = 0; p < line.length; p++) {
        const m = map[p]!;
        line[p] = m < 0 ? cval : src[base + m]!;
      }
      let sum = 0;
      let bad = 0;
      for (let p = 0; p < width; p++) {
        const v = line[p]!;
        if (v - v === 0) sum += v;
        else bad++;
      }
      for (let i = 0; i < nx; i++) {
        if (bad === 0) {
          dst[base + i] = sum / width;
        } else {
          let s = 0;
          for (let p = i; p < i + width; p++) s += line[p]!;
          dst[base + i] = s / width;
        }
        if (i + 1 < nx) {
          const out = line[i]!;
          const inn = line[i + width]!;
          if (out - out === 0) sum -= out;
          else bad--;
          if (inn - inn === 0) sum += inn;
          else bad++;
        }
      }
    }
    return;
  }
  const { n, outer, rowStride, outerStride } = axisLayout(axis, nx, ny, nz);
  const map = buildIndexMap(n, r, mode);
  const slab = new Float32Array((n + 2 * r) * nx);
  const acc = new Float64Array(nx);
  const bad = new Int32Array(nx);
  const row = new Float32Array(nx);
  for (let o = 0; o < outer; o++) {
    const base = o * outerStride;
    for (let p = 0; p < n + 2 * r; p++) {
      const m = map[p]!;
      if (m < 0) slab.fill(cval, p * nx, (p + 1) * nx);
      else slab.set(src.subarray(base + m * rowStride, base + m * rowStride + nx), p * nx);
    }
    acc.fill(0);
    bad.fill(0);
    for (let p = 0; p < width; p++) {
      const off = p * nx;
      for (let i = 0; i < nx; i++) {
        const v = slab[off + i]!;
        if (v - v === 0) acc[i] = acc[i]! + v;
        else bad[i] = bad[i]! + 1;
      }
    }
    for (let t = 0; t < n; t++) {
      for (let i = 0; i < nx; i++) {
        if (bad[i] === 0) {
          row[i] = acc[i]! / width;
        } else {
          let s = 0;
          for (let p = t; p < t + width; p++) s += slab[p * nx + i]!;
          row[i] = s / width;
        }
      }
      dst.set(row, base + t * rowStride);
      if (t + 1 < n) {
        const outOff = t * nx;
        const inOff = (t + width) * nx;
        for (let i = 0; i < nx; i++) {
          const vo = slab[outOff + i]!;
          const vi = slab[inOff + i]!;
          if (vo - vo === 0) acc[i] = acc[i]! - vo;
          else bad[i] = bad[i]! - 1;
          if (vi - vi === 0) acc[i] = acc[i]! + vi;
          else bad[i] = bad[i]! + 1;
        }
      }
    }
  }
}
