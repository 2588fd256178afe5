import { RESCALE_WASM_BASE64 } from './rescale-wasm-bytes.js';
import type { StoredPixelArray } from './sample-layout.js';

interface RescaleKernel {
  memory: WebAssembly.Memory;
  rescale16: (src: number, dst: number, n: number, signed: number, slope: number, intercept: number) => void;
  rescale16f32: (src: number, dst: number, n: number, signed: number, slope: number, intercept: number) => void;
}

/** Bytes of the kernel heap lent out by {@link borrowKernelHeap} (its start), 0 when none. */
let lentBytes = 0;

let kernel: RescaleKernel | null | undefined;

/** The WASM SIMD kernel (wasm/rescale.wat), instantiated once per thread; null where unsupported. */
function loadKernel(): RescaleKernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = Uint8Array.from(atob(RESCALE_WASM_BASE64), (c) => c.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const { memory, rescale16, rescale16f32 } = instance.exports as unknown as RescaleKernel;
    kernel = { memory, rescale16, rescale16f32 };
  } catch {
    kernel = null; // no WebAssembly SIMD (old browser): the scalar path below is exact too
  }
  return kernel;
}

let scratch = new Float32Array(0);

/**
 * True when float32 arithmetic gives the float64 result exactly for every 16-bit sample: integer slope
 * |s| ≤ 256 and integer intercept |b| ≤ 2^23 keep every product and sum an integer below 2^24.
 */
function isExactInFloat32(slope: number, intercept: number): boolean {
  return Number.isInteger(slope) && Math.abs(slope) <= 256 && Number.isInteger(intercept) && Math.abs(intercept) <= 2 ** 23;
}

/**
 * A byte buffer of `byteLength` inside the kernel's memory, with room behind it for the float32 output
 * of 16-bit frames read from it (2 × byteLength), so a worker can read a file straight into the heap and
 * skip one copy per frame. Valid until the next call (one file at a time per thread); undefined where
 * the kernel is unavailable.
 */
export function borrowKernelHeap(byteLength: number): Uint8Array | undefined {
  const k = loadKernel();
  if (k === null) return undefined;
  const need = ((byteLength + 15) & ~15) + 2 * byteLength + 16;
  if (k.memory.buffer.byteLength < need) k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
  lentBytes = byteLength;
  return new Uint8Array(k.memory.buffer, 0, byteLength);
}

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
    // Samples already in the kernel heap (a file read with borrowKernelHeap) are used in place; other
    // samples are copied in behind the borrowed bytes, never over them.
    const inHeap = stored.buffer === k.memory.buffer && stored.byteOffset % 2 === 0;
    const base = (lentBytes + 15) & ~15;
    const src = inHeap ? stored.byteOffset : base;
    const dst = (Math.max(base, src + n * 2) + 15) & ~15;
    const need = dst + n * 4;
    if (k.memory.buffer.byteLength < need) {
      // Growing detaches the memory's buffer, and with it the borrowed file bytes: use the scalar path.
      if (lentBytes > 0) return rescaleScalar(stored, slope, intercept, out);
      k.memory.grow(Math.ceil((need - k.memory.buffer.byteLength) / 65536));
    }
    const heap = k.memory.buffer;
    if (!inHeap) new Uint8Array(heap, src, n * 2).set(new Uint8Array(stored.buffer, stored.byteOffset, n * 2));
    const signed = stored instanceof Int16Array ? 1 : 0;
    if (isExactInFloat32(slope, intercept)) k.rescale16f32(src, dst, n, signed, slope, intercept);
    else k.rescale16(src, dst, n, signed, slope, intercept);
    out.set(new Float32Array(heap, dst, n));
    return;
  }
  rescaleScalar(stored, slope, intercept, out);
}

/** Native conversion, then a monomorphic float32 loop on a private scratch array, then one copy out. */
function rescaleScalar(stored: StoredPixelArray, slope: number, intercept: number, out: Float32Array): void {
  const n = stored.length;
  if (scratch.length < n) scratch = new Float32Array(n);
  const values = scratch.subarray(0, n);
  if (stored instanceof Int32Array || stored instanceof Uint32Array || stored instanceof Float64Array) {
    // Converting these to float32 first would round before the arithmetic: compute from the source.
    for (let i = 0; i < n; i++) values[i] = stored[i]! * slope + intercept;
  } else {
    values.set(stored); // exact for ≤ 16-bit integers and float32
    if (slope !== 1 || intercept !== 0) {
      for (let i = 0; i < n; i++) values[i] = values[i]! * slope + intercept;
    }
  }
  out.set(values);
}
