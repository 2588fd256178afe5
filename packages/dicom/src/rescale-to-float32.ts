import { RESCALE_WASM_BASE64 } from './rescale-wasm-bytes.js';
import type { StoredPixelArray } from './sample-layout.js';

interface RescaleKernel {
  memory: WebAssembly.Memory;
  rescale16: (src: number, dst: number, n: number, signed: number, slope: number, intercept: number) => void;
}

let kernel: RescaleKernel | null | undefined;

/** The WASM SIMD kernel (wasm/rescale.wat), instantiated once per thread; null where unsupported. */
function loadKernel(): RescaleKernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = Uint8Array.from(atob(RESCALE_WASM_BASE64), (c) => c.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const { memory, rescale16 } = instance.exports as unknown as RescaleKernel;
    kernel = { memory, rescale16 };
  } catch {
    kernel = null; // no WebAssembly SIMD (old browser): the scalar path below is exact too
  }
  return kernel;
}

let scratch = new Float32Array(0);

/**
 * Writes `stored[i] · slope + intercept` as float32 into `out` (same length; `out` may live on a
 * SharedArrayBuffer). The result is the float64 value rounded once to float32 on every path.
 *
 * Why a WASM kernel: V8 runs the scalar loop at ~3 ns per sample on the CI machine (52 M samples of a
 * 512×512×200 CT = ~160 ms, a third of series loading); the SIMD kernel takes ~0.3 ns. Other sample
 * types use a native TypedArray conversion then a monomorphic float32 loop on a private scratch array
 * (element access on SharedArrayBuffer-backed arrays is several times slower in V8).
 */
export function rescaleToFloat32(stored: StoredPixelArray, slope: number, intercept: number, out: Float32Array): void {
  const n = stored.length;
  const k = (stored instanceof Int16Array || stored instanceof Uint16Array) && n > 0 ? loadKernel() : null;
  if (k !== null) {
    const dst = (n * 2 + 15) & ~15; // float32 output 16-byte aligned after the samples
    const need = dst + n * 4;
    if (k.memory.buffer.byteLength < need) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
    const heap = k.memory.buffer;
    new Uint8Array(heap, 0, n * 2).set(new Uint8Array(stored.buffer, stored.byteOffset, n * 2));
    k.rescale16(0, dst, n, stored instanceof Int16Array ? 1 : 0, slope, intercept);
    out.set(new Float32Array(heap, dst, n));
    return;
  }
  if (scratch.length < n) scratch = new Float32Array(n);
  const values = scratch.subarray(0, n);
  values.set(stored);
  if (slope !== 1 || intercept !== 0) {
    for (let i = 0; i < n; i++) values[i] = values[i]! * slope + intercept;
  }
  out.set(values);
}
