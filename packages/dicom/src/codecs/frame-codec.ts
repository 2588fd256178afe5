import type { DescribedPixels, RawWords } from '../sample-layout.js';

/** What a codec needs besides the codestream. */
export interface FrameCodecContext {
  readonly desc: DescribedPixels;
  readonly path: string | undefined;
  readonly frameIndex: number;
}

/** A codec's output: unsigned words, pixel-interleaved unless `planar`, before masking/sign extension. */
export interface CodecOutput {
  readonly words: RawWords;
  /** Colour space of the samples as decoded. */
  readonly photometricInterpretation: string;
  /** True when the samples come plane by plane (RRR…GGG…BBB…). */
  readonly planar?: boolean;
  /** Native bytes to be unpacked like uncompressed data (deflate / encapsulated uncompressed). */
  readonly nativeBytes?: Uint8Array;
}

/** One decoder per transfer syntax (Cornerstone3D style registry entry). */
export interface FrameCodec {
  readonly name: string;
  readonly lossy: boolean;
  decode(frame: Uint8Array, ctx: FrameCodecContext): CodecOutput | Promise<CodecOutput>;
}
