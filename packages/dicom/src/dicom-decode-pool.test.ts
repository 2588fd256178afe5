import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMedlensError } from '@medlens/core';
import { resolveDataset } from '@medlens/testing';
import { decodeFrame, DicomDecodePool, hashFrame, parseDicom } from './index.js';

const root = resolveDataset('dicom-corpus');
const pool = new DicomDecodePool({ threads: 2 });
afterAll(() => pool.close());

describe('DicomDecodePool', () => {
  it.skipIf(!root)('decodeInto applies slope/intercept and matches the in-thread decode', async () => {
    const path = join(root!, 'files/multiframe/enhanced_mr_10f_explicit_le.dcm');
    const { dataset } = parseDicom(new Uint8Array(readFileSync(path)));
    const n = (dataset.number('Rows') ?? 0) * (dataset.number('Columns') ?? 0);
    const target = new Float32Array(new SharedArrayBuffer(4 * n * 3));
    await Promise.all([
      pool.decodeInto({ path, frames: [2, 5], slope: 2, intercept: -10, target, targetOffset: 0 }),
      pool.decodeInto({ path, frames: [9], slope: 1, intercept: 0, target, targetOffset: 2 * n }),
    ]);
    const f5 = (await decodeFrame(dataset, 5)).data;
    const f9 = (await decodeFrame(dataset, 9)).data;
    for (const i of [0, 17, n - 1]) {
      expect(target[n + i]).toBe(f5[i]! * 2 - 10);
      expect(target[2 * n + i]).toBe(f9[i]);
    }
  });

  it.skipIf(!root)('hashFile returns per-frame hashes equal to hashFrame', async () => {
    const path = join(root!, 'files/transfer-syntax/mr_small_rle.dcm');
    const { dataset } = parseDicom(new Uint8Array(readFileSync(path)));
    expect(await pool.hashFile(path)).toEqual([hashFrame(await decodeFrame(dataset, 0))]);
  });

  it.skipIf(!root).each([
    ['transfer-syntax/ctimage_j2k_lossless.dcm'], ['color/us_rgb_j2k_lossless_ybr_rct.dcm'],
    ['multiframe/enhanced_ct_2frame_jpegls_fragmented_nobot.dcm'], ['transfer-syntax/ct1_htj2k_lossless.dcm'],
  ])('hashFile decodes %s (WebAssembly codecs load in the worker) to the corpus hashes', async (file) => {
    const manifest = JSON.parse(readFileSync(join(root!, 'manifest.json'), 'utf8')) as { files: { path: string; pixel: { frame_sha256: string[] } }[] };
    const entry = manifest.files.find((f) => f.path === `files/${file}`)!;
    expect(await pool.hashFile(join(root!, entry.path))).toEqual(entry.pixel.frame_sha256);
  });

  it('start() boots the workers ahead of the first task, and a started pool still decodes and closes', async () => {
    const started = new DicomDecodePool({ threads: 1 });
    started.start();
    started.start(); // idempotent: never more than `threads` workers
    const err = await started.hashFile('/nonexistent/x.dcm').catch((e: unknown) => e);
    expect(isMedlensError(err, 'INPUT_NOT_FOUND')).toBe(true);
    await started.close();
    const closed = await started.hashFile('/nonexistent/x.dcm').catch((e: unknown) => e);
    expect(isMedlensError(closed, 'USAGE_INVALID_ARGUMENT')).toBe(true);
    started.start(); // after close: no workers are spawned
  });

  it('rejects with a MedlensError carrying the path', async () => {
    const err = await pool.hashFile('/nonexistent/file.dcm').catch((e: unknown) => e);
    expect(isMedlensError(err, 'INPUT_NOT_FOUND')).toBe(true);
    expect((err as { details: { path: string } }).details.path).toBe('/nonexistent/file.dcm');
    const plain = new Float32Array(4);
    await expect(pool.decodeInto({ path: '/x', frames: [0], slope: 1, intercept: 0, target: plain, targetOffset: 0 })).rejects.toThrow(/SharedArrayBuffer/);
  });
});
