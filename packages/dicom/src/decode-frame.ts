import { createHash } from 'node:crypto';
import { MedlensError } from '@medlens/core';
import { frameCodecFor } from './codecs/codec-registry.js';
import './codecs/register-jpeg.js';
import './codecs/register-wasm-codecs.js';
import { describePixels } from './describe-pixels.js';
import type { DicomDataset } from './dicom-dataset.js';
import { parseDicom, TS } from './parse-dicom.js';
import { encapsulatedFrameBytes, nativeFrameBytes } from './pixel-frames.js';
import {
  expandYbr422, interleavePlanes, layoutOf, normaliseStored, readWords, unpackBits,
  type DescribedPixels, type RawWords, type StoredPixelArray,
} from './sample-layout.js';

export type { StoredPixelArray } from './sample-layout.js';

/** One decoded frame of stored values (see the corpus decoding convention). */
export interface DecodedFrame {
  /** Stored values. May share memory with the file bytes (native little-endian data): copy before writing. */
  data: StoredPixelArray;
  /** Colour space of `data` as decoded (e.g. YBR_FULL for JPEG YBR_FULL_422, RGB for J2K YBR_RCT). */
  photometricInterpretation: string;
}

/** Options of {@link decodeFrame}. */
export interface DecodeFrameOptions {
  /** The whole file, for datasets read header-only (`readDicomHeader`). */
  bytes?: Uint8Array;
  /** File path for error details. */
  path?: string;
}

/**
 * Decoded frames above this size (bytes) must come from at least 1/{@link MAX_COMPRESSION_RATIO} as
 * many compressed bytes, so that a small hostile file with consistent but huge Rows/Columns cannot
 * make a codec allocate gigabytes. 256 MiB is above any single clinical frame seen in practice.
 */
const UNCHECKED_FRAME_BYTES = 256 * 2 ** 20;
/** Above deflate's 1032:1 limit and far above what lossy codecs reach on real images. */
const MAX_COMPRESSION_RATIO = 2048;

const NATIVE = new Set<string>([TS.implicitLittle, TS.explicitLittle, TS.explicitBig, TS.deflated, TS.jpipDeflated]);

/**
 * Decodes frame `frameIndex` (0-based) to stored values: masked to BitsStored, sign-extended,
 * planar configuration 0, 1-bit unpacked to one byte per pixel; no rescale / LUT / colour conversion
 * beyond what the codestream mandates.
 * @throws MedlensError DICOM_NO_PIXEL_DATA, DICOM_MISSING_ATTRIBUTE, DICOM_INVALID_ATTRIBUTE,
 *   DICOM_UNSUPPORTED_TRANSFER_SYNTAX, DICOM_PIXEL_DATA_CORRUPT, USAGE_INVALID_ARGUMENT (frame index)
 */
export async function decodeFrame(dataset: DicomDataset, frameIndex: number, options: DecodeFrameOptions = {}): Promise<DecodedFrame> {
  const path = options.path;
  if (options.bytes !== undefined) dataset = parseDicom(options.bytes, { path }).dataset;
  const pixel = dataset.pixelData;
  if (pixel === undefined) throw new MedlensError('DICOM_NO_PIXEL_DATA', 'the dataset has no Pixel Data, Float Pixel Data or Double Float Pixel Data', { path, tag: '(7fe0,0010)' });
  if (!pixel.loaded) {
    throw new MedlensError('DICOM_NO_PIXEL_DATA', 'the dataset was read header-only; pass the file bytes (options.bytes) to decode', { path, tag: '(7fe0,0010)' });
  }
  const desc = layoutOf(describePixels(dataset, path));
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= desc.numberOfFrames) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `frame ${frameIndex} does not exist (NumberOfFrames ${desc.numberOfFrames})`, { path, field: 'frameIndex' });
  }
  const ts = dataset.transferSyntaxUid;
  if (!pixel.encapsulated) {
    if (!NATIVE.has(ts) && ts !== '1.2.840.10008.1.2.1.98') frameCodecFor(ts, path); // unknown TS → unsupported
    const frame = nativeFrameBytes(dataset, pixel, desc, frameIndex, path);
    const swap8 = pixel.vr === 'OW' && !dataset.littleEndian && desc.bitsAllocated === 8;
    return decodeNative(frame.bytes, frame.bitOffset, desc, dataset.littleEndian, swap8);
  }
  if (NATIVE.has(ts)) {
    throw new MedlensError('DICOM_PIXEL_DATA_CORRUPT', `pixel data is encapsulated but the transfer syntax ${ts} is native`, { path, tag: '(7fe0,0010)' });
  }
  const codec = frameCodecFor(ts, path);
  const frame = encapsulatedFrameBytes(dataset, pixel, desc.numberOfFrames, frameIndex, path);
  const frameBytes = Math.ceil((desc.frameSamples * desc.bitsAllocated) / 8);
  if (frameBytes > UNCHECKED_FRAME_BYTES && frameBytes > MAX_COMPRESSION_RATIO * frame.bytes.length) {
    throw new MedlensError('DICOM_PIXEL_DATA_CORRUPT', `frame ${frameIndex} would decode to ${frameBytes} bytes (${desc.columns}×${desc.rows}×${desc.samplesPerPixel}, ${desc.bitsAllocated} bits) from ${frame.bytes.length} bytes of ${codec.name} data: more than ${MAX_COMPRESSION_RATIO}:1, refused as corrupt`, { path, tag: '(7fe0,0010)', frame: frameIndex });
  }
  let out;
  try {
    out = await codec.decode(frame.bytes, { desc, path, frameIndex });
  } catch (e) {
    if (e instanceof MedlensError) throw e;
    throw new MedlensError('DICOM_PIXEL_DATA_CORRUPT', `${codec.name} decoder failed on frame ${frameIndex}: ${(e as Error).message}`, { path, tag: '(7fe0,0010)' }, { cause: e });
  }
  if (out.nativeBytes !== undefined) {
    const needed = Math.ceil((desc.frameSamples * desc.bitsAllocated) / 8);
    if (out.nativeBytes.length < needed) {
      throw new MedlensError('DICOM_PIXEL_DATA_CORRUPT', `frame ${frameIndex} has ${out.nativeBytes.length} bytes, ${needed} expected`, { path, tag: '(7fe0,0010)' });
    }
    return decodeNative(out.nativeBytes, 0, desc, true, false);
  }
  const expected = desc.pixels * desc.samplesPerPixel;
  if (out.words.length < expected) {
    throw new MedlensError('DICOM_PIXEL_DATA_CORRUPT', `${codec.name} frame ${frameIndex} decoded to ${out.words.length} samples, ${expected} expected`, { path, tag: '(7fe0,0010)' });
  }
  let words = out.words.length > expected ? out.words.subarray(0, expected) : out.words;
  if (out.planar === true && desc.samplesPerPixel > 1) words = interleavePlanes(words, desc.pixels, desc.samplesPerPixel);
  return { data: normaliseStored(words, desc), photometricInterpretation: out.photometricInterpretation };
}

function decodeNative(bytes: Uint8Array, bitOffset: number, desc: DescribedPixels, littleEndian: boolean, swap8: boolean): DecodedFrame {
  const pi = desc.photometricInterpretation;
  if (desc.kind !== 'integer') {
    const size = desc.kind === 'float32' ? 4 : 8;
    const copy = bytes.slice(0, desc.frameSamples * size);
    if (!littleEndian) for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
    const data = size === 4 ? new Float32Array(copy.buffer, 0, desc.frameSamples) : new Float64Array(copy.buffer, 0, desc.frameSamples);
    return { data: interleaveFloat(data, desc), photometricInterpretation: pi };
  }
  let words: RawWords;
  if (desc.bitsAllocated === 1) words = unpackBits(bytes, bitOffset, desc.frameSamples);
  else if (desc.bitsAllocated === 8) {
    words = bytes.slice(0, desc.frameSamples);
    if (swap8) for (let i = 0; i + 1 < words.length; i += 2) words.subarray(i, i + 2).reverse();
  } else if (desc.bitsAllocated === 16) words = readWords(bytes.subarray(0, desc.frameSamples * 2), 2, littleEndian);
  else if (desc.bitsAllocated === 32) words = readWords(bytes.subarray(0, desc.frameSamples * 4), 4, littleEndian);
  else {
    const bpw = desc.bitsAllocated / 8;
    const out = new Uint32Array(desc.frameSamples);
    for (let i = 0; i < out.length; i++) {
      let v = 0;
      for (let b = 0; b < bpw; b++) v += bytes[i * bpw + (littleEndian ? b : bpw - 1 - b)]! * 2 ** (8 * b);
      out[i] = v;
    }
    words = out;
  }
  const outPi = pi;
  if (pi === 'YBR_FULL_422' && desc.samplesPerPixel === 3) {
    // Expanded to one Y,Cb,Cr per pixel; reported as stored (the corpus convention labels it so).
    words = expandYbr422(words, desc.rows, desc.columns);
  } else if (desc.planarConfiguration === 1 && desc.samplesPerPixel > 1) {
    words = interleavePlanes(words, desc.pixels, desc.samplesPerPixel);
  }
  return { data: normaliseStored(words, desc), photometricInterpretation: outPi };
}

function interleaveFloat<T extends Float32Array | Float64Array>(data: T, desc: DescribedPixels): T {
  if (desc.planarConfiguration !== 1 || desc.samplesPerPixel === 1) return data;
  const out = new (data.constructor as new (n: number) => T)(data.length);
  for (let s = 0; s < desc.samplesPerPixel; s++) {
    for (let p = 0; p < desc.pixels; p++) out[p * desc.samplesPerPixel + s] = data[s * desc.pixels + p]!;
  }
  return out;
}

/** SHA-256 hex of the frame's samples as little-endian bytes (the corpus `frame_sha256`). */
export function hashFrame(frame: DecodedFrame): string {
  const d = frame.data;
  return createHash('sha256').update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)).digest('hex');
}
