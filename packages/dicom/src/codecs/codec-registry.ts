import { inflateRawSync } from 'node:zlib';
import { MedlensError } from '@medlens/core';
import type { FrameCodec } from './frame-codec.js';
import { rleCodec } from './rle-codec.js';

const deflateFrameCodec: FrameCodec = {
  name: 'Deflated Image Frame Compression',
  lossy: false,
  decode(frame, ctx) {
    try {
      // Output bound: one native frame (rounded up to whole bytes) plus slack.
      const bound = Math.ceil((ctx.desc.frameSamples * ctx.desc.bitsAllocated) / 8) + 16;
      return { words: new Uint8Array(0), photometricInterpretation: ctx.desc.photometricInterpretation, nativeBytes: new Uint8Array(inflateRawSync(frame, { maxOutputLength: bound })) };
    } catch (e) {
      throw new MedlensError('DICOM_PIXEL_DATA_CORRUPT', `frame ${ctx.frameIndex} could not be inflated (${(e as Error).message})`, { path: ctx.path, tag: '(7fe0,0010)' }, { cause: e });
    }
  },
};

const encapsulatedUncompressedCodec: FrameCodec = {
  name: 'Encapsulated Uncompressed Explicit VR Little Endian',
  lossy: false,
  decode: (frame, ctx) => ({ words: new Uint8Array(0), photometricInterpretation: ctx.desc.photometricInterpretation, nativeBytes: frame }),
};

const registry = new Map<string, FrameCodec>([
  ['1.2.840.10008.1.2.5', rleCodec],
  ['1.2.840.10008.1.2.8.1', deflateFrameCodec],
  ['1.2.840.10008.1.2.1.98', encapsulatedUncompressedCodec],
]);

/** Registers (or replaces) the decoder of a transfer syntax. */
export function registerFrameCodec(transferSyntaxUid: string, codec: FrameCodec): void {
  registry.set(transferSyntaxUid, codec);
}

/** Transfer syntaxes with a registered decoder for encapsulated pixel data. */
export function supportedEncapsulatedTransferSyntaxes(): string[] {
  return [...registry.keys()];
}

/**
 * The decoder of an encapsulated transfer syntax.
 * @throws MedlensError DICOM_UNSUPPORTED_TRANSFER_SYNTAX naming the UID
 */
export function frameCodecFor(transferSyntaxUid: string, path?: string): FrameCodec {
  const codec = registry.get(transferSyntaxUid);
  if (codec === undefined) {
    throw new MedlensError('DICOM_UNSUPPORTED_TRANSFER_SYNTAX', `no pixel decoder for transfer syntax ${transferSyntaxUid}`, { path, tag: '(0002,0010)', transferSyntaxUid });
  }
  return codec;
}
