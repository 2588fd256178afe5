import type { Vec3 } from '@medlens/core';
import { correlateAxisSimd } from './correlate-axis-simd.js';
import { axisLayout, buildIndexMap, type BoundaryMode } from './filter-options.js';

/**
 * One separable pass: correlates every line along `axis` with a symmetric kernel, like
 * scipy.ndimage.correlate1d with weights `[w[r] … w[1], w[0], w[1] … w[r]]`:
 *
 *   out[x] = w[0]·in[x] + Σ_{q=1..r} w[q]·(in[x−q] + in[x+q])   (float64 sums, scipy's order)
 *
 * `src` and `dst` may be the same array (each line or slab is copied before it is overwritten).
 * Lines along j and k are processed a whole i-row at a time (contiguous inner loop). Every outer
 * iteration touches only its own k-plane (axes 0, 1) or j-slab (axis 2), so the pass can later be
 * split over slabs. Uses the WebAssembly SIMD kernel ({@link correlateAxisSimd}, same arithmetic)
 * unless `simd` is false or WebAssembly is unavailable.
 */
export function correlateAxis(
  src: Float32Array,
  dst: Float32Array,
  size: Vec3,
  axis: 0 | 1 | 2,
  halfWeights: Float64Array,
  mode: BoundaryMode,
  cval: number,
  simd = true,
): void {
  if (simd && correlateAxisSimd(src, dst, size, axis, halfWeights, mode, cval)) return;
  const [nx, ny, nz] = size;
  const r = halfWeights.length - 1;
  const w0 = halfWeights[0]!;
  if (axis === 0) {
    const map = buildIndexMap(nx, r, mode);
    const line = new Float64Array(nx + 2 * r);
    const lines = ny * nz;
    for (let l = 0; l < lines; l++) {
      const base = l * nx;
      for (let p = 0; p < line.length; p++) {
        const m = map[p]!;
        line[p] = m < 0 ? cval : src[base + m]!;
      }
      for (let i = 0; i < nx; i++) {
        const c = i + r;
        let acc = line[c]! * w0;
        for (let q = 1; q <= r; q++) acc += (line[c - q]! + line[c + q]!) * halfWeights[q]!;
        dst[base + i] = acc;
      }
    }
    return;
  }
  const { n, outer, rowStride, outerStride } = axisLayout(axis, nx, ny, nz);
  const map = buildIndexMap(n, r, mode);
  const slab = new Float32Array((n + 2 * r) * nx);
  const acc = new Float64Array(nx);
  for (let o = 0; o < outer; o++) {
    const base = o * outerStride;
    for (let p = 0; p < n + 2 * r; p++) {
      const m = map[p]!;
      if (m < 0) slab.fill(cval, p * nx, (p + 1) * nx);
      else slab.set(src.subarray(base + m * rowStride, base + m * rowStride + nx), p * nx);
    }
    for (let t = 0; t < n; t++) {
      const c = (t + r) * nx;
      for (let i = 0; i < nx; i++) acc[i] = slab[c + i]! * w0;
      for (let q = 1; q <= r; q++) {
        const wq = halfWeights[q]!;
        const a = c - q * nx;
        const b = c + q * nx;
        for (let i = 0; i < nx; i++) acc[i] = acc[i]! + (slab[a + i]! + slab[b + i]!) * wq;
      }
      dst.set(acc, base + t * rowStride);
    }
  }
}
