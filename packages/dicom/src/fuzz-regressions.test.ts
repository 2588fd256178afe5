/**
 * Regression cases for the bugs found by fuzz.test.ts (and hostile inputs built beside it). Corpus
 * cases are the exact mutants (byte splices of a corpus file, as the fuzzer prints them); synthetic
 * cases build a small Explicit VR Little Endian file. Each must end in the expected outcome quickly
 * and without ArrayBuffer growth beyond 64× the file size.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isErrorCode, MedlensError } from '@medlens/core';
import { resolveDataset } from '@medlens/testing';
import { decodeFrame, parseDicom } from './index.js';
import { applySplices, concatBytes, type Splice } from './test-bytes.js';

const root = resolveDataset('dicom-corpus', 'files');



/** Parses and decodes frame `frame`; returns the error (or undefined), the time and the ArrayBuffer growth. */
async function run(bytes: Uint8Array, path: string, frame = 0): Promise<{ error: unknown; ms: number; grown: number }> {
  const before = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  let error: unknown;
  try {
    await decodeFrame(parseDicom(bytes, { path }).dataset, frame, { path });
  } catch (e) {
    error = e;
  }
  return { error, ms: performance.now() - t0, grown: process.memoryUsage().arrayBuffers - before };
}

function expectRejected(result: { error: unknown; ms: number; grown: number }, bytes: Uint8Array, path: string, message: RegExp): void {
  const e = result.error;
  expect(e, 'must throw').toBeInstanceOf(MedlensError);
  const m = e as MedlensError;
  expect(isErrorCode(m.code)).toBe(true);
  expect(m.code).toBe('DICOM_PIXEL_DATA_CORRUPT');
  expect(m.details.path).toBe(path);
  expect(m.details.tag).toBe('(7fe0,0010)');
  expect(`${m.message} ${(m.cause as Error | undefined)?.message ?? ''}`).toMatch(message);
  expect(result.ms).toBeLessThan(5000);
  expect(result.grown).toBeLessThan(64 * bytes.length);
}

// [what, corpus file, splices (as fuzz.test.ts prints them), expected message]
const corpusCases: [string, string, Splice[], RegExp][] = [
  // rle-codec.ts: a segment buffer of Rows×Columns bytes was allocated before the segment's size was checked.
  ['RLE: Columns 32768 allocated 2 MiB per segment for a 7 KiB file', 'transfer-syntax/mr_small_rle.dcm', [{ at: 1396, remove: 2, insert: '0080' }], /cannot decode to the 2097152 bytes/],
  ['RLE 32-bit: Rows 65534', 'rt/rtdose_15f_32bit_rle.dcm', [{ at: 1182, remove: 2, insert: 'feff' }], /cannot decode to/],
  // register-jpeg.ts: a smaller codestream was zero-padded to any Rows × Columns (55 MiB for a 3 KiB file).
  ['JPEG baseline: Rows 65535 zero-padded a 100×100 codestream', 'color/sc_rgb_jpeg_baseline_ybr_full_422.dcm', [{ at: 1548, remove: 2, insert: 'ffff' }], /less than 1\/16 of the dataset's 100×65535 frame/],
  ['JPEG lossless enhanced MR: Rows 32768', 'multiframe/enhanced_mr_10f_jpeg_lossless_sv1.dcm', [{ at: 2312, remove: 2, insert: '0080' }], /less than 1\/16/],
  // jpeg-lossless.ts / jpeg-dct.ts: the SOF size was trusted (8.5 GB Uint16Array; 38 MiB planes).
  ['JPEG lossless: SOF3 says 32612×15348 (allocated 8.5 GB)', 'color/sc_rgb_jpeg_lossless_sv1_gdcm.dcm', [{ at: 1359, remove: 3, insert: '3bf47f' }], /frame header says 32612×15348×3, beyond the dataset's Columns × Rows × SamplesPerPixel 100×100×3/],
  ['JPEG baseline: SOF0 says 32868 rows', 'color/sc_rgb_jpeg_baseline_ybr_full_422.dcm', [{ at: 1857, remove: 1, insert: '80' }], /frame header says 32868×100×3, beyond/],
  // jpeg-dct.ts: a DHT length past the end skipped the scan and returned an all-zero image without error.
  ['JPEG baseline: DHT length beyond the codestream (was a silent all-zero frame)', 'color/sc_rgb_jpeg_baseline_ybr_full_422.dcm', [{ at: 1898, remove: 1, insert: 'b4' }], /marker FFC4 at byte 204 has length 46120, beyond the 1440-byte codestream/],
  // Consistent but huge DICOM + SOF sizes with a 5 KiB codestream: 1 bit per sample bound (was 150 MB + 25 M-sample loop).
  ['JPEG lossless: DICOM and SOF3 both 5000×5000', 'color/sc_rgb_jpeg_lossless_sv1_gdcm.dcm', [{ at: 1220, remove: 2, insert: '8813' }, { at: 1230, remove: 2, insert: '8813' }, { at: 1359, remove: 4, insert: '13881388' }], /needs at least 9375000 bytes \(1 bit per sample\)/],
  // decode-frame.ts: frames above 256 MiB need at least 1/2048 as many compressed bytes.
  ['JPEG lossless: DICOM and SOF3 both 10000×10000 (300 MB frame from 5 KiB)', 'color/sc_rgb_jpeg_lossless_sv1_gdcm.dcm', [{ at: 1220, remove: 2, insert: '1027' }, { at: 1230, remove: 2, insert: '1027' }, { at: 1359, remove: 4, insert: '27102710' }], /more than 2048:1, refused as corrupt/],
];

describe('fuzz regressions (corpus mutants)', () => {
  it.skipIf(!root).each(corpusCases)('%s', async (_what, file, splices, message) => {
    const bytes = applySplices(new Uint8Array(readFileSync(join(root!, file))), splices);
    const path = `/regression/${file}`;
    expectRejected(await run(bytes, path), bytes, path, message);
  });

  // describe-pixels.ts: Double Float Pixel Data with BitsAllocated 24 threw a RangeError (Float64Array of a 3-byte-per-sample frame).
  it.skipIf(!root)('Double Float Pixel Data with BitsAllocated 24 → DICOM_INVALID_ATTRIBUTE naming (0028,0100)', async () => {
    const file = 'modality/parametric_map_float64.dcm';
    const bytes = applySplices(new Uint8Array(readFileSync(join(root!, file))), [{ at: 1620, remove: 2, insert: '1800' }]);
    const { error } = await run(bytes, file);
    expect(error).toBeInstanceOf(MedlensError);
    expect(error).toMatchObject({ code: 'DICOM_INVALID_ATTRIBUTE', details: { path: file, tag: '(0028,0100)' } });
    expect((error as Error).message).toMatch(/BitsAllocated 24 does not match Double Float Pixel Data \(64\)/);
  });

  it.skipIf(!root)('JPEG baseline: a scan header naming more components than the frame has', async () => {
    const bytes = new Uint8Array(readFileSync(join(root!, 'color/sc_rgb_jpeg_baseline_ybr_full_422.dcm')));
    const sos = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xda);
    bytes[sos + 4] = 5; // Ns
    expectRejected(await run(bytes, 'sos'), bytes, 'sos', /scan header at byte \d+ has 5 components, the frame 3/);
  });
});

// ---------------------------------------------------------------------------------------------
// Synthetic hostile files

function element(tag: number, vr: string, value: Uint8Array | string | number, undefinedLength = false): Uint8Array {
  const long = ['OB', 'OW', 'OV', 'SQ', 'UN', 'UT'].includes(vr);
  let v: Uint8Array;
  if (typeof value === 'number') v = Uint8Array.of(value & 0xff, value >> 8);
  else if (typeof value === 'string') v = Buffer.from(value.length % 2 === 1 ? `${value}${vr === 'UI' ? '\0' : ' '}` : value, 'latin1');
  else v = value;
  const h = new Uint8Array(long ? 12 : 8);
  const d = new DataView(h.buffer);
  d.setUint16(0, tag >>> 16, true);
  d.setUint16(2, tag & 0xffff, true);
  h[4] = vr.charCodeAt(0);
  h[5] = vr.charCodeAt(1);
  if (long) d.setUint32(8, undefinedLength ? 0xffffffff : v.length, true);
  else d.setUint16(6, v.length, true);
  return concatBytes(h, v);
}

function item(code: number, body: Uint8Array): Uint8Array {
  const h = new Uint8Array(8);
  const d = new DataView(h.buffer);
  d.setUint16(0, 0xfffe, true);
  d.setUint16(2, code, true);
  d.setUint32(4, body.length, true);
  return concatBytes(h, body);
}


/** Part 10 file: preamble, DICM, meta group with the transfer syntax, then `elements` (sorted by the caller). */
function part10(transferSyntaxUid: string, elements: readonly Uint8Array[]): Uint8Array {
  const ts = element(0x00020010, 'UI', transferSyntaxUid);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, ts.length, true);
  return concatBytes(preamble, element(0x00020000, 'UL', groupLength), ts, ...elements);
}

/** 8×8 8-bit monochrome image pixel module with `frames` frames. */
const imagePixel = (frames: number): Uint8Array[] => [
  element(0x00280002, 'US', 1), element(0x00280004, 'CS', 'MONOCHROME2'), element(0x00280008, 'IS', String(frames)),
  element(0x00280010, 'US', 8), element(0x00280011, 'US', 8), element(0x00280100, 'US', 8), element(0x00280101, 'US', 8),
  element(0x00280102, 'US', 7), element(0x00280103, 'US', 0),
];

const RLE = '1.2.840.10008.1.2.5';
const u32s = (values: readonly number[]): Uint8Array => {
  const b = new Uint8Array(4 * values.length);
  const d = new DataView(b.buffer);
  values.forEach((v, i) => d.setUint32(4 * i, v, true));
  return b;
};
const u64s = (values: readonly number[]): Uint8Array => {
  const b = new Uint8Array(8 * values.length);
  const d = new DataView(b.buffer);
  values.forEach((v, i) => d.setBigUint64(8 * i, BigInt(v), true));
  return b;
};

describe('fuzz regressions (synthetic hostile files)', () => {
  it('Basic Offset Table and 100 000 fragments: frames are grouped in linear time (was quadratic: ~18 s)', async () => {
    const n = 100_000;
    const fragment = item(0xe000, Uint8Array.of(0, 0));
    const fragments = new Uint8Array(fragment.length * n);
    for (let i = 0; i < n; i++) fragments.set(fragment, i * fragment.length);
    const bytes = part10(RLE, [
      ...imagePixel(n),
      element(0x7fe00010, 'OB', new Uint8Array(0), true), item(0xe000, u32s(Array.from({ length: n }, (_, i) => i * fragment.length))), fragments, item(0xe0dd, new Uint8Array(0)),
    ]);
    const result = await run(bytes, 'bot', n - 1);
    expectRejected(result, bytes, 'bot', /less than the 64-byte RLE header/);
    expect(result.ms).toBeLessThan(2000);
  });

  it('Extended Offset Table that decreases → DICOM_PIXEL_DATA_CORRUPT', async () => {
    const bytes = part10(RLE, [
      ...imagePixel(2),
      element(0x7fe00001, 'OV', u64s([0, 100, 8])), element(0x7fe00002, 'OV', u64s([8, 8, 8])),
      element(0x7fe00010, 'OB', new Uint8Array(0), true), item(0xe000, new Uint8Array(0)),
      item(0xe000, new Uint8Array(64)), item(0xe000, new Uint8Array(64)), item(0xe0dd, new Uint8Array(0)),
    ]);
    expectRejected(await run(bytes, 'eot'), bytes, 'eot', /Extended Offset Table \(7FE0,0001\) is not increasing/);
  });

  it('50 000 odd-length elements: warnings are capped at 1000 + one summary (was one object per element)', () => {
    const one = element(0x00091010, 'OB', Uint8Array.of(1));
    const body = new Uint8Array(one.length * 50_000);
    for (let i = 0; i < 50_000; i++) body.set(one, i * one.length);
    const { diagnostics, partial } = parseDicom(part10('1.2.840.10008.1.2.1', [body]), { path: 'odd' });
    expect(partial).toBe(false);
    expect(diagnostics).toHaveLength(1001);
    expect(diagnostics[1000]!.message).toMatch(/more than 1000 warnings/);
    expect(diagnostics[0]).toMatchObject({ code: 'DICOM_INVALID_LENGTH', tag: '(0009,1010)', path: 'odd' });
  });
});
