import { MedlensError } from '@medlens/core';
import type { DescribedPixels } from './sample-layout.js';
import type { DicomDataset } from './dicom-dataset.js';
import type { PixelDataElement, PixelFragment } from './pixel-data-element.js';

/** The bytes of one frame: a byte range (native) or the codestream (encapsulated). */
export interface FrameBytes {
  readonly bytes: Uint8Array;
  /** Bit offset of the first sample in `bytes` (BitsAllocated 1 only; frames may start mid-byte). */
  readonly bitOffset: number;
}

function corrupt(path: string | undefined, pixel: PixelDataElement, message: string): MedlensError {
  return new MedlensError('DICOM_PIXEL_DATA_CORRUPT', message, { path, tag: `(${pixel.tag.slice(0, 4).toLowerCase()},${pixel.tag.slice(4).toLowerCase()})` });
}

/**
 * Extracts the bytes of frame `frameIndex` of native (uncompressed) pixel data.
 * @throws MedlensError DICOM_PIXEL_DATA_CORRUPT when the pixel data is shorter than the frame needs
 */
export function nativeFrameBytes(dataset: DicomDataset, pixel: PixelDataElement, layout: DescribedPixels, frameIndex: number, path?: string): FrameBytes {
  const frameBits = layout.frameSamples * layout.bitsAllocated;
  const startBit = frameBits * frameIndex;
  const startByte = Math.floor(startBit / 8);
  const endByte = Math.ceil((startBit + frameBits) / 8);
  if (endByte > pixel.availableLength) {
    throw corrupt(path, pixel, `frame ${frameIndex} needs bytes ${startByte}…${endByte} of the pixel data but only ${pixel.availableLength} are present${pixel.truncated ? ' (file truncated)' : ''}`);
  }
  const base = pixel.offset;
  return { bytes: dataset.buffer.subarray(base + startByte, base + endByte), bitOffset: startBit % 8 };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** True when the fragment starts a JPEG (FFD8) or JPEG 2000 / HTJ2K (FF4F) codestream. */
function startsCodestream(buffer: Uint8Array, f: PixelFragment): boolean {
  const a = buffer[f.offset];
  const b = buffer[f.offset + 1];
  return a === 0xff && (b === 0xd8 || b === 0x4f);
}

/**
 * Groups the fragments of encapsulated pixel data into frames (PS3.5 A.4): by the Extended Offset
 * Table (7FE0,0001/0002) when present, else the Basic Offset Table, else one fragment per frame
 * when the counts agree, else all fragments for a single frame, else split at codestream start markers.
 * @throws MedlensError DICOM_PIXEL_DATA_CORRUPT when the frame cannot be located
 */
export function encapsulatedFrameBytes(dataset: DicomDataset, pixel: PixelDataElement, numberOfFrames: number, frameIndex: number, path?: string): FrameBytes {
  const fragments = pixel.fragments ?? [];
  const buffer = dataset.buffer;
  if (fragments.length === 0) throw corrupt(path, pixel, 'encapsulated pixel data has no fragments');
  const frames = groupFragments(dataset, pixel, fragments, numberOfFrames, path);
  const group = frames[frameIndex];
  if (group === undefined || group.length === 0) {
    throw corrupt(path, pixel, `frame ${frameIndex} is not present: ${frames.length} frame(s) found in ${fragments.length} fragment(s)`);
  }
  const last = group[group.length - 1]!;
  if (last.offset + last.length > buffer.length || (pixel.truncated && last === fragments[fragments.length - 1])) {
    throw corrupt(path, pixel, `frame ${frameIndex} lies in truncated pixel data`);
  }
  return { bytes: concat(group.map((f) => buffer.subarray(f.offset, f.offset + f.length))), bitOffset: 0 };
}

const cache = new WeakMap<PixelDataElement, PixelFragment[][]>();

function groupFragments(dataset: DicomDataset, pixel: PixelDataElement, fragments: readonly PixelFragment[], numberOfFrames: number, path?: string): PixelFragment[][] {
  const hit = cache.get(pixel);
  if (hit !== undefined) return hit;
  const firstItem = fragments[0]!.offset - 8;
  // Offsets are non-decreasing (checked), fragments in file order: one merge walk, O(fragments + offsets)
  // (a hostile file with 10^5 of each must not cost 10^10 steps).
  const byOffsets = (offsets: readonly number[]): PixelFragment[][] => {
    const out: PixelFragment[][] = offsets.map(() => []);
    let k = -1;
    for (const f of fragments) {
      const rel = f.offset - 8 - firstItem;
      while (k + 1 < offsets.length && offsets[k + 1]! <= rel) k++;
      if (k < 0) throw corrupt(path, pixel, `offset table does not cover the fragment at byte ${f.offset}`);
      out[k]!.push(f);
    }
    return out;
  };
  let frames: PixelFragment[][];
  const extended = dataset.numbers('7FE00001');
  const bot = pixel.basicOffsetTable ?? [];
  if (extended.length > 0) {
    if (extended.some((v, i) => i > 0 && v < extended[i - 1]!)) throw corrupt(path, pixel, 'Extended Offset Table (7FE0,0001) is not increasing');
    frames = byOffsets(extended);
  } else if (bot.length > 0) {
    if (bot.some((v, i) => i > 0 && v <= bot[i - 1]!) || bot[0] !== 0) throw corrupt(path, pixel, 'Basic Offset Table is not increasing from 0');
    frames = byOffsets(bot);
  } else if (fragments.length === numberOfFrames) {
    frames = fragments.map((f) => [f]);
  } else if (numberOfFrames === 1) {
    frames = [[...fragments]];
  } else {
    frames = [];
    for (const f of fragments) {
      if (frames.length === 0 || startsCodestream(dataset.buffer, f)) frames.push([f]);
      else frames[frames.length - 1]!.push(f);
    }
  }
  cache.set(pixel, frames);
  return frames;
}
