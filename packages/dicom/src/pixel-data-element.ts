import type { DicomVr } from './dicom-vr.js';

/** One fragment (item value) of encapsulated pixel data. */
export interface PixelFragment {
  /** Byte offset of the fragment value in the dataset buffer (file offset for header-only reads). */
  readonly offset: number;
  readonly length: number;
}

/** Location of the pixel data element of a top-level dataset. */
export interface PixelDataElement {
  /** '7FE00010' (Pixel Data), '7FE00008' (Float Pixel Data) or '7FE00009' (Double Float Pixel Data). */
  readonly tag: string;
  readonly vr: DicomVr;
  /** Byte offset of the value (native) or of the first item tag (encapsulated). */
  readonly offset: number;
  /** Declared value length; -1 for undefined length (encapsulated). */
  readonly length: number;
  readonly encapsulated: boolean;
  /** Bytes of the value present in the buffer (less than `length` when the file is truncated). */
  readonly availableLength: number;
  /** True when the file ends inside the pixel data. */
  readonly truncated: boolean;
  /** False for header-only reads (`untilPixelData`): the value was not scanned. */
  readonly loaded: boolean;
  /** Encapsulated: the fragments after the Basic Offset Table item. */
  readonly fragments?: readonly PixelFragment[];
  /** Encapsulated: Basic Offset Table entries (byte offsets of frames relative to the first fragment item). */
  readonly basicOffsetTable?: readonly number[];
}
