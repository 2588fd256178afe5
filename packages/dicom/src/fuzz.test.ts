/**
 * Deterministic mutation fuzzer of the DICOM reader (hostile-input hardening).
 *
 * Eighteen varied corpus files (native LE / BE / implicit, deflated dataset, RLE 16/32-bit, JPEG
 * baseline, JPEG lossless, JPEG-LS, JPEG 2000, HTJ2K, enhanced multi-frame, SR with nested
 * undefined-length sequences, 1-bit SEG native / RLE / Deflated Image Frame, ISO 2022 character sets)
 * are mutated with a seeded PRNG (no Math.random): bit flips, byte overwrites, targeted length
 * fields (found by parsing the original), truncation, duplicated / removed chunks, VR bytes, item /
 * delimiter tags, Basic Offset Table entries, fragment lengths, Image Pixel attributes and codestream
 * headers. Every mutant goes through parseDicom (full, header-only, and header-only on a prefix as
 * readDicomHeader does), DicomDataset.toJson, describePixels and decodeFrame (at most 3 frames).
 *
 * Each call must succeed or throw a MedlensError with a catalogued code, details.path and a tag,
 * offset or field; a decoded frame must have exactly Rows × Columns × SamplesPerPixel samples; a call
 * may not grow ArrayBuffer memory beyond the file's budget; a mutant may not take more than 5 s. A
 * watchdog thread kills the test process (printing the mutant) when the reader hangs in synchronous
 * code, which no in-thread timeout can interrupt.
 *
 * A failure prints file, seed, mutation and the exact byte splices, so it can be reproduced and added
 * to fuzz-regressions.test.ts. MEDLENS_FUZZ_SEED / MEDLENS_FUZZ_PER_FILE / MEDLENS_FUZZ_FILES explore further.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode, MedlensError } from '@medlens/core';
import { resolveDataset } from '@medlens/testing';
import { decodeFrame, describePixels, parseDicom, scanDicomPaths, type DicomDataset } from './index.js';
import { LONG_LENGTH_VRS, isDicomVr } from './dicom-vr.js';
import { applySplices, type Splice } from './test-bytes.js';

const root = resolveDataset('dicom-corpus', 'files');

const DEFAULT_FILES = [
  'transfer-syntax/mr_small_explicit_le.dcm',
  'transfer-syntax/mr_small_explicit_be_dcmodify.dcm',
  'transfer-syntax/mr_small_implicit_le.dcm',
  'transfer-syntax/mr_small_deflated.dcm',
  'transfer-syntax/mr_small_rle.dcm',
  'rt/rtdose_15f_32bit_rle.dcm',
  'color/sc_rgb_jpeg_baseline_ybr_full_422.dcm',
  'color/sc_rgb_jpeg_lossless_sv1_gdcm.dcm',
  'multiframe/enhanced_mr_10f_jpeg_lossless_sv1.dcm',
  'transfer-syntax/sc_jpegls_lossless_7bit.dcm',
  'multiframe/enhanced_ct_2frame_jpegls_fragmented_nobot.dcm',
  'transfer-syntax/mr_small_j2k_lossless.dcm',
  'transfer-syntax/ct1_htj2k_lossy.dcm',
  'sr/sr_comprehensive_nested_undefined_lengths.dcm',
  'seg/seg_ct_binary.dcm',
  'seg/seg_liver_1bit_deflated_image_frame.dcm',
  'seg/seg_liver_1bit_rle.dcm',
  'misc/charset_japanese_multi.dcm',
];
/** MEDLENS_FUZZ_FILES: comma-separated paths under files/ to fuzz instead (exploration). */
const FILES = process.env['MEDLENS_FUZZ_FILES']?.split(',') ?? DEFAULT_FILES;
const BASE_SEED = Number(process.env['MEDLENS_FUZZ_SEED'] ?? 20261122);
const PER_FILE = Number(process.env['MEDLENS_FUZZ_PER_FILE'] ?? 85);
const MAX_FRAMES = 3;
const MUTANT_LIMIT_MS = 5000;
const HANG_KILL_MS = 20_000;
const ABSOLUTE_MEMORY_LIMIT = 256 * 2 ** 20;
const MEMORY_FLOOR = 2 ** 20;

// ---------------------------------------------------------------------------------------------
// PRNG (mulberry32) and byte splices

class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  byte(): number {
    return this.int(256);
  }
}



const hexOf = (bytes: ArrayLike<number>): string => Buffer.from(Array.from(bytes)).toString('hex');
const u32Bytes = (v: number, le: boolean): number[] => {
  const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  return le ? b : b.reverse();
};
const u16Bytes = (v: number, le: boolean): number[] => (le ? [v & 0xff, (v >> 8) & 0xff] : [(v >> 8) & 0xff, v & 0xff]);
const overwrite = (at: number, bytes: ArrayLike<number>): Splice => ({ at, remove: bytes.length, insert: hexOf(bytes) });

// ---------------------------------------------------------------------------------------------
// Landmarks of the original file (where element headers, items, BOT and fragments are)

interface ElementHeader {
  tag: number;
  tagPos: number;
  vrPos?: number;
  lengthPos: number;
  lengthSize: 2 | 4;
  valueOffset: number;
  length: number;
  le: boolean;
  vr: string;
}

interface Landmarks {
  size: number;
  le: boolean;
  headers: ElementHeader[];
  /** Positions of (FFFE,E000/E00D/E0DD) tags in the file bytes. */
  itemTags: number[];
  botItem?: number;
  botEntries: number[];
  fragments: { itemPos: number; valueOffset: number; length: number }[];
  pixelAttributes: ElementHeader[];
}

const PIXEL_ATTRIBUTES = new Set([0x00280002, 0x00280004, 0x00280006, 0x00280008, 0x00280010, 0x00280011, 0x00280100, 0x00280101, 0x00280102, 0x00280103]);

function landmarks(bytes: Uint8Array): Landmarks {
  const { dataset } = parseDicom(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tagAt = (p: number, le: boolean): number => (p < 0 || p + 4 > bytes.length ? -1 : ((view.getUint16(p, le) << 16) | view.getUint16(p + 2, le)) >>> 0);
  const vrAt = (p: number): string => String.fromCharCode(bytes[p] ?? 0, bytes[p + 1] ?? 0);
  const deflated = dataset.transferSyntaxUid === '1.2.840.10008.1.2.1.99';
  const headers: ElementHeader[] = [];
  const visit = (ds: DicomDataset, depth: number): void => {
    for (const e of ds.elements()) {
      const group2 = e.tag >>> 16 === 0x0002;
      if (depth === 0 && deflated && !group2) continue;
      const o = e.offset;
      for (const le of group2 ? [true] : [ds.littleEndian, true]) {
        let h: ElementHeader | undefined;
        if (tagAt(o - 12, le) === e.tag && LONG_LENGTH_VRS.has(vrAt(o - 8) as never)) {
          h = { tag: e.tag, tagPos: o - 12, vrPos: o - 8, lengthPos: o - 4, lengthSize: 4, valueOffset: o, length: e.length, le, vr: vrAt(o - 8) };
        } else if (tagAt(o - 8, le) === e.tag && isDicomVr(vrAt(o - 4))) {
          h = { tag: e.tag, tagPos: o - 8, vrPos: o - 4, lengthPos: o - 2, lengthSize: 2, valueOffset: o, length: e.length, le, vr: vrAt(o - 4) };
        } else if (tagAt(o - 8, le) === e.tag) {
          h = { tag: e.tag, tagPos: o - 8, lengthPos: o - 4, lengthSize: 4, valueOffset: o, length: e.length, le, vr: e.vr };
        }
        if (h !== undefined) {
          headers.push(h);
          break;
        }
      }
      for (const item of e.items ?? []) visit(item, depth + 1);
    }
  };
  visit(dataset, 0);
  const metaEnd = deflated ? Math.max(...headers.map((h) => h.valueOffset + h.length)) : bytes.length;
  const itemTags: number[] = [];
  for (let p = 0; p + 4 <= metaEnd; p++) {
    const le = bytes[p] === 0xfe && bytes[p + 1] === 0xff && bytes[p + 3] === 0xe0;
    const be = bytes[p] === 0xff && bytes[p + 1] === 0xfe && bytes[p + 2] === 0xe0;
    const code = le ? bytes[p + 2] : be ? bytes[p + 3] : undefined;
    if (code === 0x00 || code === 0x0d || code === 0xdd) itemTags.push(p);
  }
  const pixel = dataset.pixelData;
  const fragments = (pixel?.fragments ?? []).map((f) => ({ itemPos: f.offset - 8, valueOffset: f.offset, length: f.length }));
  const botItem = pixel?.encapsulated === true && !deflated ? pixel.offset : undefined;
  const botEntries = botItem === undefined ? [] : (pixel?.basicOffsetTable ?? []).map((_, i) => botItem + 8 + 4 * i);
  const pixelAttributes = headers.filter((h) => PIXEL_ATTRIBUTES.has(h.tag) || h.tag === 0x7fe00010);
  return { size: bytes.length, le: dataset.littleEndian, headers, itemTags, ...(botItem === undefined ? {} : { botItem }), botEntries, fragments, pixelAttributes };
}

// ---------------------------------------------------------------------------------------------
// Mutations

type Mutation = (rng: Rng, src: Uint8Array, lm: Landmarks) => Splice[] | undefined;

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];
const HUGE_LENGTHS = [0xffffffff, 0xfffffff0, 0x7fffffff, 0x80000000, 0xfffffffe];

function lengthValue(rng: Rng, lm: Landmarks, valueOffset: number, original: number, size: 2 | 4): number {
  const beyond = lm.size - valueOffset + 1 + rng.int(16);
  const choices = size === 4
    ? [...HUGE_LENGTHS, original | 1, original + 1, original - 1, original + 2, Math.max(0, original - 2), beyond, beyond + (beyond & 1), 0, original * 2, 4, 8]
    : [0xffff, 0xfffe, original | 1, original + 2, Math.max(0, original - 2), Math.min(0xffff, beyond), 0];
  return rng.pick(choices) >>> 0;
}

const MUTATIONS: Record<string, Mutation> = {
  'bit-flip': (rng, src) => Array.from({ length: 1 + rng.int(8) }, () => {
    const at = rng.int(src.length);
    return overwrite(at, [src[at]! ^ (1 << rng.int(8))]);
  }),
  'byte-overwrite': (rng, src) => Array.from({ length: 1 + rng.int(4) }, () => overwrite(rng.int(src.length), Array.from({ length: 1 + rng.int(4) }, () => (rng.int(2) === 0 ? rng.pick(INTERESTING_BYTES) : rng.byte())))),
  'length-field': (rng, _src, lm) => {
    const targets = [...lm.headers, ...lm.itemTags.map((p) => ({ lengthPos: p + 4, lengthSize: 4 as const, valueOffset: p + 8, length: 0, le: lm.le }))];
    if (targets.length === 0) return undefined;
    const h = rng.pick(targets);
    const v = lengthValue(rng, lm, h.valueOffset, h.length, h.lengthSize);
    return [overwrite(h.lengthPos, h.lengthSize === 4 ? u32Bytes(v, h.le) : u16Bytes(v & 0xffff, h.le))];
  },
  truncate: (rng, src, lm) => {
    const headerEnd = lm.headers.reduce((m, h) => Math.max(m, h.tag === 0x7fe00010 ? h.tagPos + 16 : h.valueOffset), 0);
    const at = rng.int(2) === 0 ? rng.int(src.length) : rng.int(Math.min(src.length, headerEnd + 64));
    return [{ at, remove: src.length - at }];
  },
  'duplicate-chunk': (rng, src, lm) => {
    const small = lm.headers.filter((h) => h.valueOffset + h.length - h.tagPos <= 256 && h.length !== 0xffffffff);
    if (small.length > 0 && rng.int(2) === 0) {
      const h = rng.pick(small);
      const chunk = src.subarray(h.tagPos, h.valueOffset + h.length);
      return [{ at: rng.int(2) === 0 ? h.tagPos : rng.int(src.length), remove: 0, insert: hexOf(chunk) }];
    }
    const a = rng.int(src.length);
    const chunk = src.subarray(a, a + 1 + rng.int(64));
    return [{ at: rng.int(2) === 0 ? a : rng.int(src.length), remove: 0, insert: hexOf(chunk) }];
  },
  'remove-chunk': (rng, src, lm) => {
    if (lm.headers.length > 0 && rng.int(2) === 0) {
      const h = rng.pick(lm.headers);
      const end = h.length === 0xffffffff ? h.valueOffset + rng.int(32) : h.valueOffset + h.length;
      return [{ at: h.tagPos, remove: rng.int(3) === 0 ? h.valueOffset - h.tagPos : end - h.tagPos }];
    }
    return [{ at: rng.int(src.length), remove: 1 + rng.int(64) }];
  },
  vr: (rng, _src, lm) => {
    const explicit = lm.headers.filter((h) => h.vrPos !== undefined);
    if (explicit.length === 0) return undefined;
    const h = rng.pick(explicit);
    const vr = rng.pick(['SQ', 'UN', 'OB', 'UT', 'US', 'UL', 'FD', 'AT', 'garbage', 'garbage']);
    const bytes = vr === 'garbage' ? [rng.byte(), rng.byte()] : [vr.charCodeAt(0), vr.charCodeAt(1)];
    return [overwrite(h.vrPos!, bytes)];
  },
  'item-tag': (rng, _src, lm) => {
    if (lm.itemTags.length === 0) return undefined;
    const p = rng.pick(lm.itemTags);
    const kind = rng.int(5);
    if (kind === 0) return [overwrite(p + (lm.le ? 2 : 3), [rng.pick([0x00, 0x0d, 0xdd, 0xde, 0x01])])];
    if (kind === 1) return [overwrite(p, [rng.byte(), rng.byte(), rng.byte(), rng.byte()])];
    if (kind === 2) return [overwrite(p + 4, u32Bytes(rng.pick([0, 0xffffffff, 8, 2, 0xfffffff0, 1]), lm.le))];
    if (kind === 3) return [{ at: p, remove: 8 }];
    return [{ at: p, remove: 0, insert: hexOf([...u16Bytes(0xfffe, lm.le), ...u16Bytes(rng.pick([0xe000, 0xe00d, 0xe0dd]), lm.le), ...u32Bytes(rng.pick([0, 0xffffffff]), lm.le)]) }];
  },
  bot: (rng, src, lm) => {
    if (lm.botItem === undefined) return undefined;
    const le = true;
    if (lm.botEntries.length > 0 && rng.int(3) > 0) {
      const i = rng.int(lm.botEntries.length);
      const at = lm.botEntries[i]!;
      const prev = i > 0 ? new DataView(src.buffer, src.byteOffset + lm.botEntries[i - 1]!, 4).getUint32(0, true) : 0;
      return [overwrite(at, u32Bytes(rng.pick([0xffffffff, 0xfffffff0, src.length, src.length * 2, prev, Math.max(0, prev - 1), 1, 3, rng.int(src.length), 0]), le))];
    }
    const n = 1 + rng.int(4);
    const entries = Array.from({ length: n }, () => rng.pick([0, 4, 0xffffffff, rng.int(src.length)]));
    const count = 4 * lm.botEntries.length;
    const length = rng.int(3) === 0 ? 4 * n + rng.pick([1, 2, 3]) : 4 * n;
    return [overwrite(lm.botItem + 4, u32Bytes(length, le)), { at: lm.botItem + 8, remove: count, insert: hexOf(entries.flatMap((v) => u32Bytes(v, le)).slice(0, length)) }];
  },
  'fragment-length': (rng, _src, lm) => {
    if (lm.fragments.length === 0) return undefined;
    const f = rng.pick(lm.fragments);
    return [overwrite(f.itemPos + 4, u32Bytes(lengthValue(rng, lm, f.valueOffset, f.length, 4), true))];
  },
  'pixel-attribute': (rng, _src, lm) => {
    if (lm.pixelAttributes.length === 0) return undefined;
    const h = rng.pick(lm.pixelAttributes);
    if (h.vr === 'US' || h.vr === 'SS') {
      return [overwrite(h.valueOffset, u16Bytes(rng.pick([0, 1, 2, 3, 4, 7, 8, 12, 15, 16, 17, 24, 31, 32, 33, 64, 255, 0x7fff, 0x8000, 0xfffe, 0xffff]), h.le))];
    }
    if (h.tag === 0x7fe00010) return [overwrite(h.lengthPos, h.lengthSize === 4 ? u32Bytes(lengthValue(rng, lm, h.valueOffset, h.length, 4), h.le) : u16Bytes(0xffff, h.le))];
    const text = h.tag === 0x00280008
      ? rng.pick(['0', '-1', '99999999', '65536', '1e9', '2.5', 'abc', '', '4294967297', '3', '20'])
      : rng.pick(['YBR_FULL_422', 'PALETTE COLOR', 'RGB', 'MONOCHROME1', 'YBR_RCT', 'XYZ', '', 'YBR_FULL']);
    const value = text.length % 2 === 1 ? `${text} ` : text;
    const splices: Splice[] = [];
    if (h.lengthSize === 2) splices.push(overwrite(h.lengthPos, u16Bytes(value.length, h.le)));
    else splices.push(overwrite(h.lengthPos, u32Bytes(value.length, h.le)));
    splices.push({ at: h.valueOffset, remove: h.length, insert: Buffer.from(value, 'latin1').toString('hex') });
    return splices;
  },
  codestream: (rng, _src, lm) => {
    if (lm.fragments.length === 0) return undefined;
    const f = rng.pick(lm.fragments);
    return Array.from({ length: 1 + rng.int(4) }, () => overwrite(f.valueOffset + rng.int(Math.min(f.length, 320)), [rng.int(2) === 0 ? rng.pick(INTERESTING_BYTES) : rng.byte()]));
  },
  'zero-run': (rng, src) => {
    const at = rng.int(src.length);
    return [overwrite(at, new Array<number>(Math.min(4 + rng.int(60), src.length - at)).fill(rng.pick([0x00, 0xff])))];
  },
};
const MUTATION_WEIGHTS: [string, number][] = [
  ['bit-flip', 12], ['byte-overwrite', 10], ['length-field', 16], ['truncate', 8], ['duplicate-chunk', 6], ['remove-chunk', 6],
  ['vr', 8], ['item-tag', 8], ['bot', 5], ['fragment-length', 6], ['pixel-attribute', 10], ['codestream', 6], ['zero-run', 4],
];
const TOTAL_WEIGHT = MUTATION_WEIGHTS.reduce((n, [, w]) => n + w, 0);

function pickMutation(rng: Rng): string {
  let r = rng.int(TOTAL_WEIGHT);
  for (const [name, w] of MUTATION_WEIGHTS) {
    if (r < w) return name;
    r -= w;
  }
  return 'bit-flip';
}

interface Mutant {
  file: string;
  seed: number;
  mutation: string;
  splices: Splice[];
  bytes: Uint8Array;
}

function makeMutant(file: string, src: Uint8Array, lm: Landmarks, seed: number): Mutant {
  const rng = new Rng(seed);
  const stack = rng.next() < 0.75 ? 1 : rng.next() < 0.8 ? 2 : 3;
  const names: string[] = [];
  const splices: Splice[] = [];
  for (let i = 0; i < stack; i++) {
    for (let attempt = 0; attempt < 8; attempt++) {
      const name = pickMutation(rng);
      const s = MUTATIONS[name]!(rng, src, lm);
      if (s === undefined || s.length === 0) continue;
      names.push(name);
      splices.push(...s);
      break;
    }
  }
  return { file, seed, mutation: names.join('+'), splices, bytes: applySplices(src, splices) };
}

// ---------------------------------------------------------------------------------------------
// Running one mutant

interface Problem {
  step: string;
  what: string;
}

function acceptable(e: unknown, path: string): string | undefined {
  if (!(e instanceof MedlensError)) {
    const kind = e instanceof Error ? `${e.constructor.name}: ${e.message}` : `non-Error throw ${typeof e}: ${String(e)}`;
    return `${kind}${e instanceof Error && e.stack ? `\n${e.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  }
  if (!isErrorCode(e.code)) return `uncatalogued code ${String(e.code)}`;
  if (e.details.path !== path) return `MedlensError ${e.code} without details.path (${JSON.stringify(e.details)}): ${e.message}`;
  if (e.details.tag === undefined && e.details.offset === undefined && e.details.field === undefined && e.code !== 'DICOM_NOT_DICOM') {
    return `MedlensError ${e.code} names no tag, offset or field (${JSON.stringify(e.details)}): ${e.message}`;
  }
  if (e.message.length < 10) return `MedlensError ${e.code} with a message that gives no reason: ${JSON.stringify(e.message)}`;
  return undefined;
}

async function exercise(bytes: Uint8Array, path: string, memoryBudget: number, codes: Map<string, number>): Promise<{ problems: Problem[]; peak: number }> {
  const problems: Problem[] = [];
  let peak = 0;
  const step = async <T>(name: string, fn: () => T | Promise<T>, needPath = true): Promise<T | undefined> => {
    const before = process.memoryUsage().arrayBuffers;
    let value: T | undefined;
    try {
      value = await fn();
    } catch (e) {
      const why = needPath ? acceptable(e, path) : e instanceof MedlensError ? undefined : acceptable(e, path);
      if (why !== undefined) problems.push({ step: name, what: why });
      else if (e instanceof MedlensError) codes.set(`${name.split('(')[0]} ${e.code}`, (codes.get(`${name.split('(')[0]} ${e.code}`) ?? 0) + 1);
    }
    const grown = process.memoryUsage().arrayBuffers - before;
    peak = Math.max(peak, grown);
    if (grown > memoryBudget) problems.push({ step: name, what: `ArrayBuffer memory grew by ${(grown / 2 ** 20).toFixed(1)} MiB (budget ${(memoryBudget / 2 ** 20).toFixed(1)} MiB)` });
    return value;
  };
  await step('parseDicom(untilPixelData)', () => parseDicom(bytes, { path, untilPixelData: true }));
  // What readDicomHeader does with a prefix of a larger file.
  await step('parseDicom(prefix)', () => parseDicom(bytes.subarray(0, Math.ceil(bytes.length / 3)), { path, untilPixelData: true, fileSize: bytes.length }));
  const parsed = await step('parseDicom', () => parseDicom(bytes, { path }));
  if (parsed === undefined) return { problems, peak };
  const dataset = parsed.dataset;
  await step('toJson', () => dataset.toJson(), false);
  if (dataset.pixelData === undefined) {
    await step('decodeFrame(0)', () => decodeFrame(dataset, 0, { path }));
    return { problems, peak };
  }
  const desc = await step('describePixels', () => describePixels(dataset, path));
  if (desc === undefined) return { problems, peak };
  const samples = desc.rows * desc.columns * desc.samplesPerPixel;
  for (let i = 0; i < Math.min(MAX_FRAMES, desc.numberOfFrames); i++) {
    const frame = await step(`decodeFrame(${i})`, () => decodeFrame(dataset, i, { path }));
    if (frame !== undefined && frame.data.length !== samples) {
      problems.push({ step: `decodeFrame(${i})`, what: `decoded ${frame.data.length} samples, header says ${desc.rows}×${desc.columns}×${desc.samplesPerPixel} = ${samples}` });
    }
  }
  return { problems, peak };
}

// ---------------------------------------------------------------------------------------------
// Watchdog: a synchronous hang cannot be interrupted from the test thread; a worker watches a
// heartbeat and kills the process (printing the mutant) when it stops.

const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const beat = new Int32Array(workerData.beat);
const label = new Uint8Array(workerData.label);
for (;;) {
  const seen = Atomics.load(beat, 0);
  if (seen < 0) break;
  const r = Atomics.wait(beat, 0, seen, seen === 0 ? undefined : workerData.timeoutMs);
  if (r === 'timed-out' && Atomics.load(beat, 0) === seen) {
    const text = Buffer.from(label).toString('utf8').replace(/\\0+$/, '');
    writeSync(2, '\\nFUZZ HANG: no progress for ' + workerData.timeoutMs + ' ms on ' + text + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}
`;

class Watchdog {
  readonly #beat = new Int32Array(new SharedArrayBuffer(4));
  readonly #label = new Uint8Array(new SharedArrayBuffer(8192));
  readonly #worker: Worker;
  constructor(timeoutMs: number) {
    this.#worker = new Worker(WATCHDOG, { eval: true, workerData: { beat: this.#beat.buffer, label: this.#label.buffer, timeoutMs } });
    this.#worker.unref();
  }
  tick(label: string): void {
    this.#label.fill(0);
    this.#label.set(Buffer.from(label.slice(0, 8000), 'utf8'));
    Atomics.add(this.#beat, 0, 1);
    Atomics.notify(this.#beat, 0);
  }
  /** Disarms until the next tick (between tests). */
  pause(): void {
    Atomics.store(this.#beat, 0, 0);
    Atomics.notify(this.#beat, 0);
  }
  async stop(): Promise<void> {
    Atomics.store(this.#beat, 0, -1);
    Atomics.notify(this.#beat, 0);
    await this.#worker.terminate();
  }
}

// ---------------------------------------------------------------------------------------------

const describeMutant = (m: Mutant): string => `${m.file} seed ${m.seed} mutation ${m.mutation} splices ${JSON.stringify(m.splices)}`;

interface Source {
  file: string;
  bytes: Uint8Array;
  lm: Landmarks;
  budget: number;
}

describe('DICOM reader mutation fuzzing', () => {
  const sources: Source[] = [];
  let watchdog: Watchdog | undefined;

  beforeAll(async () => {
    if (!root) return;
    for (const file of FILES) {
      const bytes = new Uint8Array(readFileSync(join(root, file)));
      // Originals must read cleanly. Budget: 64× the file size, or 4× what the valid file needs (compressed
      // frames legitimately decode to more than 64× their size), at least 1 MiB, at most 256 MiB.
      const first = await exercise(bytes, file, Infinity, new Map());
      expect(first.problems, file).toEqual([]);
      const { peak } = await exercise(bytes, file, Infinity, new Map());
      const budget = Math.min(ABSOLUTE_MEMORY_LIMIT, Math.max(64 * bytes.length, 4 * peak, MEMORY_FLOOR));
      sources.push({ file, bytes, lm: landmarks(bytes), budget });
    }
    watchdog = new Watchdog(HANG_KILL_MS);
  });

  afterAll(async () => {
    await watchdog?.stop();
  });

  it.skipIf(!root)(`${FILES.length} files × ${PER_FILE} mutants: succeed or throw a catalogued MedlensError with the path; no hang, no huge allocation`, async () => {
    const started = performance.now();
    const failures: string[] = [];
    const codes = new Map<string, number>();
    const mutations = new Map<string, number>();
    let count = 0;
    let slowest = { ms: 0, mutant: '' };
    for (const [k, source] of sources.entries()) {
      for (let i = 0; i < PER_FILE; i++) {
        const seed = (BASE_SEED + k * 100_003 + i * 7919) >>> 0;
        const mutant = makeMutant(source.file, source.bytes, source.lm, seed);
        for (const name of mutant.mutation.split('+')) mutations.set(name, (mutations.get(name) ?? 0) + 1);
        watchdog!.tick(describeMutant(mutant));
        const t0 = performance.now();
        const { problems } = await exercise(mutant.bytes, `/fuzz/${source.file}#${seed}`, source.budget, codes);
        const ms = performance.now() - t0;
        count++;
        if (ms > slowest.ms) slowest = { ms, mutant: `${source.file} seed ${seed} ${mutant.mutation}` };
        if (ms > MUTANT_LIMIT_MS) problems.push({ step: 'all', what: `took ${ms.toFixed(0)} ms` });
        for (const p of problems) failures.push(`${describeMutant(mutant)}\n  ${p.step}: ${p.what}`);
      }
    }
    watchdog!.pause();
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz: ${count} mutants in ${seconds.toFixed(1)} s; slowest ${slowest.ms.toFixed(0)} ms (${slowest.mutant}); ${failures.length} failures`);
    console.log(`fuzz mutations: ${[...mutations].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log(`fuzz outcomes: ${[...codes].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (failures.length > 0) console.log(failures.slice(0, 40).join('\n\n'));
    expect(failures.slice(0, 10)).toEqual([]);
    expect(count).toBe(FILES.length * PER_FILE);
  });

  it.skipIf(!root)('scanDicomPaths over 50 mutants + the originals lists the bad files as errors and reads the good ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medlens-fuzz-scan-'));
    try {
      const expected = new Map<string, string | undefined>(); // path → expected error code (undefined: reads)
      for (const s of sources) {
        const p = join(dir, `good-${s.file.replace(/\//g, '_')}`);
        await writeFile(p, s.bytes);
        expected.set(p, undefined);
      }
      for (let i = 0; i < 50; i++) {
        const s = sources[i % sources.length]!;
        // Header damage only (the scan reads up to the pixel data): length fields, VRs, items, truncation.
        const rng = new Rng(BASE_SEED ^ (0x5ca9 + i));
        const name = rng.pick(['length-field', 'vr', 'item-tag', 'truncate', 'remove-chunk', 'bit-flip']);
        const splices = MUTATIONS[name]!(rng, s.bytes, s.lm) ?? [{ at: rng.int(s.bytes.length), remove: s.bytes.length }];
        const bytes = applySplices(s.bytes, splices);
        const p = join(dir, `mutant-${String(i).padStart(2, '0')}`);
        await writeFile(p, bytes);
        let code: string | undefined;
        try {
          parseDicom(bytes, { path: p, untilPixelData: true });
        } catch (e) {
          code = e instanceof MedlensError ? e.code : `unexpected ${String(e)}`;
        }
        expected.set(p, code);
      }
      const result = await scanDicomPaths([dir], { concurrency: 4 });
      const errors = new Map(result.errors.map((e) => [e.path, e]));
      const read = new Set(result.instances.map((i) => i.path));
      for (const [p, code] of expected) {
        if (code === undefined) {
          expect(read.has(p) || result.directoryFiles.includes(p), `${p} should be read (error: ${errors.get(p)?.message})`).toBe(true);
        } else {
          expect(errors.get(p)?.code, p).toBe(code);
        }
        expect(read.has(p) !== errors.has(p), `${p} is listed exactly once`).toBe(true);
      }
      for (const e of result.errors) expect(e.message.startsWith('cannot read file:'), `${e.path}: ${e.message}`).toBe(false);
      expect(result.errors.length).toBeGreaterThan(5);
      for (const s of sources) expect(read.has(join(dir, `good-${s.file.replace(/\//g, '_')}`)), s.file).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
