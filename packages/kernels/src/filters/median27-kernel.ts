import { MEDIAN27_WASM_BASE64 } from './median27-wasm.js';
import { compileWasmModule, instantiateWithMemory } from './wasm-module.js';

/** Runs the SIMD median-of-27 over one output row; see wasm/median27.wat. */
export interface Median27Kernel {
  /** Scratch view: 9 padded rows of `stride` floats from offset 0, then the output row. */
  readonly heap: Float32Array;
  readonly stride: number;
  readonly outOffset: number;
  /** Computes outputs 0..nx-1 of the current rows into heap[outOffset …]. */
  run(): void;
}

/**
 * A fresh instance (own memory) sized for rows of `nx` voxels, or null where WebAssembly SIMD is
 * unavailable. The compiled module is immutable and shared; instances are not.
 */
export function createMedian27Kernel(nx: number): Median27Kernel | null {
  const mod = compileWasmModule(MEDIAN27_WASM_BASE64);
  if (mod === null) return null;
  const nvec = Math.ceil(nx / 4);
  const stride = nvec * 4 + 4; // ≥ nx + 2 padded inputs and the 3 extra reads of the last vector
  const floats = 9 * stride + nvec * 4;
  const { exports, memory } = instantiateWithMemory(mod, floats * 4);
  const fn = exports['median27'] as (rows: number, strideBytes: number, out: number, nvec: number) => void;
  const heap = new Float32Array(memory.buffer, 0, floats);
  const outOffset = 9 * stride;
  return { heap, stride, outOffset, run: () => fn(0, stride * 4, outOffset * 4, nvec) };
}
