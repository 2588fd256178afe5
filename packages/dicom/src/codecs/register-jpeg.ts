/**
 * Registers the JPEG family decoders (own TypeScript implementations) in the codec registry.
 * @packageDocumentation
 */
import { registerFrameCodec } from './codec-registry.js';
import type { CodecOutput, FrameCodec, FrameCodecContext } from './frame-codec.js';
import type { JpegFrameLimits } from './jpeg-bitstream.js';
import { decodeJpegDct } from './jpeg-dct.js';
import { decodeJpegLossless, type JpegImage } from './jpeg-lossless.js';

/** A codestream smaller than the DICOM frame is zero-padded up to this factor in samples (WSI edge tiles: ≤ 9). */
const MAX_PADDING = 16;

const limitsOf = (ctx: FrameCodecContext): JpegFrameLimits => ({ maxWidth: ctx.desc.columns, maxHeight: ctx.desc.rows, components: ctx.desc.samplesPerPixel });

function toOutput(img: JpegImage, ctx: FrameCodecContext, photometric: string): CodecOutput {
  const { desc } = ctx;
  const expected = desc.pixels * desc.samplesPerPixel;
  if (img.components !== desc.samplesPerPixel || img.data.length > expected) {
    throw new Error(`codestream is ${img.width}×${img.height}×${img.components}, the dataset says ${desc.columns}×${desc.rows}×${desc.samplesPerPixel}`);
  }
  let data = img.data;
  if (data.length < expected) {
    // Smaller codestream (e.g. a WSI edge tile encoded at its true size): like DCMTK, the decoded
    // rows are placed one after another and the rest of the frame is zero. Bounded, so that a
    // corrupt Rows/Columns cannot turn a small codestream into a huge zero frame.
    if (expected > MAX_PADDING * data.length) {
      throw new Error(`codestream is ${img.width}×${img.height}, less than 1/${MAX_PADDING} of the dataset's ${desc.columns}×${desc.rows} frame`);
    }
    data = new Uint16Array(expected);
    data.set(img.data);
  }
  const words = desc.bitsAllocated <= 8 ? Uint8Array.from(data) : data;
  return { words, photometricInterpretation: photometric };
}

/** JPEG with YBR is decoded without colour conversion: samples are full-resolution YCbCr. */
function dctPhotometric(pi: string): string {
  return pi.startsWith('YBR') ? 'YBR_FULL' : pi;
}

const jpegLossless: FrameCodec = {
  name: 'JPEG Lossless',
  lossy: false,
  decode: (frame, ctx) => toOutput(decodeJpegLossless(frame, limitsOf(ctx)), ctx, ctx.desc.photometricInterpretation),
};

const jpegDct: FrameCodec = {
  name: 'JPEG Baseline/Extended',
  lossy: true,
  decode: (frame, ctx) => toOutput(decodeJpegDct(frame, limitsOf(ctx)), ctx, dctPhotometric(ctx.desc.photometricInterpretation)),
};

registerFrameCodec('1.2.840.10008.1.2.4.57', jpegLossless);
registerFrameCodec('1.2.840.10008.1.2.4.70', jpegLossless);
registerFrameCodec('1.2.840.10008.1.2.4.50', jpegDct);
registerFrameCodec('1.2.840.10008.1.2.4.51', jpegDct);
