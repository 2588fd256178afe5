import { describe, expect, it } from 'vitest';
import { borrowKernelHeap, rescaleToFloat32 } from './rescale-to-float32.js';

/** The definition: float64 stored·slope + intercept, rounded once to float32. */
function reference(stored: ArrayLike<number>, slope: number, intercept: number): Float32Array {
  return Float32Array.from({ length: stored.length }, (_, i) => stored[i]! * slope + intercept);
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('rescaleToFloat32', () => {
  const rnd = lcg(7);
  const cases: [string, Int16Array | Uint16Array | Uint8Array | Int32Array | Float32Array, number, number][] = [
    ['int16 CT (slope 1, intercept −1024), length not a multiple of 8', Int16Array.from({ length: 1037 }, () => Math.floor(rnd() * 65536) - 32768), 1, -1024],
    ['int16 with a PET-like fractional slope', Int16Array.from({ length: 4099 }, () => Math.floor(rnd() * 65536) - 32768), 0.0123456789, 3.5],
    ['uint16 extremes', Uint16Array.from([0, 1, 32767, 32768, 65535, 65534, 12345, 7, 9]), 2.5, -0.25],
    ['int16 extremes', Int16Array.from([-32768, -1, 0, 1, 32767, -2000, 3071, -1024, 5]), 1, -1024],
    ['uint8 (scalar path)', Uint8Array.from({ length: 300 }, (_, i) => i % 256), 0.5, 10],
    ['int32 (scalar path)', Int32Array.from([-2147483648, 0, 2147483647, 123456789]), 1e-3, 0],
    ['int32 above 2^24 (would round if converted to float32 first)', Int32Array.from([16777217, 33554435, -16777219]), 1, 0.5],
    ['int16, integer slope at the float32 limit (f32 lanes)', Int16Array.from({ length: 77 }, (_, i) => (i - 38) * 850), 256, -8388608],
    ['int16, integer slope just past the limit (f64 lanes)', Int16Array.from({ length: 77 }, (_, i) => (i - 38) * 850), 257, 3],
    ['uint16, integer intercept past 2^23 (f64 lanes)', Uint16Array.from({ length: 33 }, (_, i) => i * 1999), 3, 2 ** 23 + 1],
    ['float32 identity', Float32Array.from([0.1, -2.5, 1e30]), 1, 0],
    ['empty', new Int16Array(0), 2, 1],
  ];
  it.each(cases)('%s equals the float64 formula bit for bit', (_name, stored, slope, intercept) => {
    const out = new Float32Array(stored.length);
    rescaleToFloat32(stored, slope, intercept, out);
    expect(Array.from(out)).toEqual(Array.from(reference(stored, slope, intercept)));
  });

  it('writes into a SharedArrayBuffer view at an offset and leaves the rest and the input alone', () => {
    const stored = Int16Array.from({ length: 100 }, (_, i) => i * 300 - 15000);
    const before = Array.from(stored);
    const target = new Float32Array(new SharedArrayBuffer(4 * 300)).fill(-7);
    rescaleToFloat32(stored, 2, 1, target.subarray(100, 200));
    expect(target[99]).toBe(-7);
    expect(target[200]).toBe(-7);
    expect(Array.from(target.subarray(100, 200))).toEqual(Array.from(reference(stored, 2, 1)));
    expect(Array.from(stored)).toEqual(before);
  });

  it('works on a view that does not start at the beginning of its buffer (odd byte offset of the frame)', () => {
    const big = Int16Array.from({ length: 64 }, (_, i) => i - 32);
    const view = big.subarray(3, 40);
    const out = new Float32Array(view.length);
    rescaleToFloat32(view, -1, 0.5, out);
    expect(Array.from(out)).toEqual(Array.from(reference(view, -1, 0.5)));
  });

  it('grows its memory for a large frame (1024×1024)', () => {
    const stored = Uint16Array.from({ length: 1024 * 1024 }, (_, i) => i & 0xffff);
    const out = new Float32Array(stored.length);
    rescaleToFloat32(stored, 1, -1000, out);
    expect(out[0]).toBe(-1000);
    expect(out[70000]).toBe((70000 & 0xffff) - 1000);
    expect(out[stored.length - 1]).toBe(65535 - 1000);
  });

  it('uses samples read into the kernel heap in place and never overwrites borrowed bytes', () => {
    const heap = borrowKernelHeap(4096);
    if (heap === undefined) return; // no WebAssembly SIMD here: nothing to check
    for (let i = 0; i < heap.length; i++) heap[i] = (i * 37) & 0xff;
    const inHeap = new Int16Array(heap.buffer, heap.byteOffset + 100, 1000);
    const expected = reference(inHeap, 1, -1024);
    const out = new Float32Array(1000);
    rescaleToFloat32(inHeap, 1, -1024, out);
    expect(Array.from(out)).toEqual(Array.from(expected));
    // A frame decoded elsewhere (e.g. by a codec) is copied in behind the borrowed bytes.
    const snapshot = heap.slice();
    const other = Int16Array.from({ length: 3000 }, (_, i) => i - 1500);
    const out2 = new Float32Array(other.length);
    rescaleToFloat32(other, 2, 1, out2);
    expect(Array.from(out2)).toEqual(Array.from(reference(other, 2, 1)));
    expect(heap.byteLength).toBe(4096); // not detached
    expect(Buffer.from(heap).equals(Buffer.from(snapshot))).toBe(true);
    // A frame too large for the space behind the borrowed bytes takes the scalar path, still exact.
    const huge = Uint16Array.from({ length: 200_000 }, (_, i) => i & 0xffff);
    const out3 = new Float32Array(huge.length);
    rescaleToFloat32(huge, 1, -3, out3);
    expect(out3[199_999]).toBe((199_999 & 0xffff) - 3);
    expect(heap.byteLength).toBe(4096);
  });
});
