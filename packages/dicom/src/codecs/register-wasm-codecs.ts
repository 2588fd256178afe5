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

/**
 * Decoder output (1 or 2 bytes per sample, little-endian, signed per `isSigned`) → unsigned words of
 * the BitsAllocated width; signed samples are sign-extended to that width so masking to BitsStored
 * and sign extension (normaliseStored) see two's complement.
 */
function toOutput(raw: RawDecode, ctx: FrameCodecContext, codec: string, photometricInterpretation: string): CodecOutput {
  const { desc } = ctx;
  const { info, bytes } = raw;
  if (info.width !== desc.columns || info.height !== desc.rows || info.componentCount !== desc.samplesPerPixel) {
    const why = raw.log.length > 0 ? ` (${raw.log})` : '';
    throw corrupt(ctx, codec, `decoder returned ${info.width}×${info.height}×${info.componentCount}, the dataset says ${desc.columns}×${desc.rows}×${desc.samplesPerPixel}${why}`);
  }
  const samples = desc.pixels * desc.samplesPerPixel;
  const bytesPerSample = bytes.length / samples;
  if ((bytesPerSample !== 1 && bytesPerSample !== 2) || (bytesPerSample === 1 && info.bitsPerSample > 8) || info.bitsPerSample > desc.bitsAllocated) {
    throw corrupt(ctx, codec, `decoder returned ${bytes.length} bytes of ${info.bitsPerSample}-bit samples for ${samples} samples (BitsAllocated ${desc.bitsAllocated})`);
  }
  const signed = info.isSigned === true;
  const width = desc.bitsAllocated <= 8 ? 8 : desc.bitsAllocated <= 16 ? 16 : 32;
  let words: RawWords;
  if (bytesPerSample === 1 && width === 8) words = bytes;
  else if (bytesPerSample === 2 && width === 16) words = new Uint16Array(bytes.buffer, bytes.byteOffset, samples);
  else {
    const src = bytesPerSample === 1
      ? (signed ? new Int8Array(bytes.buffer, bytes.byteOffset, samples) : bytes)
      : (signed ? new Int16Array(bytes.buffer, bytes.byteOffset, samples) : new Uint16Array(bytes.buffer, bytes.byteOffset, samples));
    const out = width === 8 ? new Uint8Array(samples) : width === 16 ? new Uint16Array(samples) : new Uint32Array(samples);
    out.set(src); // negative values wrap to two's complement of the target width
    words = out;
  }
  return { words, photometricInterpretation, planar: raw.planar };
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

function jpegLsCodec(lossy: boolean): FrameCodec {
  const name = lossy ? 'JPEG-LS Near-Lossless' : 'JPEG-LS Lossless';
  return {
    name,
    lossy,
    async decode(frame, ctx) {
      const header = withHeader(readJpegLsHeader, frame, ctx, name);
      const raw = await runDecoder(charls, 'JpegLSDecoder', header.codestream, ctx);
      return toOutput(raw, ctx, name, ctx.desc.photometricInterpretation);
    },
  };
}

/** YBR_RCT / YBR_ICT: the decoder applies the inverse component transform, so samples are RGB (PS3.5 8.2.4). */
function j2kPhotometric(pi: string, mct: boolean): string {
  if (pi === 'YBR_RCT' || pi === 'YBR_ICT') return mct ? 'RGB' : 'YBR_FULL';
  return pi;
}

/**
 * JPEG 2000 and HTJ2K transfer syntaxes: the decoder follows the codestream (a CAP marker announcing
 * Part 15 → OpenJPH, else OpenJPEG), so a Part 1 codestream under an HTJ2K UID still decodes.
 */
function j2kFamilyCodec(name: string, lossy: boolean): FrameCodec {
  return {
    name,
    lossy,
    async decode(frame, ctx) {
      const header = withHeader(readJ2kHeader, frame, ctx, name);
      const raw = header.htj2k
        ? await runDecoder(openjph, 'HTJ2KDecoder', header.codestream, ctx)
        : await runDecoder(openjpeg, 'J2KDecoder', header.codestream, ctx);
      return toOutput(raw, ctx, name, j2kPhotometric(ctx.desc.photometricInterpretation, header.mct));
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
