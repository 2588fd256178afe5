/**
 * Byte helpers shared by the tests of this package (test-only: excluded from the build).
 * @packageDocumentation
 */

/** Concatenates byte arrays into a new one. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Replace `remove` bytes at `at` by `insert` (hex). Applied in order; offsets refer to the bytes at that step. */
export interface Splice {
  at: number;
  remove: number;
  insert?: string;
}

/** Applies splices (clamped to the current length), returning new bytes; `src` is not modified. */
export function applySplices(src: Uint8Array, splices: readonly Splice[]): Uint8Array {
  let out = src;
  for (const s of splices) {
    const at = Math.min(Math.max(0, s.at), out.length);
    const remove = Math.min(s.remove, out.length - at);
    const insert = s.insert === undefined ? new Uint8Array(0) : Uint8Array.from(Buffer.from(s.insert, 'hex'));
    out = concatBytes(out.subarray(0, at), insert, out.subarray(at + remove));
  }
  return out;
}
