import type { PixelDescription } from './describe-pixels.js';

/** Stored pixel values of one frame; the array type follows the sample type. */
export type StoredPixelArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

/** Unsigned words as read from a codestream or native data, before masking / sign extension. */
export type RawWords = Uint8Array | Uint16Array | Uint32Array;

/** A pixel description plus derived sizes. */
export interface DescribedPixels extends PixelDescription {
  /** Pixels per frame (rows × columns). */
  readonly pixels: number;
  /** Samples per frame as stored natively (YBR_FULL_422: 2 per pixel). */
  readonly frameSamples: number;
}

/** Adds derived sizes to a pixel description. */
export function layoutOf(desc: PixelDescription): DescribedPixels {
  const pixels = desc.rows * desc.columns;
  const ybr422 = desc.photometricInterpretation === 'YBR_FULL_422' && desc.samplesPerPixel === 3;
  return { ...desc, pixels, frameSamples: ybr422 ? pixels * 2 : pixels * desc.samplesPerPixel };
}

/**
 * Decoding convention steps 2–4: shift right by HighBit+1−BitsStored, keep BitsStored bits,
 * sign-extend when PixelRepresentation = 1, store in an array of BitsAllocated width.
 */
export function normaliseStored(raw: RawWords, desc: PixelDescription): StoredPixelArray {
  const { bitsAllocated: ba, bitsStored: bs, highBit } = desc;
  const signed = desc.pixelRepresentation === 1;
  const shift = highBit + 1 - bs;
  const width = ba <= 8 ? 8 : ba <= 16 ? 16 : 32;
  const n = raw.length;
  if (shift === 0 && bs === width) {
    if (!signed) return raw;
    if (width === 8) return new Int8Array(raw.buffer, raw.byteOffset, n);
    if (width === 16) return new Int16Array(raw.buffer, raw.byteOffset, n);
    return new Int32Array(raw.buffer, raw.byteOffset, n);
  }
  const mask = bs >= 32 ? 0xffffffff : (2 ** bs - 1);
  const out = width === 8 ? (signed ? new Int8Array(n) : new Uint8Array(n))
    : width === 16 ? (signed ? new Int16Array(n) : new Uint16Array(n))
      : signed ? new Int32Array(n) : new Uint32Array(n);
  if (signed) {
    const sign = 2 ** (bs - 1);
    if (bs < 32) {
      for (let i = 0; i < n; i++) {
        const v = (raw[i]! >>> shift) & mask;
        out[i] = (v ^ sign) - sign;
      }
    } else for (let i = 0; i < n; i++) out[i] = raw[i]! | 0;
  } else if (bs < 32) {
    for (let i = 0; i < n; i++) out[i] = (raw[i]! >>> shift) & mask;
  } else for (let i = 0; i < n; i++) out[i] = raw[i]! >>> shift;
  return out;
}

/** Planar configuration 1 (RRR…GGG…BBB…) → 0 (RGBRGB…). */
export function interleavePlanes<T extends RawWords>(planar: T, pixels: number, samples: number): T {
  const out = new (planar.constructor as new (n: number) => T)(pixels * samples);
  for (let s = 0; s < samples; s++) {
    const base = s * pixels;
    for (let p = 0, o = s; p < pixels; p++, o += samples) out[o] = planar[base + p]!;
  }
  return out;
}

/** Uncompressed YBR_FULL_422 (Y1 Y2 Cb Cr per pixel pair) → Y,Cb,Cr per pixel (chroma repeated). */
export function expandYbr422<T extends RawWords>(packed: T, rows: number, columns: number): T {
  const out = new (packed.constructor as new (n: number) => T)(rows * columns * 3);
  const pairsPerRow = Math.ceil(columns / 2);
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < pairsPerRow; p++) {
      const i = (r * pairsPerRow + p) * 4;
      const y1 = packed[i]!, y2 = packed[i + 1]!, cb = packed[i + 2]!, cr = packed[i + 3]!;
      const o = (r * columns + 2 * p) * 3;
      out[o] = y1; out[o + 1] = cb; out[o + 2] = cr;
      if (2 * p + 1 < columns) {
        out[o + 3] = y2; out[o + 4] = cb; out[o + 5] = cr;
      }
    }
  }
  return out;
}

/** BitsAllocated 1: unpacks `count` bits LSB-first starting at `bitOffset` to one byte (0/1) each. */
export function unpackBits(bytes: Uint8Array, bitOffset: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0, b = bitOffset; i < count; i++, b++) out[i] = (bytes[b >>> 3]! >>> (b & 7)) & 1;
  return out;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads little- or big-endian words of `bytesPerWord` from bytes into an unsigned array. Little-endian
 * data that is aligned in its buffer is returned as a view (no copy: the copy was ~20 % of decoding a
 * native CT series); everything else is copied. Callers must not write into the result.
 */
export function readWords(bytes: Uint8Array, bytesPerWord: 1 | 2 | 4, littleEndian: boolean): RawWords {
  const n = Math.floor(bytes.length / bytesPerWord);
  if (bytesPerWord === 1) return bytes.slice(0, n);
  if (littleEndian && HOST_LITTLE_ENDIAN && bytes.byteOffset % bytesPerWord === 0) {
    return bytesPerWord === 2 ? new Uint16Array(bytes.buffer, bytes.byteOffset, n) : new Uint32Array(bytes.buffer, bytes.byteOffset, n);
  }
  const copy = bytes.slice(0, n * bytesPerWord);
  if (!littleEndian) {
    for (let i = 0; i < copy.length; i += bytesPerWord) {
      if (bytesPerWord === 2) {
        const t = copy[i]!; copy[i] = copy[i + 1]!; copy[i + 1] = t;
      } else {
        let t = copy[i]!; copy[i] = copy[i + 3]!; copy[i + 3] = t;
        t = copy[i + 1]!; copy[i + 1] = copy[i + 2]!; copy[i + 2] = t;
      }
    }
  }
  return bytesPerWord === 2 ? new Uint16Array(copy.buffer, 0, n) : new Uint32Array(copy.buffer, 0, n);
}
