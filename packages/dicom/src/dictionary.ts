import { DICTIONARY_CHUNKS } from './dictionary-data.js';
import { isDicomVr, type DicomVr } from './dicom-vr.js';

/** One PS3.6 dictionary entry. */
export interface DictionaryEntry {
  /** 'GGGGEEEE' upper-case hex. */
  readonly tag: string;
  readonly vr: DicomVr;
  readonly keyword: string;
}

let byTag: Map<number, DictionaryEntry> | undefined;
let byKeyword: Map<string, DictionaryEntry> | undefined;

function load(): void {
  byTag = new Map();
  byKeyword = new Map();
  for (const chunk of DICTIONARY_CHUNKS) {
    for (const item of chunk.split(' ')) {
      const tag = item.slice(0, 8);
      const vr = item.slice(8, 10);
      if (!isDicomVr(vr)) continue;
      const entry: DictionaryEntry = { tag, vr, keyword: item.slice(10) };
      byTag.set(parseInt(tag, 16) >>> 0, entry);
      if (!byKeyword.has(entry.keyword)) byKeyword.set(entry.keyword, entry);
    }
  }
}

/** Dictionary entry of a numeric tag; repeating groups 50xx/60xx map to their base group. */
export function lookupTag(tag: number): DictionaryEntry | undefined {
  if (byTag === undefined) load();
  const direct = byTag!.get(tag >>> 0);
  if (direct !== undefined) return direct;
  const group = tag >>> 16;
  if ((group & 0xff00) === 0x5000 || (group & 0xff00) === 0x6000) {
    return byTag!.get((((group & 0xff00) << 16) | (tag & 0xffff)) >>> 0);
  }
  return undefined;
}

/** Dictionary entry of a PS3.6 keyword ('PatientName'). */
export function lookupKeyword(keyword: string): DictionaryEntry | undefined {
  if (byKeyword === undefined) load();
  return byKeyword!.get(keyword);
}

/**
 * Numeric tag of a tag string 'GGGGEEEE' (hex, any case, optionally '(gggg,eeee)') or a keyword.
 * Returns undefined for unknown keywords.
 */
export function toTagNumber(tagOrKeyword: string): number | undefined {
  const cached = tagNumberCache.get(tagOrKeyword);
  if (cached !== undefined || tagNumberCache.has(tagOrKeyword)) return cached;
  const n = parseTagNumber(tagOrKeyword);
  // Callers pass tag constants and keywords from code, so the cache stays small; the cap guards
  // against a caller feeding it data-derived strings.
  if (tagNumberCache.size < 4096) tagNumberCache.set(tagOrKeyword, n);
  return n;
}

/** Memo of {@link toTagNumber}: accessors resolve the same few tag strings for every file of a series. */
const tagNumberCache = new Map<string, number | undefined>();

function parseTagNumber(tagOrKeyword: string): number | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(tagOrKeyword)) return parseInt(tagOrKeyword, 16) >>> 0;
  const m = /^\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)$/.exec(tagOrKeyword);
  if (m) return parseInt(m[1]! + m[2]!, 16) >>> 0;
  const entry = lookupKeyword(tagOrKeyword);
  return entry === undefined ? undefined : parseInt(entry.tag, 16) >>> 0;
}

/** 'GGGGEEEE' upper-case hex of a numeric tag. */
export function tagToHex(tag: number): string {
  return (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** '(gggg,eeee)' lower-case, the form used in MedlensError details.tag. */
export function tagToParen(tag: number): string {
  const h = (tag >>> 0).toString(16).padStart(8, '0');
  return `(${h.slice(0, 4)},${h.slice(4)})`;
}
