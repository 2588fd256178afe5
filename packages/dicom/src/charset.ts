/**
 * Specific Character Set decoding (PS3.5 6.1, Annex H/I/J; PS3.3 C.12.1.1.2).
 *
 * Single-byte and multi-byte terms without code extensions decode the whole value with one decoder.
 * ISO 2022 terms (`ISO 2022 IR …`) switch G0/G1 with escape sequences; the state returns to the one
 * of the first term at every value delimiter, line break and (for PN) component/group delimiter.
 * @packageDocumentation
 */

type Decode = (bytes: Uint8Array) => string;

const decoders = new Map<string, TextDecoder>();
function textDecoder(label: string): TextDecoder {
  let d = decoders.get(label);
  if (d === undefined) {
    d = new TextDecoder(label);
    decoders.set(label, d);
  }
  return d;
}

/** Node's Buffer, when present (its 'latin1' decoding is ISO 8859-1 byte → code point, natively). */
const NodeBuffer = (globalThis as { Buffer?: { from(a: ArrayBufferLike, o: number, l: number): { toString(enc: 'latin1'): string } } }).Buffer;

/**
 * ISO 8859-1 exactly (TextDecoder('latin1') is windows-1252 and remaps 0x80–0x9F). Hot: every header
 * string goes through here, so short values use a plain loop and long ones Buffer's native decoder
 * (a spread into String.fromCharCode was ~40 % of header-scan time).
 */
function decodeLatin1(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n <= 64 || NodeBuffer === undefined) {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  return NodeBuffer.from(bytes.buffer, bytes.byteOffset, n).toString('latin1');
}

const label = (l: string): Decode => (b) => textDecoder(l).decode(b);

/** Defined terms without code extensions → decoder. */
const SINGLE_TERMS: Record<string, Decode> = {
  '': decodeLatin1, 'ISO_IR 6': decodeLatin1, 'ISO_IR 100': decodeLatin1,
  'ISO_IR 101': label('iso-8859-2'), 'ISO_IR 109': label('iso-8859-3'), 'ISO_IR 110': label('iso-8859-4'),
  'ISO_IR 144': label('iso-8859-5'), 'ISO_IR 127': label('iso-8859-6'), 'ISO_IR 126': label('iso-8859-7'),
  'ISO_IR 138': label('iso-8859-8'), 'ISO_IR 148': label('iso-8859-9'), 'ISO_IR 203': label('iso-8859-15'),
  'ISO_IR 166': label('windows-874'), 'ISO_IR 13': label('shift_jis'), 'ISO_IR 192': label('utf-8'),
  GB18030: label('gb18030'), GBK: label('gbk'),
};

/** A code element designated by an escape sequence: how its bytes decode. */
interface CodeElement {
  /** Bytes per character. */
  readonly width: 1 | 2;
  /** Decodes bytes (already masked to 7 bits for G0 or ≥ 0x80 for G1) of this element. */
  readonly decode: (bytes: Uint8Array, fromG0: boolean) => string;
}

const orHigh = (b: Uint8Array): Uint8Array => b.map((x) => x | 0x80);
const ascii: CodeElement = { width: 1, decode: decodeLatin1 };
const gr = (l: string): CodeElement => ({ width: 1, decode: (b, g0) => (g0 ? decodeLatin1(b) : textDecoder(l).decode(b)) });
const latin1Gr: CodeElement = { width: 1, decode: decodeLatin1 };
const katakana: CodeElement = { width: 1, decode: (b) => textDecoder('shift_jis').decode(b) };
const jisX0208: CodeElement = { width: 2, decode: (b) => textDecoder('euc-jp').decode(orHigh(b)) };
const jisX0212: CodeElement = {
  width: 2,
  decode: (b) => {
    const out = new Uint8Array((b.length / 2) * 3);
    for (let i = 0, o = 0; i + 1 < b.length; i += 2) {
      out[o++] = 0x8f;
      out[o++] = b[i]! | 0x80;
      out[o++] = b[i + 1]! | 0x80;
    }
    return textDecoder('euc-jp').decode(out);
  },
};
const ksX1001: CodeElement = { width: 2, decode: (b) => textDecoder('euc-kr').decode(orHigh(b)) };
const gb2312: CodeElement = { width: 2, decode: (b) => textDecoder('gbk').decode(orHigh(b)) };

/** Escape sequence (bytes after ESC, as a string) → [G0 or G1, code element]. PS3.3 Table C.12-3/-4. */
const ESCAPES: Record<string, readonly [0 | 1, CodeElement]> = {
  '(B': [0, ascii], '(J': [0, ascii], ')I': [1, katakana], '$B': [0, jisX0208], '$(D': [0, jisX0212],
  '$)C': [1, ksX1001], '$)A': [1, gb2312], '-A': [1, latin1Gr], '-B': [1, gr('iso-8859-2')], '-C': [1, gr('iso-8859-3')],
  '-D': [1, gr('iso-8859-4')], '-L': [1, gr('iso-8859-5')], '-G': [1, gr('iso-8859-6')], '-F': [1, gr('iso-8859-7')],
  '-H': [1, gr('iso-8859-8')], '-M': [1, gr('iso-8859-9')], '-T': [1, gr('windows-874')], '-b': [1, gr('iso-8859-15')],
};

/** Initial G0/G1 of an `ISO 2022 IR nnn` term. */
const ISO2022_INITIAL: Record<string, readonly [CodeElement, CodeElement | undefined]> = {
  'ISO 2022 IR 6': [ascii, undefined], 'ISO 2022 IR 100': [ascii, latin1Gr], 'ISO 2022 IR 101': [ascii, gr('iso-8859-2')],
  'ISO 2022 IR 109': [ascii, gr('iso-8859-3')], 'ISO 2022 IR 110': [ascii, gr('iso-8859-4')],
  'ISO 2022 IR 144': [ascii, gr('iso-8859-5')], 'ISO 2022 IR 127': [ascii, gr('iso-8859-6')],
  'ISO 2022 IR 126': [ascii, gr('iso-8859-7')], 'ISO 2022 IR 138': [ascii, gr('iso-8859-8')],
  'ISO 2022 IR 148': [ascii, gr('iso-8859-9')], 'ISO 2022 IR 203': [ascii, gr('iso-8859-15')],
  'ISO 2022 IR 166': [ascii, gr('windows-874')], 'ISO 2022 IR 13': [ascii, katakana],
  'ISO 2022 IR 87': [jisX0208, undefined], 'ISO 2022 IR 159': [jisX0212, undefined],
  'ISO 2022 IR 149': [ascii, ksX1001], 'ISO 2022 IR 58': [ascii, gb2312],
};

/** A prepared decoder for one dataset's Specific Character Set. */
export interface CharsetDecoder {
  /** Decodes a text value; `personName` adds ^ and = as state-reset delimiters. */
  decode(bytes: Uint8Array, personName: boolean): string;
  /** Terms that were not recognised (decoded as ISO_IR 6 / latin1 instead). */
  readonly unknownTerms: readonly string[];
}

const ESC = 0x1b;

/**
 * Builds the decoder for the values of (0008,0005) Specific Character Set.
 * Unknown terms are reported in `unknownTerms` (the caller emits DICOM_CHARSET_UNSUPPORTED).
 */
export function createCharsetDecoder(terms: readonly string[]): CharsetDecoder {
  // Tolerate common misspellings ('ISO-IR 100', 'ISO_IR100', lower case) of the defined terms.
  const cleaned = terms.map((t) => t.trim().toUpperCase().replace(/^ISO[-_ ]?IR[-_ ]?(\d+)$/, 'ISO_IR $1').replace(/^ISO[-_ ]2022[-_ ]IR[-_ ]?(\d+)$/, 'ISO 2022 IR $1'));
  const first = cleaned[0] ?? '';
  const unknownTerms = cleaned.filter((t, i) => !(t in SINGLE_TERMS) && !(t in ISO2022_INITIAL) && !(i > 0 && t === ''));
  const uses2022 = cleaned.some((t) => t.startsWith('ISO 2022')) || cleaned.length > 1;
  if (!uses2022) {
    const single = SINGLE_TERMS[first] ?? decodeLatin1;
    return { unknownTerms, decode: (b) => single(b) };
  }
  const initial = ISO2022_INITIAL[first] ?? (SINGLE_TERMS[first] === decodeLatin1 ? [ascii, latin1Gr] as const : [ascii, undefined] as const);
  return { unknownTerms, decode: (b, pn) => decodeIso2022(b, initial, pn) };
}

function isDelimiter(c: number, personName: boolean): boolean {
  return c === 0x5c || c === 0x0d || c === 0x0a || c === 0x09 || c === 0x0c || (personName && (c === 0x5e || c === 0x3d));
}

function decodeIso2022(bytes: Uint8Array, initial: readonly [CodeElement, CodeElement | undefined], personName: boolean): string {
  let g0 = initial[0];
  let g1 = initial[1];
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c === ESC) {
      let matched = false;
      for (const len of [2, 3]) {
        const seq = String.fromCharCode(...bytes.subarray(i + 1, i + 1 + len));
        const hit = ESCAPES[seq];
        if (hit !== undefined) {
          if (hit[0] === 0) g0 = hit[1];
          else g1 = hit[1];
          i += 1 + len;
          matched = true;
          break;
        }
      }
      if (!matched) i++; // unknown escape: drop the ESC byte, keep the rest as text
      continue;
    }
    if (c < 0x80 && g0.width === 2 && c >= 0x21) {
      // Two-byte G0 set (JIS X 0208/0212): bytes pair up until the next escape or control character.
      let j = i;
      while (j + 1 < bytes.length && bytes[j]! >= 0x21 && bytes[j]! < 0x80 && bytes[j + 1]! >= 0x21 && bytes[j + 1]! < 0x80) j += 2;
      if (j === i) j = i + 1;
      out += g0.decode(bytes.subarray(i, j), true);
      i = j;
      continue;
    }
    if (c < 0x80) {
      if (isDelimiter(c, personName) || c < 0x21) {
        out += String.fromCharCode(c);
        if (isDelimiter(c, personName)) {
          g0 = initial[0];
          g1 = initial[1];
        }
        i++;
        continue;
      }
      let j = i;
      while (j < bytes.length && bytes[j]! >= 0x21 && bytes[j]! < 0x80 && !isDelimiter(bytes[j]!, personName)) j++;
      if (j === i) j = i + 1;
      out += decodeLatin1(bytes.subarray(i, j));
      i = j;
      continue;
    }
    let j = i;
    while (j < bytes.length && bytes[j]! >= 0x80) j++;
    const run = bytes.subarray(i, j);
    out += g1 === undefined ? decodeLatin1(run) : g1.decode(g1.width === 2 ? run.map((x) => x & 0x7f) : run, false);
    i = j;
  }
  return out;
}
