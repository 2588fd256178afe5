import type { Vec3 } from '@medlens/core';
import { buildIndexMap, type BoundaryMode } from './filter-options.js';
import { createMedian27Kernel } from './median27-kernel.js';

/** Compare-exchange network sorting 9 values (25 comparators, depth 7); unrolled in {@link median3x3x3}. */
export const SORT9_NETWORK: readonly (readonly [number, number])[] = [
  [0, 3], [1, 7], [2, 5], [4, 8],
  [0, 7], [2, 4], [3, 8], [5, 6],
  [0, 2], [1, 3], [4, 5], [7, 8],
  [1, 4], [3, 6], [5, 7],
  [0, 1], [2, 4], [3, 5], [6, 8],
  [2, 3], [4, 5], [6, 7],
  [1, 2], [3, 4], [5, 6],
];

/** Entries per sorted column in the scratch buffer: 9 values and a +Infinity sentinel. */
const STRIDE = 10;

/**
 * Median of every 3×3×3 window (rank 13 of 27) for planes k ∈ [k0, k1), written into `dst`.
 *
 * Float32 data goes to the WebAssembly SIMD kernel when available. Otherwise (JS path): for each
 * i-row, the 3×3 (j, k) column at every padded i is sorted once with {@link SORT9_NETWORK}
 * (unrolled on locals) and shared by the three windows that contain it; each output then takes the
 * 14th smallest of its three sorted columns by a 13-step three-way merge. A window holding a NaN
 * gives NaN. All buffers are allocated once per call.
 */
export function median3x3x3(src: Float32Array | Float64Array, dst: Float32Array | Float64Array, size: Vec3, mode: BoundaryMode, cval: number, k0: number, k1: number): void {
  if (src instanceof Float32Array && median3x3x3Simd(src, dst, size, mode, cval, k0, k1)) return;
  const [nx, ny, nz] = size;
  const px = nx + 2;
  const mapI = buildIndexMap(nx, 1, mode);
  const mapJ = buildIndexMap(ny, 1, mode);
  const mapK = buildIndexMap(nz, 1, mode);
  const cols = new Float64Array(px * STRIDE);
  const nanCols = new Uint8Array(px);
  const rowBase = new Int32Array(9);
  const line = new Float64Array(9 * px);
  for (let k = k0; k < k1; k++) {
    for (let j = 0; j < ny; j++) {
      for (let dk = 0; dk < 3; dk++) {
        const kk = mapK[k + dk]!;
        for (let dj = 0; dj < 3; dj++) {
          const jj = mapJ[j + dj]!;
          rowBase[dk * 3 + dj] = kk < 0 || jj < 0 ? -1 : (kk * ny + jj) * nx;
        }
      }
      // The nine padded source rows of this output row, one after the other.
      for (let r = 0; r < 9; r++) {
        const b = rowBase[r]!;
        const off = r * px;
        for (let p = 0; p < px; p++) {
          const ii = mapI[p]!;
          line[off + p] = b < 0 || ii < 0 ? cval : src[b + ii]!;
        }
      }
      for (let p = 0; p < px; p++) {
        let v0 = line[p]!;
        let v1 = line[px + p]!;
        let v2 = line[2 * px + p]!;
        let v3 = line[3 * px + p]!;
        let v4 = line[4 * px + p]!;
        let v5 = line[5 * px + p]!;
        let v6 = line[6 * px + p]!;
        let v7 = line[7 * px + p]!;
        let v8 = line[8 * px + p]!;
        const sum = v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8;
        // NaN anywhere makes the sum NaN (so can +Inf meeting −Inf: then check exactly).
        const nan = sum !== sum && (v0 !== v0 || v1 !== v1 || v2 !== v2 || v3 !== v3 || v4 !== v4 || v5 !== v5 || v6 !== v6 || v7 !== v7 || v8 !== v8);
        nanCols[p] = nan ? 1 : 0;
        if (!nan) {
          let t: number;
          if (v3 < v0) { t = v0; v0 = v3; v3 = t; }
          if (v7 < v1) { t = v1; v1 = v7; v7 = t; }
          if (v5 < v2) { t = v2; v2 = v5; v5 = t; }
          if (v8 < v4) { t = v4; v4 = v8; v8 = t; }
          if (v7 < v0) { t = v0; v0 = v7; v7 = t; }
          if (v4 < v2) { t = v2; v2 = v4; v4 = t; }
          if (v8 < v3) { t = v3; v3 = v8; v8 = t; }
          if (v6 < v5) { t = v5; v5 = v6; v6 = t; }
          if (v2 < v0) { t = v0; v0 = v2; v2 = t; }
          if (v3 < v1) { t = v1; v1 = v3; v3 = t; }
          if (v5 < v4) { t = v4; v4 = v5; v5 = t; }
          if (v8 < v7) { t = v7; v7 = v8; v8 = t; }
          if (v4 < v1) { t = v1; v1 = v4; v4 = t; }
          if (v6 < v3) { t = v3; v3 = v6; v6 = t; }
          if (v7 < v5) { t = v5; v5 = v7; v7 = t; }
          if (v1 < v0) { t = v0; v0 = v1; v1 = t; }
          if (v4 < v2) { t = v2; v2 = v4; v4 = t; }
          if (v5 < v3) { t = v3; v3 = v5; v5 = t; }
          if (v8 < v6) { t = v6; v6 = v8; v8 = t; }
          if (v3 < v2) { t = v2; v2 = v3; v3 = t; }
          if (v5 < v4) { t = v4; v4 = v5; v5 = t; }
          if (v7 < v6) { t = v6; v6 = v7; v7 = t; }
          if (v2 < v1) { t = v1; v1 = v2; v2 = t; }
          if (v4 < v3) { t = v3; v3 = v4; v4 = t; }
          if (v6 < v5) { t = v5; v5 = v6; v6 = t; }
        }
        const c = p * STRIDE;
        cols[c] = v0;
        cols[c + 1] = v1;
        cols[c + 2] = v2;
        cols[c + 3] = v3;
        cols[c + 4] = v4;
        cols[c + 5] = v5;
        cols[c + 6] = v6;
        cols[c + 7] = v7;
        cols[c + 8] = v8;
        cols[c + 9] = Infinity;
      }
      const outBase = (k * ny + j) * nx;
      for (let i = 0; i < nx; i++) {
        if (nanCols[i]! + nanCols[i + 1]! + nanCols[i + 2]! !== 0) {
          dst[outBase + i] = NaN;
          continue;
        }
        // 14th smallest of three sorted 9-lists: drop the 13 smallest, then take the smallest head.
        // The +Infinity sentinel ends an exhausted list (a real +Infinity ties with it harmlessly).
        let a = i * STRIDE;
        let b = a + STRIDE;
        let c = b + STRIDE;
        let va = cols[a]!;
        let vb = cols[b]!;
        let vc = cols[c]!;
        for (let s = 0; s < 13; s++) {
          if (va <= vb) {
            if (va <= vc) va = cols[++a]!;
            else vc = cols[++c]!;
          } else if (vb <= vc) {
            vb = cols[++b]!;
          } else {
            vc = cols[++c]!;
          }
        }
        dst[outBase + i] = va <= vb ? (va <= vc ? va : vc) : vb <= vc ? vb : vc;
      }
    }
  }
}

/**
 * 3×3×3 median of float32 data with the WebAssembly SIMD kernel (4 voxels per step, branch-free
 * forgetful selection); false when WebAssembly is unavailable. Same results and NaN rule as the JS path.
 */
function median3x3x3Simd(src: Float32Array, dst: Float32Array | Float64Array, size: Vec3, mode: BoundaryMode, cval: number, k0: number, k1: number): boolean {
  const [nx, ny, nz] = size;
  const kernel = createMedian27Kernel(nx);
  if (kernel === null) return false;
  const { heap, stride, outOffset } = kernel;
  const mapI = buildIndexMap(nx, 1, mode);
  const mapJ = buildIndexMap(ny, 1, mode);
  const mapK = buildIndexMap(nz, 1, mode);
  const first = mapI[0]!;
  const last = mapI[nx + 1]!;
  const c32 = Math.fround(cval);
  for (let k = k0; k < k1; k++) {
    for (let j = 0; j < ny; j++) {
      for (let dk = 0; dk < 3; dk++) {
        const kk = mapK[k + dk]!;
        for (let dj = 0; dj < 3; dj++) {
          const jj = mapJ[j + dj]!;
          const off = (dk * 3 + dj) * stride;
          if (kk < 0 || jj < 0) {
            heap.fill(c32, off, off + nx + 2);
          } else {
            const b = (kk * ny + jj) * nx;
            heap[off] = first < 0 ? c32 : src[b + first]!;
            heap.set(src.subarray(b, b + nx), off + 1);
            heap[off + nx + 1] = last < 0 ? c32 : src[b + last]!;
          }
        }
      }
      kernel.run();
      dst.set(heap.subarray(outOffset, outOffset + nx), (k * ny + j) * nx);
    }
  }
  return true;
}
