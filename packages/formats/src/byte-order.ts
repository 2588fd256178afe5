import { VOXEL_TYPES, type VoxelArray, type VoxelType } from '@medlens/core';

/** True on little-endian hosts (every platform Node supports in practice; checked, not assumed). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Bytes per value of each voxel type. */
export const VOXEL_TYPE_BYTES: Readonly<Record<VoxelType, number>> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
};

/** Reverses the byte order of each `width`-byte value of `bytes`, in place. */
export function swapBytesInPlace(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let p = 0; p + width <= bytes.length; p += width) {
    for (let a = p, b = p + width - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/**
 * Copies `count` values of `type` stored at `bytes[start…]` in the given byte order into a new,
 * aligned typed array (one copy; the input is never aliased nor modified).
 */
export function typedArrayFromBytes(bytes: Uint8Array, start: number, count: number, type: VoxelType, littleEndian: boolean): VoxelArray {
  const width = VOXEL_TYPE_BYTES[type];
  const buffer = new ArrayBuffer(count * width);
  const copy = new Uint8Array(buffer);
  copy.set(bytes.subarray(start, start + count * width));
  if (littleEndian !== HOST_LITTLE_ENDIAN) swapBytesInPlace(copy, width);
  return new VOXEL_TYPES[type](buffer);
}

/**
 * The little-endian bytes of `data`: a view without copying on little-endian hosts, a swapped copy
 * otherwise. The caller must not modify the result.
 */
export function littleEndianBytes(data: VoxelArray): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (HOST_LITTLE_ENDIAN) return view;
  const copy = view.slice();
  swapBytesInPlace(copy, data.BYTES_PER_ELEMENT);
  return copy;
}

/**
 * Planar → interleaved: `planar` holds `components` planes of `voxels` values each; the result holds
 * the components of each voxel next to each other (the Volume layout).
 */
export function interleave<T extends VoxelArray>(planar: T, voxels: number, components: number): T {
  if (components === 1) return planar;
  const out = new (planar.constructor as new (n: number) => T)(planar.length);
  for (let c = 0; c < components; c++) {
    const base = c * voxels;
    for (let v = 0; v < voxels; v++) out[v * components + c] = planar[base + v]!;
  }
  return out;
}

/** Interleaved → planar, the inverse of {@link interleave}. */
export function deinterleave<T extends VoxelArray>(interleaved: T, voxels: number, components: number): T {
  if (components === 1) return interleaved;
  const out = new (interleaved.constructor as new (n: number) => T)(interleaved.length);
  for (let c = 0; c < components; c++) {
    const base = c * voxels;
    for (let v = 0; v < voxels; v++) out[base + v] = interleaved[v * components + c]!;
  }
  return out;
}
