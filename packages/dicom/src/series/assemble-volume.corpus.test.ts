import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VoxelArray } from '@medlens/core';
import { resolveDataset } from '@medlens/testing';
import { assembleVolume } from './assemble-volume.js';
import { determineStackLayout } from './determine-stack-layout.js';
import { groupSeries, type Stack } from './group-series.js';
import { scanDicomPaths } from './scan-dicom-paths.js';

const corpus = resolveDataset('dicom-corpus', 'files');

async function stacksOf(relative: string): Promise<Stack[]> {
  const scan = await scanDicomPaths([join(corpus!, relative)]);
  expect(scan.errors).toEqual([]);
  return groupSeries(scan.instances)[0]!.series.flatMap((s) => s.stacks);
}

function mean(data: VoxelArray): number {
  let s = 0;
  for (let n = 0; n < data.length; n++) s += data[n]!;
  return s / data.length;
}

describe.skipIf(!corpus)('assembleVolume on corpus multi-frame files', () => {
  it('enhanced CT: per-frame positions from functional groups, k along row × column', async () => {
    const stacks = await stacksOf('multiframe/enhanced_ct_2frame_explicit_le.dcm');
    expect(stacks).toHaveLength(1);
    const layout = determineStackLayout(stacks[0]!);
    // IOP −1\0\0\0\1\0 → n = (0, 0, −1): the frame at z −149 comes first.
    expect(layout.frames.map((f) => f.frame.frameIndex)).toEqual([1, 0]);
    expect(layout.geometry.origin).toEqual([99.5, -301.5, -149]);
    expect(layout.geometry.spacing[2]).toBeCloseTo(10, 9);
    expect(layout.geometry.spacing[0]).toBeCloseTo(0.388672, 9);
    const { value, diagnostics } = await assembleVolume(stacks[0]!);
    expect(diagnostics).toEqual([]);
    expect(value.meta.units).toBe('HU');
    // manifest: stored mean 380.0381; Pixel Value Transformation intercept −1024, slope 1
    expect(mean(value.data)).toBeCloseTo(380.0381 - 1024, 3);
  });

  it('every encoding of the enhanced CT gives the same volume (pool decodes them)', async () => {
    const reference = (await assembleVolume((await stacksOf('multiframe/enhanced_ct_2frame_explicit_le.dcm'))[0]!)).value;
    for (const f of ['enhanced_ct_2frame_rle_bot.dcm', 'enhanced_ct_2frame_jpegls_fragmented_nobot.dcm', 'enhanced_ct_2frame_jpeg_lossless_sv1_fragmented_nobot.dcm']) {
      const v = (await assembleVolume((await stacksOf(`multiframe/${f}`))[0]!)).value;
      expect(v.geometry).toEqual(reference.geometry);
      expect(Buffer.from(v.data.buffer).equals(Buffer.from(reference.data.buffer))).toBe(true);
    }
  });

  it('legacy converted enhanced CT: 3 frames, 2.5 mm', async () => {
    const stacks = await stacksOf('multiframe/legacy_enhanced_ct_3f.dcm');
    const { value, diagnostics } = await assembleVolume(stacks[0]!, { decode: 'inline' });
    expect(diagnostics).toEqual([]);
    expect(value.geometry.size).toEqual([23, 38, 3]);
    expect(value.geometry.spacing[2]).toBeCloseTo(2.5, 9);
    expect(value.geometry.origin[2]).toBeCloseTo(-177.75, 6);
    expect(mean(value.data)).toBeCloseTo(0.1182, 4);
  });

  it('enhanced MR (Bruker): one stack of 4 frames, 1 mm apart', async () => {
    const stacks = await stacksOf('multiframe/enhanced_mr_bruker_4f.dcm');
    expect(stacks).toHaveLength(1);
    const { value, diagnostics } = await assembleVolume(stacks[0]!);
    expect(diagnostics).toEqual([]);
    expect(value.geometry.size).toEqual([256, 128, 4]);
    expect(value.geometry.spacing).toEqual([0.1, 0.2, expect.closeTo(1, 9)]);
    expect(mean(value.data)).toBeCloseTo(2716.880256652832, 3);
  });

  it('enhanced MR with 19 temporal positions of one slice → 19 single-frame stacks', async () => {
    const stacks = await stacksOf('multiframe/enhanced_mr_knee_19f.dcm');
    expect(stacks).toHaveLength(19);
    expect(stacks[4]!.label).toBe('temporal 5');
    expect(determineStackLayout(stacks[0]!).geometry.size).toEqual([256, 256, 1]);
  });

  it('classic multi-frame US (RGB, no positions): index geometry along k and 3 components', async () => {
    const stacks = await stacksOf('multiframe/us_multiframe_8f_rgb_implicit.dcm');
    const { value, diagnostics } = await assembleVolume(stacks[0]!);
    expect(diagnostics.map((d) => d.code)).toEqual(['SERIES_MISSING_GEOMETRY']);
    expect(value.geometry.size).toEqual([320, 240, 8]);
    expect(value.components).toBe(3);
  });

  it('Modality LUT Sequence is applied (reference mean from the stored values and the LUT)', async () => {
    const stacks = await stacksOf('modality/sc_modality_lut_sequence.dcm');
    const { value } = await assembleVolume(stacks[0]!);
    expect(mean(value.data)).toBeCloseTo(33177.14945983887, 3);
  });

  it('PET keeps the stored units (BQML)', async () => {
    const stacks = await stacksOf('modality/pt_acrin_flt_breast_1.dcm');
    const { value } = await assembleVolume(stacks[0]!);
    expect(value.meta.modality).toBe('PT');
    expect(value.meta.units).toBe('BQML');
  });
});
