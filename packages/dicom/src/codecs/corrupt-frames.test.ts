/**
 * Corrupt compressed frames, built by mutating corpus files in memory: every codec must reject with
 * DICOM_PIXEL_DATA_CORRUPT naming the file (details.path) — no crash, no hang, no garbage frame.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMedlensError } from '@medlens/core';
import { resolveDataset } from '@medlens/testing';
import { decodeFrame, hashFrame, parseDicom } from '../index.js';

const root = resolveDataset('dicom-corpus');

/** Frame 0's codestream of a single-frame corpus file, and the file bytes before its first fragment. */
function split(file: string): { prefix: Uint8Array; codestream: Uint8Array } {
  const bytes = new Uint8Array(readFileSync(join(root!, 'files/transfer-syntax', file)));
  const pixel = parseDicom(bytes).dataset.pixelData!;
  const fragments = pixel.fragments!;
  const parts = fragments.map((f) => bytes.subarray(f.offset, f.offset + f.length));
  const codestream = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    codestream.set(p, o);
    o += p.length;
  }
  return { prefix: bytes.subarray(0, fragments[0]!.offset - 8), codestream };
}

/** prefix + one item holding `codestream` (padded to even length) + sequence delimiter. */
function rebuild(prefix: Uint8Array, codestream: Uint8Array): Uint8Array {
  const len = codestream.length + (codestream.length & 1);
  const out = new Uint8Array(prefix.length + 8 + len + 8);
  out.set(prefix);
  const v = new DataView(out.buffer);
  let o = prefix.length;
  v.setUint16(o, 0xfffe, true); v.setUint16(o + 2, 0xe000, true); v.setUint32(o + 4, len, true);
  out.set(codestream, o + 8);
  o += 8 + len;
  v.setUint16(o, 0xfffe, true); v.setUint16(o + 2, 0xe0dd, true); v.setUint32(o + 4, 0, true);
  return out;
}

type Mutation = (c: Uint8Array) => Uint8Array;
const truncate = (fraction: number): Mutation => (c) => c.slice(0, Math.floor(c.length * fraction));
const xorRange = (from: number, to: number, mask = 0x5a): Mutation => (c) => {
  const m = c.slice();
  for (let i = from; i < Math.min(to, m.length); i++) m[i] = m[i]! ^ mask;
  return m;
};
const zeros: Mutation = (c) => new Uint8Array(c.length);
const setU32le = (at: number, value: number): Mutation => (c) => {
  const m = c.slice();
  new DataView(m.buffer).setUint32(at, value, true);
  return m;
};
/** Big-endian 16-bit write (JPEG / JPEG-LS / J2K marker segment fields). */
const setU16be = (at: number, value: number): Mutation => (c) => {
  const m = c.slice();
  m[at] = value >> 8;
  m[at + 1] = value & 0xff;
  return m;
};
/** Offset of the first marker `marker` (e.g. 0xffc0) in a JPEG-family codestream. */
const markerAt = (c: Uint8Array, marker: number): number => {
  for (let i = 0; i + 1 < c.length; i++) if (c[i] === marker >> 8 && c[i + 1] === (marker & 0xff)) return i;
  throw new Error(`marker ${marker.toString(16)} not found`);
};
const atMarker = (marker: number, delta: number, value: number): Mutation => (c) => setU16be(markerAt(c, marker) + delta, value)(c);

const cases: [string, string, Mutation][] = [
  ['JPEG baseline truncated to 50 %', 'ctimage_jpeg_baseline.dcm', truncate(0.5)],
  ['JPEG baseline truncated to 5 %', 'ctimage_jpeg_baseline.dcm', truncate(0.05)],
  ['JPEG baseline all zero', 'ctimage_jpeg_baseline.dcm', zeros],
  ['JPEG baseline SOF0 says 1024 columns', 'ctimage_jpeg_baseline.dcm', atMarker(0xffc0, 7, 1024)],
  ['JPEG extended 12-bit truncated', 'ctimage_jpeg_extended_12bit.dcm', truncate(0.3)],
  ['JPEG lossless truncated to 50 %', 'ctimage_jpeg_lossless_sv1.dcm', truncate(0.5)],
  ['JPEG lossless header garbled', 'ctimage_jpeg_lossless_sv1.dcm', xorRange(2, 40)],
  ['JPEG lossless SOF3 says 3 components', 'ctimage_jpeg_lossless_sv1.dcm', (c) => { const m = c.slice(); m[markerAt(c, 0xffc3) + 9] = 3; return m; }],
  ['RLE segment count 7', 'mr_small_rle.dcm', setU32le(0, 7)],
  ['RLE segment count 0', 'mr_small_rle.dcm', setU32le(0, 0)],
  ['RLE first segment offset beyond the frame', 'mr_small_rle.dcm', setU32le(4, 0x7fffffff)],
  ['RLE second segment offset inside the header', 'mr_small_rle.dcm', setU32le(8, 12)],
  ['RLE truncated to 40 %', 'mr_small_rle.dcm', truncate(0.4)],
  ['RLE shorter than its header', 'mr_small_rle.dcm', truncate(0.001)],
  ['JPEG-LS truncated to 50 %', 'ctimage_jpegls_lossless.dcm', truncate(0.5)],
  ['JPEG-LS truncated to 99 %', 'ctimage_jpegls_lossless.dcm', truncate(0.99)],
  ['JPEG-LS scan data garbled', 'ctimage_jpegls_lossless.dcm', xorRange(5000, 5064)],
  ['JPEG-LS header garbled', 'ctimage_jpegls_lossless.dcm', xorRange(2, 40, 0xa5)],
  ['JPEG-LS SOF55 says 600 rows', 'ctimage_jpegls_lossless.dcm', atMarker(0xfff7, 5, 600)],
  ['JPEG-LS all zero', 'ctimage_jpegls_lossless.dcm', zeros],
  ['J2K truncated to 50 %', 'ctimage_j2k_lossless.dcm', truncate(0.5)],
  ['J2K truncated to 99 %', 'ctimage_j2k_lossless.dcm', truncate(0.99)],
  ['J2K SIZ garbled', 'ctimage_j2k_lossless.dcm', xorRange(2, 40, 0xa5)],
  ['J2K SIZ says 66048 columns', 'ctimage_j2k_lossless.dcm', setU16be(8, 1)],
  ['J2K tile-part length beyond the data', 'ctimage_j2k_lossless.dcm', (c) => { const m = c.slice(); new DataView(m.buffer).setUint32(markerAt(c, 0xff90) + 6, c.length * 2); return m; }],
  ['J2K all zero', 'ctimage_j2k_lossless.dcm', zeros],
  ['HTJ2K truncated to 50 %', 'ct1_htj2k_lossless.dcm', truncate(0.5)],
  ['HTJ2K truncated to 95 %', 'ct1_htj2k_lossless.dcm', truncate(0.95)],
  ['HTJ2K SIZ garbled', 'ct1_htj2k_lossless.dcm', xorRange(2, 40, 0xa5)],
  ['HTJ2K SIZ says 3 components', 'ct1_htj2k_lossless.dcm', setU16be(40, 3)],
];

describe('corrupt compressed frames', () => {
  it.skipIf(!root).each(cases)('%s → DICOM_PIXEL_DATA_CORRUPT with the path', async (_name, file, mutate) => {
    const { prefix, codestream } = split(file);
    const path = `/mutated/${file}`;
    const started = Date.now();
    const err = await decodeFrame(parseDicom(rebuild(prefix, mutate(codestream)), { path }).dataset, 0, { path }).then(() => undefined, (e: unknown) => e);
    expect(isMedlensError(err, 'DICOM_PIXEL_DATA_CORRUPT'), String(err)).toBe(true);
    expect((err as { details: { path?: string } }).details.path).toBe(path);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.skipIf(!root).each([
    ['ctimage_jpegls_lossless.dcm'], ['ctimage_j2k_lossless.dcm'], ['ct1_htj2k_lossless.dcm'],
  ])('%s: the rebuilt file decodes, and decodes again after a corrupt frame (decoder instance recovered)', async (file) => {
    const { prefix, codestream } = split(file);
    const good = parseDicom(rebuild(prefix, codestream)).dataset;
    const reference = hashFrame(await decodeFrame(parseDicom(new Uint8Array(readFileSync(join(root!, 'files/transfer-syntax', file)))).dataset, 0));
    expect(hashFrame(await decodeFrame(good, 0))).toBe(reference);
    const bad = parseDicom(rebuild(prefix, xorRange(0, codestream.length, 0x33)(codestream))).dataset;
    await expect(decodeFrame(bad, 0, { path: 'bad' })).rejects.toMatchObject({ code: 'DICOM_PIXEL_DATA_CORRUPT' });
    expect(hashFrame(await decodeFrame(good, 0))).toBe(reference);
  });
});
