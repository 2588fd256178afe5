/**
 * Structural checks of JPEG-LS and JPEG 2000 / HTJ2K codestreams done in TypeScript before a
 * WebAssembly decoder sees them: image size for validation against the DICOM header (so a hostile
 * header cannot make the decoder allocate gigabytes) and completeness (the decoders either decode a
 * truncated stream silently — OpenJPH — or spend many seconds on it — CharLS without EOI).
 * Failures throw plain `Error`s; the caller turns them into DICOM_PIXEL_DATA_CORRUPT.
 * @packageDocumentation
 */

/** Image parameters read from a codestream's main header. */
export interface CodestreamHeader {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  /** Bits per sample (JPEG 2000: all components share it, as DICOM requires). */
  readonly precision: number;
  /** JPEG 2000: any component signed. */
  readonly signed: boolean;
  /** JPEG 2000: multiple component transform (RCT/ICT) used (COD SGcod byte 4). */
  readonly mct: boolean;
  /** JPEG 2000: a CAP marker announces Part 15 (HTJ2K) code-blocks. */
  readonly htj2k: boolean;
  /** JPEG 2000: COD selects the reversible 5/3 wavelet (JPEG-LS: true). */
  readonly reversible: boolean;
  /** JPEG 2000: COC or QCC in the main header (per-component coding parameters). */
  readonly componentOverrides: boolean;
  /** The codestream proper (JPEG 2000 wrapped in a JP2 file: the contents of its `jp2c` box). */
  readonly codestream: Uint8Array;
}

const u16 = (b: Uint8Array, o: number): number => {
  if (o + 2 > b.length) throw new Error(`codestream ends at byte ${b.length} inside a marker segment`);
  return (b[o]! << 8) | b[o + 1]!;
};
const u32 = (b: Uint8Array, o: number): number => u16(b, o) * 65536 + u16(b, o + 2);
const hex = (m: number): string => m.toString(16).toUpperCase().padStart(4, '0');

/** Length without trailing zero bytes (DICOM pads fragments to even length). */
function unpaddedLength(b: Uint8Array): number {
  let n = b.length;
  while (n > 0 && b[n - 1] === 0) n--;
  return n;
}

/** EOI/EOC (FFD9) at the end, before zero padding or one padding byte of any value (seen in the wild). */
function endsWithEoi(b: Uint8Array): boolean {
  const n = unpaddedLength(b);
  if (n >= 2 && b[n - 2] === 0xff && b[n - 1] === 0xd9) return true;
  const m = b.length;
  return m >= 3 && b[m - 3] === 0xff && b[m - 2] === 0xd9;
}

/**
 * JPEG-LS (ISO 14495-1): reads SOF55 (FFF7) and requires the EOI marker at the end.
 * @throws Error naming the defect
 */
export function readJpegLsHeader(b: Uint8Array): CodestreamHeader {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) throw new Error('JPEG-LS codestream does not start with SOI (FFD8)');
  if (!endsWithEoi(b)) throw new Error(`JPEG-LS codestream of ${b.length} bytes does not end with EOI (FFD9): truncated`);
  let o = 2;
  for (;;) {
    while (o < b.length && b[o] === 0xff && b[o + 1] === 0xff) o++; // fill bytes
    const marker = u16(b, o);
    if ((marker & 0xff00) !== 0xff00) throw new Error(`expected a marker at byte ${o}, found ${hex(marker)}`);
    if (marker === 0xffda || marker === 0xffd9) throw new Error('JPEG-LS codestream has no SOF55 (FFF7) frame header before the scan');
    const length = u16(b, o + 2);
    if (length < 2 || o + 2 + length > b.length) throw new Error(`marker ${hex(marker)} at byte ${o} has length ${length} beyond the codestream`);
    if (marker === 0xfff7) {
      if (length < 8) throw new Error(`SOF55 length ${length} is too short`);
      const precision = b[o + 4]!;
      const height = u16(b, o + 5);
      const width = u16(b, o + 7);
      const components = b[o + 9]!;
      if (precision < 2 || precision > 16) throw new Error(`SOF55 sample precision ${precision} is outside 2…16`);
      return { width, height, components, precision, signed: false, mct: false, htj2k: false, reversible: true, componentOverrides: false, codestream: b };
    }
    o += 2 + length;
  }
}

/** JP2 file format (ISO 15444-1 Annex I) → the contiguous codestream box contents. */
function unwrapJp2(b: Uint8Array): Uint8Array {
  let o = 0;
  while (o + 8 <= b.length) {
    let length = u32(b, o);
    const type = String.fromCharCode(b[o + 4]!, b[o + 5]!, b[o + 6]!, b[o + 7]!);
    let header = 8;
    if (length === 1) {
      length = u32(b, o + 8) * 2 ** 32 + u32(b, o + 12);
      header = 16;
    } else if (length === 0) length = b.length - o;
    if (length < header) throw new Error(`JP2 box '${type}' at byte ${o} has length ${length}`);
    if (type === 'jp2c') return b.subarray(o + header, Math.min(b.length, o + length));
    o += length;
  }
  throw new Error('JP2 file has no contiguous codestream (jp2c) box');
}

/**
 * JPEG 2000 Part 1 / Part 15 codestream (optionally in a JP2 file): reads SIZ, COD and CAP, then
 * walks the tile-parts (SOT Psot) and requires each to lie within the data.
 * @throws Error naming the defect
 */
export function readJ2kHeader(input: Uint8Array): CodestreamHeader {
  const jp2 = input.length >= 12 && u32(input, 0) === 12 && u32(input, 4) === 0x6a502020;
  const b = jp2 ? unwrapJp2(input) : input;
  if (b.length < 2 || b[0] !== 0xff || b[1] !== 0x4f) throw new Error('JPEG 2000 codestream does not start with SOC (FF4F)');
  if (u16(b, 2) !== 0xff51) throw new Error('JPEG 2000 SOC is not followed by SIZ (FF51)');
  const lsiz = u16(b, 4);
  const components = u16(b, 40);
  if (components < 1 || lsiz !== 38 + 3 * components || 4 + lsiz > b.length) throw new Error(`SIZ length ${lsiz} does not fit ${components} components`);
  const width = u32(b, 8) - u32(b, 16);
  const height = u32(b, 12) - u32(b, 20);
  if (width <= 0 || height <= 0) throw new Error(`SIZ image area ${width}×${height} is empty`);
  const ssiz0 = b[42]!;
  const precision = (ssiz0 & 0x7f) + 1;
  const signed = (ssiz0 & 0x80) !== 0;
  for (let c = 0; c < components; c++) {
    if (b[42 + 3 * c] !== ssiz0) throw new Error(`component ${c} has Ssiz ${b[42 + 3 * c]}, component 0 ${ssiz0}; DICOM needs one sample format`);
    if (b[43 + 3 * c] !== 1 || b[44 + 3 * c] !== 1) throw new Error(`component ${c} is subsampled (XRsiz ${b[43 + 3 * c]}, YRsiz ${b[44 + 3 * c]}); DICOM does not allow that`);
  }
  if (precision > 38) throw new Error(`SIZ precision ${precision} is outside 1…38`);
  let mct = false;
  let htj2k = false;
  let reversible = false;
  let componentOverrides = false;
  let o = 4 + lsiz;
  // Main header up to the first SOT.
  for (;;) {
    const marker = u16(b, o);
    if (marker === 0xff90) break;
    if ((marker & 0xff00) !== 0xff00 || marker === 0xffd9 || marker === 0xff93) throw new Error(`expected a main-header marker at byte ${o}, found ${hex(marker)}`);
    const length = u16(b, o + 2);
    if (length < 2 || o + 2 + length > b.length) throw new Error(`marker ${hex(marker)} at byte ${o} has length ${length} beyond the codestream`);
    if (marker === 0xff52 && length >= 12) {
      mct = b[o + 8] !== 0;
      reversible = b[o + 13] === 1;
    }
    if (marker === 0xff53 || marker === 0xff5d) componentOverrides = true;
    if (marker === 0xff50 && length >= 6) htj2k = (u32(b, o + 4) & 0x00020000) !== 0;
    o += 2 + length;
  }
  // Tile-parts: SOT (Lsot 10, Isot, Psot, TPsot, TNsot); Psot 0 = up to EOC. Every tile needs one.
  const tileW = u32(b, 24), tileH = u32(b, 28);
  const tiles = tileW > 0 && tileH > 0 ? Math.ceil((u32(b, 8) - u32(b, 32)) / tileW) * Math.ceil((u32(b, 12) - u32(b, 36)) / tileH) : 0;
  if (!(tiles >= 1 && tiles <= 65535)) throw new Error(`SIZ tiling ${tileW}×${tileH} gives ${tiles} tiles`);
  const seen = new Uint8Array(tiles);
  let missing = tiles;
  const end = unpaddedLength(b);
  while (o < end) {
    const marker = u16(b, o);
    if (marker === 0xffd9) break;
    if (marker !== 0xff90) throw new Error(`expected SOT (FF90) or EOC (FFD9) at byte ${o}, found ${hex(marker)}`);
    const tile = u16(b, o + 4);
    const psot = u32(b, o + 6);
    if (tile >= tiles) throw new Error(`tile-part at byte ${o} names tile ${tile} of ${tiles}`);
    if (seen[tile] === 0) {
      seen[tile] = 1;
      missing--;
    }
    if (psot === 0) {
      if (!endsWithEoi(b)) throw new Error(`last tile-part at byte ${o} runs to EOC but the codestream has no EOC: truncated`);
      break;
    }
    if (psot < 14 || o + psot > b.length) throw new Error(`tile-part of tile ${tile} at byte ${o} declares ${psot} bytes but only ${b.length - o} remain: truncated`);
    o += psot;
  }
  if (missing > 0) throw new Error(`${missing} of ${tiles} tiles have no tile-part: truncated`);
  return { width, height, components, precision, signed, mct, htj2k, reversible, componentOverrides, codestream: b };
}
