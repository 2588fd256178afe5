import { MedlensError } from '@medlens/core';
import type { RawWords } from '../sample-layout.js';
import { unpackBits } from '../sample-layout.js';
import type { CodecOutput, FrameCodec, FrameCodecContext } from './frame-codec.js';

function corrupt(ctx: FrameCodecContext, message: string): MedlensError {
  return new MedlensError('DICOM_PIXEL_DATA_CORRUPT', `RLE frame ${ctx.frameIndex}: ${message}`, { path: ctx.path, tag: '(7fe0,0010)' });
}

/** Most output bytes per input byte of PackBits (a 2-byte replicate run gives 128 bytes). */
const MAX_EXPANSION = 64;

/** PackBits-decodes `src` into `dst` (PS3.5 G.3.1); returns the bytes written. */
export function unpackBitsRle(src: Uint8Array, dst: Uint8Array): number {
  let i = 0;
  let o = 0;
  const n = src.length;
  const cap = dst.length;
  while (i < n && o < cap) {
    const h = src[i++]!;
    if (h < 128) {
      const count = Math.min(h + 1, n - i, cap - o);
      dst.set(src.subarray(i, i + count), o);
      i += h + 1;
      o += count;
    } else if (h > 128) {
      if (i >= n) break;
      const count = Math.min(257 - h, cap - o);
      dst.fill(src[i++]!, o, o + count);
      o += count;
    }
  }
  return o;
}

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of up to 15 segment offsets, one segment per byte
 * plane (most significant byte first) per sample. BitsAllocated 1: one segment of packed bits per sample.
 */
export const rleCodec: FrameCodec = {
  name: 'RLE Lossless',
  lossy: false,
  decode(frame: Uint8Array, ctx: FrameCodecContext): CodecOutput {
    const { desc } = ctx;
    if (frame.length < 64) throw corrupt(ctx, `frame has ${frame.length} bytes, less than the 64-byte RLE header`);
    const view = new DataView(frame.buffer, frame.byteOffset, 64);
    const segmentCount = view.getUint32(0, true);
    const bytesPerSample = desc.bitsAllocated === 1 ? 1 : desc.bitsAllocated / 8;
    const expected = bytesPerSample * desc.samplesPerPixel;
    if (segmentCount !== expected) throw corrupt(ctx, `header declares ${segmentCount} segments, ${expected} expected (${desc.samplesPerPixel} samples × ${bytesPerSample} bytes)`);
    const offsets: number[] = [];
    for (let s = 0; s < segmentCount; s++) offsets.push(view.getUint32(4 + 4 * s, true));
    offsets.push(frame.length);
    const segmentLength = desc.bitsAllocated === 1 ? Math.ceil(desc.pixels / 8) : desc.pixels;
    const segments: Uint8Array[] = [];
    for (let s = 0; s < segmentCount; s++) {
      const start = offsets[s]!;
      const end = Math.min(offsets[s + 1]!, frame.length);
      if (start < 64 || start > frame.length || end < start) throw corrupt(ctx, `segment ${s} offset ${start} is outside the frame`);
      // PackBits expands at most 2 bytes (a replicate run) to 128: checked before allocating the segment.
      if (segmentLength > MAX_EXPANSION * (end - start)) {
        throw corrupt(ctx, `segment ${s} has ${end - start} bytes, which cannot decode to the ${segmentLength} bytes of a ${desc.columns}×${desc.rows} frame`);
      }
      const out = new Uint8Array(segmentLength);
      const written = unpackBitsRle(frame.subarray(start, end), out);
      if (written < segmentLength) throw corrupt(ctx, `segment ${s} decodes to ${written} bytes, ${segmentLength} expected`);
      segments.push(out);
    }
    const spp = desc.samplesPerPixel;
    const pixels = desc.pixels;
    if (desc.bitsAllocated === 1) {
      return { words: unpackBits(segments[0]!, 0, pixels), photometricInterpretation: desc.photometricInterpretation };
    }
    let words: RawWords;
    if (bytesPerSample === 1) {
      const out = new Uint8Array(pixels * spp);
      for (let s = 0; s < spp; s++) {
        const seg = segments[s]!;
        for (let p = 0, o = s; p < pixels; p++, o += spp) out[o] = seg[p]!;
      }
      words = out;
    } else if (bytesPerSample === 2) {
      const out = new Uint16Array(pixels * spp);
      for (let s = 0; s < spp; s++) {
        const hi = segments[2 * s]!, lo = segments[2 * s + 1]!;
        for (let p = 0, o = s; p < pixels; p++, o += spp) out[o] = (hi[p]! << 8) | lo[p]!;
      }
      words = out;
    } else {
      const out = new Uint32Array(pixels * spp);
      for (let s = 0; s < spp; s++) {
        const b = segments.slice(bytesPerSample * s, bytesPerSample * (s + 1));
        for (let p = 0, o = s; p < pixels; p++, o += spp) {
          let v = 0;
          for (const seg of b) v = v * 256 + seg[p]!;
          out[o] = v;
        }
      }
      words = out;
    }
    return { words, photometricInterpretation: desc.photometricInterpretation };
  },
};
