/**
 * Shared pieces of the JPEG decoders (ITU-T T.81): marker segments, Huffman tables (Annex C / F.2.2.3)
 * and an entropy-coded-segment bit reader with 0xFF00 unstuffing.
 * @packageDocumentation
 */

/** A Huffman decoding table (T.81 F.2.2.3 MAXCODE / VALPTR / MINCODE). */
export interface HuffmanTable {
  readonly maxCode: Int32Array;
  readonly valPtr: Int32Array;
  readonly minCode: Int32Array;
  readonly values: Uint8Array;
  /** 9-bit lookahead: (length << 8) | value, or 0 when the code is longer. */
  readonly fast: Uint16Array;
}

/** Builds a table from BITS (16 counts) and HUFFVAL. */
export function buildHuffmanTable(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const maxCode = new Int32Array(18).fill(-1);
  const valPtr = new Int32Array(17);
  const minCode = new Int32Array(17);
  const fast = new Uint16Array(512);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    const n = counts[l - 1]!;
    valPtr[l] = k;
    minCode[l] = code;
    for (let i = 0; i < n; i++, k++, code++) {
      if (l <= 9) {
        const shift = 9 - l;
        for (let j = 0; j < 1 << shift; j++) fast[(code << shift) | j] = (l << 8) | values[k]!;
      }
    }
    maxCode[l] = n > 0 ? code - 1 : -1;
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff;
  return { maxCode, valPtr, minCode, values, fast };
}

/** Reads bits MSB-first from an entropy-coded segment; stops (feeding zeros) at a marker. */
export class BitReader {
  pos: number;
  #acc = 0;
  #bits = 0;
  /** Marker byte met (after 0xFF), or -1. */
  marker = -1;
  /** True once bits were needed past the end of the data with no marker met: the codestream is truncated. */
  exhausted = false;

  constructor(readonly data: Uint8Array, start: number) {
    this.pos = start;
  }

  #fill(): void {
    while (this.#bits <= 24) {
      let byte = 0;
      if (this.marker < 0 && this.pos >= this.data.length) this.exhausted = true;
      else if (this.marker < 0) {
        byte = this.data[this.pos]!;
        if (byte === 0xff) {
          const next = this.data[this.pos + 1] ?? 0;
          if (next === 0x00) this.pos += 2;
          else if (next === 0xff) {
            this.pos += 1; // fill byte
            continue;
          } else {
            this.marker = next;
            byte = 0;
          }
        } else this.pos++;
      }
      this.#acc = ((this.#acc << 8) | byte) >>> 0;
      this.#bits += 8;
    }
  }

  /** Next `n` (≤ 16) bits as an unsigned integer. */
  bits(n: number): number {
    if (n === 0) return 0;
    if (this.#bits < n) this.#fill();
    this.#bits -= n;
    return (this.#acc >>> this.#bits) & ((1 << n) - 1);
  }

  /** Peeks 9 bits. */
  #peek9(): number {
    if (this.#bits < 9) this.#fill();
    return (this.#acc >>> (this.#bits - 9)) & 0x1ff;
  }

  /** Decodes one Huffman symbol; -1 for an invalid code. */
  decode(t: HuffmanTable): number {
    const f = t.fast[this.#peek9()]!;
    if (f !== 0) {
      this.#bits -= f >>> 8;
      return f & 0xff;
    }
    let code = this.bits(1);
    let l = 1;
    while (code > t.maxCode[l]!) {
      code = (code << 1) | this.bits(1);
      l++;
      if (l > 16) return -1;
    }
    return t.values[t.valPtr[l]! + code - t.minCode[l]!]!;
  }

  /** Skips to the byte after the next RSTn marker (restart interval end). */
  restart(): void {
    this.#acc = 0;
    this.#bits = 0;
    if (this.marker >= 0xd0 && this.marker <= 0xd7) {
      this.pos += 2;
      this.marker = -1;
      return;
    }
    // Marker not met yet (padding bits left): scan forward for it.
    while (this.pos + 1 < this.data.length) {
      if (this.data[this.pos] === 0xff && this.data[this.pos + 1]! >= 0xd0 && this.data[this.pos + 1]! <= 0xd7) {
        this.pos += 2;
        this.marker = -1;
        return;
      }
      this.pos++;
    }
  }

  /**
   * Byte position after the entropy-coded data (at the marker that ended it).
   * @throws Error when the data ended before a marker (truncated codestream)
   */
  endPosition(): number {
    if (this.exhausted) throw new Error(`entropy-coded data runs past the end of the ${this.data.length}-byte codestream without a marker: truncated`);
    let p = this.pos;
    while (p + 1 < this.data.length && !(this.data[p] === 0xff && this.data[p + 1] !== 0 && this.data[p + 1] !== 0xff)) p++;
    return p;
  }
}

/** T.81 F.2.2.1 EXTEND: `v` of `s` bits → signed difference. */
export function extend(v: number, s: number): number {
  return s === 0 ? 0 : v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
}

/** A frame header (SOFn). */
export interface JpegFrame {
  readonly sof: number;
  readonly precision: number;
  readonly height: number;
  readonly width: number;
  readonly components: { id: number; h: number; v: number; tq: number }[];
}

/** A scan header (SOS) and where its entropy-coded data starts. */
export interface JpegScan {
  readonly components: { index: number; td: number; ta: number }[];
  readonly ss: number;
  readonly se: number;
  readonly ah: number;
  readonly al: number;
  readonly dataStart: number;
}

/**
 * Position of the next marker segment at or after `p` (ITU-T T.81 B.1.1.2): skips entropy-coded bytes,
 * fill bytes (FF FF), stuffed zeros (FF 00) and restart markers. Returns undefined at EOI or when fewer
 * than 4 bytes remain; otherwise the marker code and the offset of its FF byte.
 */
export function nextMarkerSegment(d: Uint8Array, p: number): { marker: number; p: number } | undefined {
  while (p + 4 <= d.length) {
    if (d[p] !== 0xff) {
      p++;
      continue;
    }
    const marker = d[p + 1]!;
    if (marker === 0xff || marker === 0x00 || (marker >= 0xd0 && marker <= 0xd7)) {
      p++;
      continue;
    }
    return marker === 0xd9 ? undefined : { marker, p };
  }
  return undefined;
}

/**
 * Length of the marker segment at `p` (its FF byte), checked to lie within the codestream: a corrupt
 * length would otherwise skip the rest of the data (leaving an all-zero image) or make table parsers
 * run on past the end.
 * @throws Error when the length is below 2 or runs past the end
 */
export function segmentLength(d: Uint8Array, p: number): number {
  const length = u16(d, p + 2);
  if (length < 2 || p + 2 + length > d.length) {
    throw new Error(`marker FF${d[p + 1]!.toString(16).toUpperCase().padStart(2, '0')} at byte ${p} has length ${length}, beyond the ${d.length}-byte codestream`);
  }
  return length;
}

/** Throws unless every frame component was coded in some scan (else its samples would be zeros). */
export function checkAllScanned(frame: JpegFrame, scanned: ReadonlySet<number>): void {
  if (scanned.size < frame.components.length) {
    throw new Error(`${frame.components.length - scanned.size} of ${frame.components.length} components have no scan data: truncated or corrupt codestream`);
  }
}

/** Reads a big-endian u16. */
export function u16(d: Uint8Array, p: number): number {
  return ((d[p] ?? 0) << 8) | (d[p + 1] ?? 0);
}

/** Parses SOFn. */
export function parseFrameHeader(d: Uint8Array, p: number, sof: number): JpegFrame {
  const n = d[p + 7]!;
  const components = [];
  for (let i = 0; i < n; i++) {
    const q = p + 8 + 3 * i;
    components.push({ id: d[q]!, h: d[q + 1]! >> 4, v: d[q + 1]! & 15, tq: d[q + 2]! });
  }
  return { sof, precision: d[p + 2]!, height: u16(d, p + 3), width: u16(d, p + 5), components };
}

/** What the caller (the DICOM header) allows a codestream's frame to be; checked before any allocation. */
export interface JpegFrameLimits {
  /** Columns: the frame may be narrower (edge tiles), not wider. */
  readonly maxWidth: number;
  /** Rows: the frame may be shorter, not taller. */
  readonly maxHeight: number;
  /** SamplesPerPixel: the component count must equal it. */
  readonly components: number;
}

/**
 * Validates a frame header before the decoder allocates planes for it: sampling factors 1…4
 * (T.81 B.2.2), size within `limits`, and a codestream long enough to hold `units` coded units of
 * at least `minBits` bits each (every Huffman code is ≥ 1 bit), so that a few corrupt header bytes
 * cannot make the decoder allocate gigabytes or loop over billions of samples of absent data.
 * @throws Error naming the defect
 */
export function checkFrameHeader(frame: JpegFrame, codestreamLength: number, units: number, minBits: number, what: string, limits?: JpegFrameLimits): void {
  const { width, height, components } = frame;
  if (width === 0 || height === 0) throw new Error('frame has zero width or height (DNL not supported)');
  if (components.length < 1 || components.length > 4) throw new Error(`frame has ${components.length} components (1…4)`);
  for (const c of components) {
    if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4) throw new Error(`component ${c.id} has sampling factors ${c.h}×${c.v} (1…4)`);
  }
  if (limits !== undefined && (width > limits.maxWidth || height > limits.maxHeight || components.length !== limits.components)) {
    throw new Error(`frame header says ${width}×${height}×${components.length}, beyond the dataset's Columns × Rows × SamplesPerPixel ${limits.maxWidth}×${limits.maxHeight}×${limits.components}`);
  }
  if (units * minBits > 8 * codestreamLength) {
    throw new Error(`a ${width}×${height}×${components.length} frame needs at least ${Math.ceil((units * minBits) / 8)} bytes (${minBits} bit per ${what}), the codestream has ${codestreamLength}: truncated or corrupt header`);
  }
}

/** Parses DHT into `dc` / `ac` table slots. */
export function parseHuffmanTables(d: Uint8Array, p: number, end: number, dc: (HuffmanTable | undefined)[], ac: (HuffmanTable | undefined)[]): void {
  let q = p;
  while (q < end) {
    const tc = d[q]! >> 4;
    const th = d[q]! & 15;
    const counts = d.subarray(q + 1, q + 17);
    const total = counts.reduce((a, b) => a + b, 0);
    const table = buildHuffmanTable(counts, d.slice(q + 17, q + 17 + total));
    (tc === 0 ? dc : ac)[th] = table;
    q += 17 + total;
  }
}

/** Parses SOS (p at the marker). */
export function parseScanHeader(d: Uint8Array, p: number, frame: JpegFrame): JpegScan {
  const length = u16(d, p + 2);
  const n = d[p + 4]!;
  if (n < 1 || n > frame.components.length) throw new Error(`scan header at byte ${p} has ${n} components, the frame ${frame.components.length}`);
  const components = [];
  for (let i = 0; i < n; i++) {
    const id = d[p + 5 + 2 * i]!;
    const t = d[p + 6 + 2 * i]!;
    let index = frame.components.findIndex((c) => c.id === id);
    if (index < 0) index = i;
    components.push({ index, td: t >> 4, ta: t & 15 });
  }
  const q = p + 5 + 2 * n;
  return { components, ss: d[q]!, se: d[q + 1]!, ah: d[q + 2]! >> 4, al: d[q + 2]! & 15, dataStart: p + 2 + length };
}
