import { createCharsetDecoder, type CharsetDecoder } from './charset.js';
import { toTagNumber, tagToHex } from './dictionary.js';
import { BINARY_VR_SIZE, CHARSET_VRS, STRING_VRS, UNSPLIT_VRS, type DicomVr } from './dicom-vr.js';
import type { PixelDataElement } from './pixel-data-element.js';

/** One parsed element: where its value lies in the dataset's byte buffer. */
export interface DicomElement {
  readonly tag: number;
  readonly vr: DicomVr;
  /** Byte offset of the value in `DicomDataset.buffer`. */
  readonly offset: number;
  /** Value length in bytes (for sequences and encapsulated pixel data: bytes up to the delimiter). */
  readonly length: number;
  /** Items of a sequence. */
  readonly items?: readonly DicomDataset[];
}

/** PS3.18 F.2 DICOM JSON model of a dataset. */
export type DicomJson = Record<string, DicomJsonAttribute>;
/** One attribute of the DICOM JSON model. */
export interface DicomJsonAttribute {
  vr: DicomVr;
  Value?: (string | number | DicomJson | PersonNameJson | null)[];
  InlineBinary?: string;
}
/** Person name components groups (PS3.18 F.2.2). */
export interface PersonNameJson {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}
/** Options of {@link DicomDataset.toJson}. */
export interface ToJsonOptions {
  /** 'inline': binary VRs (OB, OW, OF, OD, OL, OV, UN) as base64 InlineBinary; 'omit' (default): left out. */
  binary?: 'inline' | 'omit';
}

/** Where a dataset's elements came from; shared by the dataset and its sequence items. */
export interface DatasetSource {
  readonly buffer: Uint8Array;
  readonly littleEndian: boolean;
  readonly transferSyntaxUid: string;
}

const SPECIFIC_CHARACTER_SET = 0x00080005;
const LATIN1 = createCharsetDecoder([]);

/**
 * A parsed DICOM dataset (or sequence item). Values stay in the source buffer and are decoded on
 * access. Every accessor takes a tag 'GGGGEEEE' (hex) or a PS3.6 keyword.
 */
export class DicomDataset {
  /** The bytes the element offsets refer to (file bytes, or the inflated dataset for deflated files). */
  readonly buffer: Uint8Array;
  readonly littleEndian: boolean;
  /** Transfer Syntax UID from the file meta (or the one inferred for a raw dataset). */
  readonly transferSyntaxUid: string;
  /** Location of (7FE0,0010) / (7FE0,0008) / (7FE0,0009) in a top-level dataset. */
  pixelData?: PixelDataElement;
  readonly #elements: Map<number, DicomElement>;
  readonly #parent: DicomDataset | undefined;
  #charset: CharsetDecoder | undefined;

  constructor(source: DatasetSource, elements: Map<number, DicomElement>, parent?: DicomDataset) {
    this.buffer = source.buffer;
    this.littleEndian = source.littleEndian;
    this.transferSyntaxUid = source.transferSyntaxUid;
    this.#elements = elements;
    this.#parent = parent;
  }

  /** Elements in file order. */
  elements(): IterableIterator<DicomElement> {
    return this.#elements.values();
  }

  /** The element of a tag or keyword, if present. */
  element(tag: string): DicomElement | undefined {
    const n = toTagNumber(tag);
    return n === undefined ? undefined : this.#elements.get(n);
  }

  /** True when the element is present (even with an empty value). */
  has(tag: string): boolean {
    return this.element(tag) !== undefined;
  }

  /** VR of the element as read (explicit) or from the dictionary (implicit). */
  vr(tag: string): DicomVr | undefined {
    return this.element(tag)?.vr;
  }

  /** The charset decoder in effect (own Specific Character Set, else the parent's). */
  charset(): CharsetDecoder {
    if (this.#charset === undefined) {
      const own = this.#elements.get(SPECIFIC_CHARACTER_SET);
      if (own !== undefined) this.#charset = createCharsetDecoder(this.#rawStrings(own, LATIN1, false));
      else this.#charset = this.#parent?.charset() ?? LATIN1;
    }
    return this.#charset;
  }

  /** Raw value bytes (a view into the buffer, not a copy). */
  bytes(tag: string): Uint8Array | undefined {
    const e = this.element(tag);
    if (e === undefined || e.items !== undefined) return undefined;
    return this.buffer.subarray(e.offset, e.offset + e.length);
  }

  /** All values as strings: text VRs charset-decoded, backslash-split and trimmed; numbers formatted. */
  strings(tag: string): string[] {
    const e = this.element(tag);
    if (e === undefined || e.length === 0 || e.items !== undefined) return [];
    if (STRING_VRS.has(e.vr)) return this.#rawStrings(e, CHARSET_VRS.has(e.vr) ? this.charset() : LATIN1, e.vr === 'PN');
    if (e.vr === 'AT') return this.#binary(e).map((v) => tagToHex(v));
    if (BINARY_VR_SIZE[e.vr] !== undefined && e.vr !== 'OB' && e.vr !== 'UN') return this.#binary(e).map(String);
    return this.#rawStrings(e, LATIN1, false);
  }

  /** First value as a string (see {@link strings}); undefined when absent or empty. */
  string(tag: string): string | undefined {
    const all = this.strings(tag);
    return all.length === 0 ? undefined : all[0];
  }

  /** All numeric values (IS/DS parsed; binary VRs read in the dataset byte order). NaN for unparsable text. */
  numbers(tag: string): number[] {
    const e = this.element(tag);
    if (e === undefined || e.length === 0 || e.items !== undefined) return [];
    if (STRING_VRS.has(e.vr)) return this.#rawStrings(e, LATIN1, false).map((s) => (s === '' ? NaN : Number(s)));
    return this.#binary(e);
  }

  /** First numeric value, undefined when absent, empty or not a number. */
  number(tag: string): number | undefined {
    const v = this.numbers(tag)[0];
    return v === undefined || Number.isNaN(v) ? undefined : v;
  }

  /** Items of a sequence ([] when absent or not a sequence). */
  sequence(tag: string): DicomDataset[] {
    return [...(this.element(tag)?.items ?? [])];
  }

  /** Person name split into its component groups (PS3.5 6.2.1.1). */
  personName(tag: string): PersonNameJson | undefined {
    const value = this.string(tag);
    return value === undefined ? undefined : splitPersonName(value);
  }

  /** PS3.18 F.2 JSON model. */
  toJson(options: ToJsonOptions = {}): DicomJson {
    const out: DicomJson = {};
    for (const e of this.#elements.values()) {
      const key = tagToHex(e.tag);
      if (e.items !== undefined) {
        out[key] = { vr: 'SQ', ...(e.items.length > 0 ? { Value: e.items.map((i) => i.toJson(options)) } : {}) };
        continue;
      }
      if (!STRING_VRS.has(e.vr) && (e.vr === 'OB' || e.vr === 'UN' || e.vr.startsWith('O'))) {
        if (options.binary === 'inline' && e.length > 0) {
          out[key] = { vr: e.vr, InlineBinary: Buffer.from(this.buffer.subarray(e.offset, e.offset + e.length)).toString('base64') };
        } else out[key] = { vr: e.vr };
        continue;
      }
      const hex = tagToHex(e.tag);
      let values: (string | number | PersonNameJson | null)[];
      if (e.vr === 'PN') values = this.strings(hex).map((s) => (s === '' ? null : splitPersonName(s)));
      else if (e.vr === 'IS' || e.vr === 'DS') values = this.numbers(hex).map((n) => (Number.isNaN(n) ? null : n));
      else if (STRING_VRS.has(e.vr) || e.vr === 'AT') values = this.strings(hex).map((s) => (s === '' ? null : s));
      else values = this.numbers(hex);
      out[key] = { vr: e.vr, ...(values.length > 0 ? { Value: values } : {}) };
    }
    return out;
  }

  #rawStrings(e: DicomElement, decoder: CharsetDecoder, personName: boolean): string[] {
    const text = decoder.decode(this.buffer.subarray(e.offset, e.offset + e.length), personName);
    if (UNSPLIT_VRS.has(e.vr)) return [trimPadding(text, false)];
    const values = text.split('\\').map((s) => trimPadding(s, true));
    // PS3.5 6.2.1.1: trailing empty component groups of a person name carry no information.
    return e.vr === 'PN' ? values.map((s) => s.replace(/=+$/, '')) : values;
  }

  #binary(e: DicomElement): number[] {
    const size = BINARY_VR_SIZE[e.vr] ?? 1;
    const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + e.offset, e.length - (e.length % size));
    const le = this.littleEndian;
    const out: number[] = [];
    const n = Math.floor(e.length / size);
    for (let i = 0; i < n; i++) {
      const p = i * size;
      switch (e.vr) {
        case 'US': case 'OW': out.push(view.getUint16(p, le)); break;
        case 'SS': out.push(view.getInt16(p, le)); break;
        case 'UL': case 'OL': out.push(view.getUint32(p, le)); break;
        case 'SL': out.push(view.getInt32(p, le)); break;
        case 'FL': case 'OF': out.push(view.getFloat32(p, le)); break;
        case 'FD': case 'OD': out.push(view.getFloat64(p, le)); break;
        case 'SV': out.push(Number(view.getBigInt64(p, le))); break;
        case 'UV': case 'OV': out.push(Number(view.getBigUint64(p, le))); break;
        case 'AT': out.push(((view.getUint16(p, le) << 16) | view.getUint16(p + 2, le)) >>> 0); break;
        default: out.push(view.getUint8(p));
      }
    }
    return out;
  }
}

function splitPersonName(value: string): PersonNameJson {
  const [alphabetic, ideographic, phonetic] = value.split('=');
  const out: PersonNameJson = {};
  if (alphabetic) out.Alphabetic = alphabetic;
  if (ideographic) out.Ideographic = ideographic;
  if (phonetic) out.Phonetic = phonetic;
  return out;
}

/**
 * Removes trailing (and, with `leading`, leading) spaces and NULs (PS3.5 6.2 padding). A loop rather than
 * a regular expression: every header string passes through here when a folder is scanned.
 */
function trimPadding(s: string, leading: boolean): string {
  let a = 0;
  let b = s.length;
  if (leading) while (a < b && (s.charCodeAt(a) === 32 || s.charCodeAt(a) === 0)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 32 || s.charCodeAt(b - 1) === 0)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}
