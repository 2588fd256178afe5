import type { Vec3 } from '@medlens/core';
import { CONV_WASM_BASE64 } from './conv-wasm.js';
import { axisLayout, buildIndexMap, type BoundaryMode } from './filter-options.js';
import { compileWasmModule, instantiateWithMemory } from './wasm-module.js';

type Conv = (src: number, tap: number, rowStride: number, nRows: number, nCols: number, r: number, w: number, out: number) => void;

/**
 * {@link correlateAxis} with the WebAssembly SIMD row kernel (wasm/conv.wat: float32 samples,
 * float64 weights and sums, the same operations in the same order as the JS path). Each k-plane
 * (axes 0, 1) or j-slab (axis 2) is copied, padded by the boundary rule, into the module's memory,
 * convolved and copied back. Returns false (doing nothing) where WebAssembly SIMD is unavailable.
 * With mode 'constant', `cval` is rounded to float32 here (as any input sample).
 */
export function correlateAxisSimd(src: Float32Array, dst: Float32Array, size: Vec3, axis: 0 | 1 | 2, halfWeights: Float64Array, mode: BoundaryMode, cval: number): boolean {
  const mod = compileWasmModule(CONV_WASM_BASE64);
  if (mod === null) return false;
  const [nx, ny, nz] = size;
  const r = halfWeights.length - 1;
  const nxPad = Math.ceil(nx / 4) * 4;
  const wFloats = Math.ceil(((r + 1) * 2) / 4) * 4; // weights as float64, in float32 slots
  const n = axis === 0 ? nx : axis === 1 ? ny : nz;
  const rows = axis === 0 ? ny : n + 2 * r;
  const rowLen = axis === 0 ? nxPad + 2 * r : nxPad;
  const outRows = axis === 0 ? ny : n;
  const inOff = wFloats;
  const outOff = inOff + rows * rowLen + 4;
  const { exports, memory } = instantiateWithMemory(mod, (outOff + outRows * nxPad) * 4);
  const conv = exports['conv'] as Conv;
  new Float64Array(memory.buffer, 0, r + 1).set(halfWeights);
  const heap = new Float32Array(memory.buffer);
  const map = buildIndexMap(n, r, mode);
  if (axis === 0) {
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        const base = (k * ny + j) * nx;
        const off = inOff + j * rowLen;
        heap.set(src.subarray(base, base + nx), off + r);
        for (let p = 0; p < r; p++) {
          const a = map[p]!;
          const b = map[nx + r + p]!;
          heap[off + p] = a < 0 ? cval : src[base + a]!;
          heap[off + nx + r + p] = b < 0 ? cval : src[base + b]!;
        }
      }
      conv((inOff + r) * 4, 4, rowLen * 4, ny, nxPad, r, 0, outOff * 4);
      for (let j = 0; j < ny; j++) {
        dst.set(heap.subarray(outOff + j * nxPad, outOff + j * nxPad + nx), (k * ny + j) * nx);
      }
    }
    return true;
  }
  const { outer, rowStride, outerStride } = axisLayout(axis, nx, ny, nz);
  for (let o = 0; o < outer; o++) {
    const base = o * outerStride;
    for (let p = 0; p < n + 2 * r; p++) {
      const m = map[p]!;
      const off = inOff + p * rowLen;
      if (m < 0) heap.fill(cval, off, off + nx);
      else heap.set(src.subarray(base + m * rowStride, base + m * rowStride + nx), off);
    }
    conv((inOff + r * rowLen) * 4, rowLen * 4, rowLen * 4, n, nxPad, r, 0, outOff * 4);
    for (let t = 0; t < n; t++) {
      dst.set(heap.subarray(outOff + t * nxPad, outOff + t * nxPad + nx), base + t * rowStride);
    }
  }
  return true;
}
