/**
 * Registers the WebAssembly decoders: JPEG-LS (CharLS, `@cornerstonejs/codec-charls`), JPEG 2000
 * (OpenJPEG, `@cornerstonejs/codec-openjpeg`) and HTJ2K (OpenJPH, `@cornerstonejs/codec-openjph`).
 * Each module is instantiated lazily once per thread. The codestream's header is checked in
 * TypeScript first (size against the DICOM header, completeness), the decoder's frame info again after.
 * @packageDocumentation
 */
import { MedlensError } from '@medlens/core';
import type { RawWords } from '../sample-layout.js';
import { registerFrameCodec } from './codec-registry.js';
import { readJ2kHeader, readJpegLsHeader, type CodestreamHeader } from './codestream-header.js';
import { EmscriptenCodecModule, type EmscriptenModule } from './emscripten-module.js';
import type { CodecOutput, FrameCodec, FrameCodecContext } from './frame-codec.js';

/** Frame info as the three codec builds report it. */
interface WasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** The embind decoder classes of the three builds share this surface. */
interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): WasmFrameInfo;
  getDecodedBuffer(): Uint8Array;
  getInterleaveMode?(): number;
  delete(): void;
}

type DecoderModule<K extends string> = EmscriptenModule & Record<K, new () => WasmDecoder>;

const charls = new EmscriptenCodecModule<DecoderModule<'JpegLSDecoder'>>('CharLS JPEG-LS', '@cornerstonejs/codec-charls/decodewasmjs');
const openjpeg = new EmscriptenCodecModule<DecoderModule<'J2KDecoder'>>('OpenJPEG JPEG 2000', '@cornerstonejs/codec-openjpeg/decodewasmjs');
const openjph = new EmscriptenCodecModule<DecoderModule<'HTJ2KDecoder'>>('OpenJPH HTJ2K', '@cornerstonejs/codec-openjph/wasmjs');

interface RawDecode {
  info: WasmFrameInfo;
  bytes: Uint8Array;
  planar: boolean;
  log: string;
}

function corrupt(ctx: FrameCodecContext, codec: string, message: string, cause?: unknown): MedlensError {
  return new MedlensError('DICOM_PIXEL_DATA_CORRUPT', `${codec} frame ${ctx.frameIndex}: ${message}`, { path: ctx.path, tag: '(7fe0,0010)', frame: ctx.frameIndex }, cause === undefined ? undefined : { cause });
}

/** The codestream's size must be the DICOM header's (checked before any decoder allocation). */
function checkHeader(h: CodestreamHeader, ctx: FrameCodecContext, codec: string): void {
  const { desc } = ctx;
  if (h.width !== desc.columns || h.height !== desc.rows || h.components !== desc.samplesPerPixel) {
    throw corrupt(ctx, codec, `codestream is ${h.width}×${h.height}×${h.components}, the dataset says Columns ${desc.columns} × Rows ${desc.rows} × SamplesPerPixel ${desc.samplesPerPixel}`);
  }
  if (h.precision > desc.bitsAllocated || desc.bitsAllocated > 32 || desc.kind !== 'integer') {
    throw corrupt(ctx, codec, `codestream precision ${h.precision} bits does not fit BitsAllocated ${desc.bitsAllocated}`);
  }
}

async function runDecoder<K extends string>(module: EmscriptenCodecModule<DecoderModule<K>>, className: K, codestream: Uint8Array, ctx: FrameCodecContext): Promise<RawDecode> {
  try {
    return await module.run((m, log) => {
      const decoder = new m[className]();
      try {
        decoder.getEncodedBuffer(codestream.length).set(codestream);
        decoder.decode();
        const info = { ...decoder.getFrameInfo() };
        // A view into the module's heap: copy before the decoder is deleted.
        const bytes = decoder.getDecodedBuffer().slice();
        const planar = decoder.getInterleaveMode !== undefined && decoder.getInterleaveMode() === 0 && info.componentCount > 1;
        return { info, bytes, planar, log: log() };
      } finally {
        try {
          decoder.delete();
        } catch {
          // The instance was aborted; run() discards it.
        }
      }
    }, ctx.path);
  } catch (e) {
    if (e instanceof MedlensError) throw e;
    throw corrupt(ctx, module.name, (e as Error).message, e);
  }
}

function withHeader(read: (b: Uint8Array) => CodestreamHeader, frame: Uint8Array, ctx: FrameCodecContext, codec: string): CodestreamHeader {
  let header: CodestreamHeader;
  try {
    header = read(frame);
  } catch (e) {
    throw corrupt(ctx, codec, (e as Error).message, e);
  }
  checkHeader(header, ctx, codec);
  return header;
}

/** Decoder frame info against the dataset; returns the bytes per sample of the decoded buffer. */
function checkRaw(raw: RawDecode, ctx: FrameCodecContext, codec: string): 1 | 2 {
  const { desc } = ctx;
  const { info, bytes } = raw;
  if (info.width !== desc.columns || info.height !== desc.rows || info.componentCount !== desc.samplesPerPixel) {
    const why = raw.log.length > 0 ? ` (${raw.log})` : '';
    throw corrupt(ctx, codec, `decoder returned ${info.width}×${info.height}×${info.componentCount}, the dataset says ${desc.columns}×${desc.rows}×${desc.samplesPerPixel}${why}`);
  }
  const samples = desc.pixels * desc.samplesPerPixel;
  const bytesPerSample = bytes.length / samples;
  if ((bytesPerSample !== 1 && bytesPerSample !== 2) || (bytesPerSample === 1) !== (info.bitsPerSample <= 8) || info.bitsPerSample > desc.bitsAllocated) {
    throw corrupt(ctx, codec, `decoder returned ${bytes.length} bytes of ${info.bitsPerSample}-bit samples for ${samples} samples (BitsAllocated ${desc.bitsAllocated})`);
  }
  return bytesPerSample;
}

const wordArray = (bitsAllocated: number, n: number): RawWords => (bitsAllocated <= 8 ? new Uint8Array(n) : bitsAllocated <= 16 ? new Uint16Array(n) : new Uint32Array(n));

/** The decoder's unsigned little-endian samples (1 or 2 bytes each). */
function unsignedSamples(raw: RawDecode, bytesPerSample: 1 | 2): Uint8Array | Uint16Array {
  return bytesPerSample === 1 ? raw.bytes : new Uint16Array(raw.bytes.buffer, raw.bytes.byteOffset, raw.bytes.length / 2);
}

/** JPEG-LS: unsigned samples → words of the BitsAllocated width. */
function jpegLsOutput(raw: RawDecode, ctx: FrameCodecContext, codec: string): CodecOutput {
  const bytesPerSample = checkRaw(raw, ctx, codec);
  const src = unsignedSamples(raw, bytesPerSample);
  const width = ctx.desc.bitsAllocated <= 8 ? 1 : 2;
  let words: RawWords = src;
  if (width !== bytesPerSample || ctx.desc.bitsAllocated > 16) {
    words = wordArray(ctx.desc.bitsAllocated, src.length);
    words.set(src);
  }
  return { words, photometricInterpretation: ctx.desc.photometricInterpretation, planar: raw.planar };
}

function jpegLsCodec(lossy: boolean): FrameCodec {
  const name = lossy ? 'JPEG-LS Near-Lossless' : 'JPEG-LS Lossless';
  return {
    name,
    lossy,
    async decode(frame, ctx) {
      const header = withHeader(readJpegLsHeader, frame, ctx, name);
      return jpegLsOutput(await runDecoder(charls, 'JpegLSDecoder', header.codestream, ctx), ctx, name);
    },
  };
}

/** YBR_RCT / YBR_ICT: the decoder applies the inverse component transform, so samples are RGB (PS3.5 8.2.4). */
function j2kPhotometric(pi: string, mct: boolean): string {
  if (pi === 'YBR_RCT' || pi === 'YBR_ICT') return mct ? 'RGB' : 'YBR_FULL';
  return pi;
}

/** A copy of the codestream with every component's Ssiz (SIZ byte 42 + 3c) replaced. */
function withSsiz(h: CodestreamHeader, ssiz: number): Uint8Array {
  const copy = h.codestream.slice();
  for (let c = 0; c < h.components; c++) copy[42 + 3 * c] = ssiz;
  return copy;
}

/**
 * JPEG 2000 / HTJ2K. Both wasm wrappers clamp their output (signed ≤ 8-bit samples to 0…255, 16-bit
 * to the int16/uint16 range), so signed codestreams are decoded as unsigned (Ssiz sign bit cleared:
 * only the final DC level shift of 2^(p−1) changes, PS3.5/ISO 15444-1 G.1.2) and the shift is
 * undone here. Reference decoders write samples modulo 2^16 rather than clamping; encoders that put
 * values beyond the declared 16-bit signed range (e.g. −2000 stored as 63536) rely on that. For
 * HTJ2K (OpenJPH does not clamp internally) samples that hit the clamp are decoded again with a
 * window shifted by a smaller DC level shift (reversible) or at half scale (irreversible: the
 * dequantised value scales with 2^precision) and taken modulo 2^16 like the reference.
 */
async function decodeJ2kFamily(header: CodestreamHeader, ctx: FrameCodecContext, codec: string): Promise<CodecOutput> {
  const { desc } = ctx;
  const decode = (codestream: Uint8Array): Promise<RawDecode> => (header.htj2k
    ? runDecoder(openjph, 'HTJ2KDecoder', codestream, ctx)
    : runDecoder(openjpeg, 'J2KDecoder', codestream, ctx));
  const p = header.precision;
  const raw = await decode(header.signed ? withSsiz(header, p - 1) : header.codestream);
  const bytesPerSample = checkRaw(raw, ctx, codec);
  const src = unsignedSamples(raw, bytesPerSample);
  const n = src.length;
  const photometricInterpretation = j2kPhotometric(desc.photometricInterpretation, header.mct);
  if (!header.signed) {
    let words: RawWords = src;
    if (bytesPerSample !== (desc.bitsAllocated <= 8 ? 1 : 2) || desc.bitsAllocated > 16) {
      words = wordArray(desc.bitsAllocated, n);
      words.set(src);
    }
    return { words, photometricInterpretation };
  }
  const shift = 2 ** (p - 1);
  const values = new Int32Array(n);
  let clamped = 0;
  for (let i = 0; i < n; i++) {
    const v = src[i]!;
    if (v === 65535) clamped++;
    values[i] = v - shift;
  }
  if (clamped > 0 && header.htj2k && p === 16 && !header.componentOverrides) {
    // Second window: reversible → precision 9 (shift 256, true values −256…65279);
    // irreversible → precision 15 (values halved, shift 16384, true values −32768…98302).
    const retry = await decode(withSsiz(header, header.reversible ? 8 : 14));
    checkRaw(retry, ctx, codec);
    const again = unsignedSamples(retry, 2);
    for (let i = 0; i < n; i++) {
      if (src[i] !== 65535 || again[i] === 65535) continue;
      values[i] = header.reversible ? again[i]! - 256 : 2 * (again[i]! - 16384);
    }
  }
  const words = wordArray(desc.bitsAllocated, n);
  words.set(values); // modulo 2^width: two's complement of the BitsAllocated word
  return { words, photometricInterpretation };
}

/**
 * JPEG 2000 and HTJ2K transfer syntaxes: the decoder follows the codestream (a CAP marker announcing
 * Part 15 → OpenJPH, else OpenJPEG), so a Part 1 codestream under an HTJ2K UID still decodes.
 * @throws MedlensError DICOM_UNSUPPORTED_TRANSFER_SYNTAX for what the wasm wrappers cannot output
 *   (precision above 16 bits; OpenJPEG: colour above 8 bits)
 */
function j2kFamilyCodec(name: string, lossy: boolean): FrameCodec {
  return {
    name,
    lossy,
    async decode(frame, ctx) {
      const header = withHeader(readJ2kHeader, frame, ctx, name);
      if (header.precision > 16 || (!header.htj2k && header.components > 1 && header.precision > 8)) {
        throw new MedlensError('DICOM_UNSUPPORTED_TRANSFER_SYNTAX', `${name} frame ${ctx.frameIndex}: ${header.components}-component ${header.precision}-bit ${header.htj2k ? 'HTJ2K' : 'JPEG 2000'} codestreams are not supported by the bundled decoder`, { path: ctx.path, tag: '(7fe0,0010)', frame: ctx.frameIndex });
      }
      return decodeJ2kFamily(header, ctx, name);
    },
  };
}

registerFrameCodec('1.2.840.10008.1.2.4.80', jpegLsCodec(false));
registerFrameCodec('1.2.840.10008.1.2.4.81', jpegLsCodec(true));
registerFrameCodec('1.2.840.10008.1.2.4.90', j2kFamilyCodec('JPEG 2000 Lossless', false));
registerFrameCodec('1.2.840.10008.1.2.4.91', j2kFamilyCodec('JPEG 2000', true));
registerFrameCodec('1.2.840.10008.1.2.4.201', j2kFamilyCodec('HTJ2K Lossless', false));
registerFrameCodec('1.2.840.10008.1.2.4.202', j2kFamilyCodec('HTJ2K Lossless RPCL', false));
registerFrameCodec('1.2.840.10008.1.2.4.203', j2kFamilyCodec('HTJ2K', true));
