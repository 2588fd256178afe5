import type { Diagnostic } from '@medlens/core';
import { MedlensError } from '@medlens/core';
import { DicomDataset, type DatasetSource, type DicomElement } from './dicom-dataset.js';
import { lookupTag, tagToParen } from './dictionary.js';
import { isDicomVr, LONG_LENGTH_VRS, type DicomVr } from './dicom-vr.js';
import type { PixelDataElement, PixelFragment } from './pixel-data-element.js';

const ITEM = 0xfffee000;
const ITEM_DELIMITER = 0xfffee00d;
const SEQUENCE_DELIMITER = 0xfffee0dd;
const UNDEFINED = 0xffffffff;
const MAX_DEPTH = 64;
/** Warnings kept per file. */
const MAX_DIAGNOSTICS = 1000;
/** Pixel data tags: Float Pixel Data, Double Float Pixel Data, Pixel Data. */
export const PIXEL_TAGS: ReadonlySet<number> = new Set([0x7fe00008, 0x7fe00009, 0x7fe00010]);

/** Internal: the buffer ends inside an element; caught at the top level and turned into `partial`. */
export class TruncationSignal {
  constructor(readonly tag: number, readonly offset: number, readonly message: string) {}
}

/** Parsing context shared by the readers of one file. */
export interface ReaderContext {
  readonly path: string | undefined;
  readonly diagnostics: Diagnostic[];
  /** Size of the whole file (≥ buffer length when only a prefix was read). */
  readonly fileSize: number;
  readonly untilPixelData: boolean;
}

/** Reads elements of one encoding (explicit/implicit VR, byte order) from a buffer. */
export class DatasetReader {
  pos: number;
  readonly #view: DataView;
  readonly #bytes: Uint8Array;
  readonly #source: DatasetSource;
  /** Set when the top-level dataset reaches pixel data. */
  pixelData: PixelDataElement | undefined;

  constructor(
    source: DatasetSource,
    readonly explicit: boolean,
    readonly ctx: ReaderContext,
    start: number,
  ) {
    this.#source = source;
    this.#bytes = source.buffer;
    this.#view = new DataView(source.buffer.buffer, source.buffer.byteOffset, source.buffer.byteLength);
    this.pos = start;
  }

  #fail(code: 'DICOM_INVALID_LENGTH' | 'DICOM_INVALID_VR' | 'DICOM_INVALID_SEQUENCE', tag: number, offset: number, message: string): never {
    throw new MedlensError(code, message, { path: this.ctx.path, tag: tagToParen(tag), offset });
  }

  #u16(p: number): number {
    return this.#view.getUint16(p, this.#source.littleEndian);
  }

  #u32(p: number): number {
    return this.#view.getUint32(p, this.#source.littleEndian);
  }

  /** Tag at `p` (caller ensures 4 bytes). */
  peekTag(p = this.pos): number {
    return ((this.#u16(p) << 16) | this.#u16(p + 2)) >>> 0;
  }

  /**
   * Reads elements until `end`, an item delimiter (when `inItem`), or `stop(tag)` returns true.
   * Top level: truncation is rethrown as {@link TruncationSignal} for the caller to record.
   */
  readDataset(end: number, inItem: boolean, parent: DicomDataset | undefined, depth: number): DicomDataset {
    const elements = new Map<number, DicomElement>();
    const dataset = new DicomDataset(this.#source, elements, parent);
    if (this.#readElements(dataset, elements, end, inItem, depth)) return dataset;
    if (inItem) {
      if (end >= this.#bytes.length) throw new TruncationSignal(0, this.pos, 'file ends inside an item (no item delimiter)');
      this.#warn('DICOM_INVALID_SEQUENCE', 0xfffee000, 'undefined-length item ends with its sequence, without an item delimiter');
    }
    return dataset;
  }

  /** Top-level element loop into an existing map (used by {@link readTopLevel}). */
  readInto(dataset: DicomDataset, elements: Map<number, DicomElement>, end: number, stop?: (tag: number) => boolean): void {
    this.#readElements(dataset, elements, end, false, 0, stop);
  }

  /** Element loop; returns true when an item delimiter ended an undefined-length item. */
  #readElements(dataset: DicomDataset, elements: Map<number, DicomElement>, end: number, inItem: boolean, depth: number, stop?: (tag: number) => boolean): boolean {
    const bytes = this.#bytes;
    while (this.pos < end) {
      if (this.pos + 8 > bytes.length) {
        if (depth === 0 && bytes.subarray(this.pos).every((b) => b === 0) && this.ctx.fileSize === bytes.length) {
          this.pos = end; // trailing zero padding
          break;
        }
        throw new TruncationSignal(0, this.pos, `file ends inside an element header at byte ${this.pos}`);
      }
      const tag = this.peekTag();
      if (stop?.(tag)) break;
      if (tag === ITEM_DELIMITER) {
        this.pos += 8;
        if (inItem) return true;
        this.#warn('DICOM_INVALID_SEQUENCE', tag, 'stray item delimiter outside an item (ignored)');
        continue;
      }
      if (tag === SEQUENCE_DELIMITER && inItem) {
        // Item without its delimiter: leave the sequence delimiter for the sequence reader.
        this.#warn('DICOM_INVALID_SEQUENCE', tag, 'item ends without an item delimiter');
        return true;
      }
      if (depth === 0 && PIXEL_TAGS.has(tag) && this.ctx.untilPixelData) {
        this.#readPixelHeaderOnly(tag, elements);
        break;
      }
      const element = this.#readElement(tag, dataset, depth);
      if (elements.has(tag)) this.#warn('DICOM_INVALID_ATTRIBUTE', tag, 'duplicate element; the first one is kept');
      else elements.set(tag, element);
    }
    return false;
  }

  /**
   * Reads the top-level dataset. Truncation is not thrown: it is returned as `truncation` with what
   * was read before it (and the pixel data location, when the file ends inside the pixel data).
   */
  readTopLevel(stop?: (tag: number) => boolean): { dataset: DicomDataset; truncation?: TruncationSignal } {
    const elements = new Map<number, DicomElement>();
    const dataset = new DicomDataset(this.#source, elements, undefined);
    let truncation: TruncationSignal | undefined;
    try {
      this.readInto(dataset, elements, this.#bytes.length, stop);
    } catch (e) {
      if (!(e instanceof TruncationSignal)) throw e;
      truncation = e;
    }
    if (this.pixelData !== undefined) dataset.pixelData = this.pixelData;
    return truncation === undefined ? { dataset } : { dataset, truncation };
  }

  /** Records a warning; past {@link MAX_DIAGNOSTICS} only one summary (a hostile file can repeat a defect millions of times). */
  #warn(code: Diagnostic['code'], tag: number, message: string): void {
    const list = this.ctx.diagnostics;
    if (list.length < MAX_DIAGNOSTICS) list.push(this.#diag(code, tag, message));
    else if (list.length === MAX_DIAGNOSTICS) list.push(this.#diag(code, tag, `more than ${MAX_DIAGNOSTICS} warnings; further ones are not listed`));
  }

  #diag(code: Diagnostic['code'], tag: number, message: string): Diagnostic {
    return { code, message, severity: 'warning', tag: tagToParen(tag), ...(this.ctx.path !== undefined ? { path: this.ctx.path } : {}) };
  }

  /** Reads tag + VR + length; returns [vr, length, valueOffset]. */
  #readHeader(tag: number): [DicomVr, number, number] {
    const p = this.pos;
    const bytes = this.#bytes;
    if ((tag >>> 16) === 0xfffe || !this.explicit) {
      const length = this.#u32(p + 4);
      return [this.#implicitVr(tag, length), length, p + 8];
    }
    const vrText = String.fromCharCode(bytes[p + 4]!, bytes[p + 5]!);
    if (!isDicomVr(vrText)) {
      this.#fail('DICOM_INVALID_VR', tag, p + 4, `explicit VR bytes ${JSON.stringify(vrText)} are not a PS3.5 VR; the file is corrupt or not encoded as its transfer syntax says`);
    }
    if (LONG_LENGTH_VRS.has(vrText)) {
      if (p + 12 > bytes.length) throw new TruncationSignal(tag, p, 'file ends inside an element header');
      let vr: DicomVr = vrText;
      const length = this.#u32(p + 8);
      if (vr === 'UN' && length !== UNDEFINED) {
        // PS3.5 6.2.2: UN of a known attribute — interpret with the dictionary VR (values are in this byte order).
        const known = lookupTag(tag)?.vr;
        if (known !== undefined && known !== 'SQ') vr = known;
      }
      return [vr, length, p + 12];
    }
    return [vrText, this.#u16(p + 6), p + 8];
  }

  #implicitVr(tag: number, length: number): DicomVr {
    const element = tag & 0xffff;
    const group = tag >>> 16;
    if (element === 0) return 'UL';
    if (group & 1) {
      if (element >= 0x10 && element <= 0xff) return 'LO';
      return length === UNDEFINED ? 'SQ' : 'UN';
    }
    const vr = lookupTag(tag)?.vr ?? 'UN';
    if (length === UNDEFINED && vr === 'UN') return 'SQ';
    return vr;
  }

  #readElement(tag: number, dataset: DicomDataset, depth: number): DicomElement {
    const start = this.pos;
    const [vr, length, valueOffset] = this.#readHeader(tag);
    const bytes = this.#bytes;
    if (length === UNDEFINED) {
      if (PIXEL_TAGS.has(tag) && vr !== 'SQ') {
        this.pos = valueOffset;
        return this.#readEncapsulated(tag, vr, depth);
      }
      if (vr === 'SQ' || vr === 'UN') {
        this.pos = valueOffset;
        const items = this.#readSequence(tag, vr === 'UN', undefined, dataset, depth);
        return { tag, vr: 'SQ', offset: valueOffset, length: this.pos - valueOffset, items };
      }
      this.#fail('DICOM_INVALID_LENGTH', tag, start, `undefined length (0xFFFFFFFF) is not allowed for VR ${vr}`);
    }
    if (length > this.ctx.fileSize) {
      this.#fail('DICOM_INVALID_LENGTH', tag, start, `declared length ${length} exceeds the file size ${this.ctx.fileSize}`);
    }
    const end = valueOffset + length;
    if (end > bytes.length) {
      if (depth === 0 && PIXEL_TAGS.has(tag)) {
        const available = Math.max(0, bytes.length - valueOffset);
        this.pixelData = { tag: hex(tag), vr, offset: valueOffset, length, encapsulated: false, availableLength: available, truncated: true, loaded: true };
        throw new TruncationSignal(tag, start, `file ends inside the pixel data (${available} of ${length} bytes present)`);
      }
      throw new TruncationSignal(tag, start, `file ends inside the value (${length} bytes declared, ${bytes.length - valueOffset} present)`);
    }
    if (length % 2 === 1 && !PIXEL_TAGS.has(tag)) {
      this.#warn('DICOM_INVALID_LENGTH', tag, `odd value length ${length} (PS3.5 7.1.1 requires even lengths); read as is`);
    }
    if (vr === 'SQ') {
      this.pos = valueOffset;
      const items = this.#readSequence(tag, false, end, dataset, depth);
      this.pos = end;
      return { tag, vr, offset: valueOffset, length, items };
    }
    this.pos = end;
    if (depth === 0 && PIXEL_TAGS.has(tag)) {
      this.pixelData = { tag: hex(tag), vr, offset: valueOffset, length, encapsulated: false, availableLength: length, truncated: false, loaded: true };
    }
    return { tag, vr, offset: valueOffset, length };
  }

  #readSequence(tag: number, implicitLe: boolean, end: number | undefined, parent: DicomDataset, depth: number): DicomDataset[] {
    if (depth >= MAX_DEPTH) this.#fail('DICOM_INVALID_SEQUENCE', tag, this.pos, `sequences nested deeper than ${MAX_DEPTH} levels`);
    const reader = implicitLe && (this.explicit || !this.#source.littleEndian)
      ? new DatasetReader({ ...this.#source, littleEndian: true }, false, this.ctx, this.pos)
      : this;
    const items: DicomDataset[] = [];
    const bytes = this.#bytes;
    for (;;) {
      if (end !== undefined && reader.pos >= end) break;
      if (reader.pos + 8 > bytes.length) throw new TruncationSignal(tag, reader.pos, 'file ends inside a sequence');
      const itemTag = reader.peekTag();
      const itemLength = new DataView(bytes.buffer, bytes.byteOffset + reader.pos + 4, 4).getUint32(0, reader.#source.littleEndian);
      reader.pos += 8;
      if (itemTag === SEQUENCE_DELIMITER) {
        if (end !== undefined) this.#warn('DICOM_INVALID_SEQUENCE', tag, 'sequence delimiter in a defined-length sequence');
        break;
      }
      if (itemTag !== ITEM) {
        this.#fail('DICOM_INVALID_SEQUENCE', tag, reader.pos - 8, `expected an item tag (FFFE,E000) in the sequence, found ${tagToParen(itemTag)}`);
      }
      if (itemLength === UNDEFINED) {
        items.push(reader.readDataset(end ?? bytes.length, true, parent, depth + 1));
      } else {
        const itemEnd = reader.pos + itemLength;
        if (itemLength > this.ctx.fileSize) this.#fail('DICOM_INVALID_LENGTH', tag, reader.pos - 8, `item length ${itemLength} exceeds the file size`);
        if (itemEnd > bytes.length) throw new TruncationSignal(tag, reader.pos - 8, 'file ends inside a sequence item');
        if (end !== undefined && itemEnd > end) this.#fail('DICOM_INVALID_LENGTH', tag, reader.pos - 8, `item length ${itemLength} runs past the end of its sequence`);
        items.push(reader.readDataset(itemEnd, false, parent, depth + 1));
        reader.pos = itemEnd;
      }
    }
    if (reader !== this) this.pos = reader.pos;
    return items;
  }

  #readEncapsulated(tag: number, vr: DicomVr, depth: number): DicomElement {
    const start = this.pos;
    const bytes = this.#bytes;
    const fragments: PixelFragment[] = [];
    let basicOffsetTable: number[] | undefined;
    let truncated = false;
    for (;;) {
      if (this.pos + 8 > bytes.length) {
        truncated = true;
        break;
      }
      const itemTag = this.peekTag();
      const itemLength = this.#u32(this.pos + 4);
      if (itemTag === SEQUENCE_DELIMITER) {
        this.pos += 8;
        break;
      }
      if (itemTag !== ITEM) this.#fail('DICOM_INVALID_SEQUENCE', tag, this.pos, `expected a fragment item (FFFE,E000) in encapsulated pixel data, found ${tagToParen(itemTag)}`);
      if (itemLength === UNDEFINED || itemLength > this.ctx.fileSize) {
        this.#fail('DICOM_INVALID_LENGTH', tag, this.pos, `fragment length ${itemLength} is impossible (file size ${this.ctx.fileSize})`);
      }
      const valueOffset = this.pos + 8;
      if (valueOffset + itemLength > bytes.length) {
        truncated = true;
        if (basicOffsetTable !== undefined) fragments.push({ offset: valueOffset, length: Math.max(0, bytes.length - valueOffset) });
        break;
      }
      if (basicOffsetTable === undefined) {
        basicOffsetTable = [];
        for (let p = valueOffset; p + 4 <= valueOffset + itemLength; p += 4) basicOffsetTable.push(this.#u32(p));
      } else fragments.push({ offset: valueOffset, length: itemLength });
      this.pos = valueOffset + itemLength;
    }
    const length = this.pos - start;
    if (depth === 0) {
      this.pixelData = {
        tag: hex(tag), vr, offset: start, length: -1, encapsulated: true, availableLength: length, truncated, loaded: true,
        fragments, basicOffsetTable: basicOffsetTable ?? [],
      };
    }
    if (truncated) throw new TruncationSignal(tag, start, 'file ends inside the encapsulated pixel data');
    return { tag, vr, offset: start, length };
  }

  #readPixelHeaderOnly(tag: number, elements: Map<number, DicomElement>): void {
    const start = this.pos;
    const [vr, length, valueOffset] = this.#readHeader(tag);
    const encapsulated = length === UNDEFINED;
    if (!encapsulated && length > this.ctx.fileSize) {
      this.#fail('DICOM_INVALID_LENGTH', tag, start, `declared length ${length} exceeds the file size ${this.ctx.fileSize}`);
    }
    const available = Math.max(0, Math.min(this.ctx.fileSize, encapsulated ? this.ctx.fileSize : valueOffset + length) - valueOffset);
    this.pixelData = {
      tag: hex(tag), vr, offset: valueOffset, length: encapsulated ? -1 : length, encapsulated,
      availableLength: available, truncated: !encapsulated && valueOffset + length > this.ctx.fileSize, loaded: false,
    };
    elements.set(tag, { tag, vr, offset: valueOffset, length: 0 });
  }
}

function hex(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(8, '0');
}
