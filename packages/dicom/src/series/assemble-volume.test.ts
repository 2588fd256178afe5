import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MedlensError } from '@medlens/core';
import { assembleVolume, type AssembleVolumeOptions } from './assemble-volume.js';
import { groupSeries, type Stack } from './group-series.js';
import { scanDicomPaths } from './scan-dicom-paths.js';
import { testSlice, type TestSliceOptions, type TestElement } from './write-test-dicom.js';

let root = '';
let n = 0;
const ROWS = 4;
const COLS = 5;

/** Pixels of a slice: 100·tag + pixel index (stored), so HU = that − 1024. */
function pixels(tag: number): Int16Array {
  return Int16Array.from({ length: ROWS * COLS }, (_, p) => 100 * tag + p);
}

/** Writes slices into a fresh folder (file names in a scrambled order) and returns its stacks. */
async function series(slices: (Partial<TestSliceOptions> & { tag: number })[]): Promise<Stack[]> {
  const dir = await mkdtemp(join(root, 's'));
  const seriesUid = `2.25.9${++n}`;
  await Promise.all(
    slices.map((s, k) =>
      writeFile(
        join(dir, `IM${String((k * 7919) % 1000).padStart(4, '0')}`),
        testSlice({ sopInstanceUid: `${seriesUid}.${k + 1}`, seriesInstanceUid: seriesUid, pixels: pixels(s.tag), rows: ROWS, columns: COLS, ...s }),
      ),
    ),
  );
  const scan = await scanDicomPaths([dir]);
  expect(scan.errors).toEqual([]);
  return groupSeries(scan.instances)[0]!.series[0]!.stacks as Stack[];
}

async function assembleOne(stacks: Stack[], options: AssembleVolumeOptions = {}) {
  expect(stacks).toHaveLength(1);
  return assembleVolume(stacks[0]!, { decode: 'inline', ...options });
}

function planeValue(data: Float32Array, k: number, p = 0): number {
  return data[k * ROWS * COLS + p]!;
}

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof MedlensError && e.code === code);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'medlens-assemble-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('assembleVolume (synthetic stacks)', () => {
  it('orders shuffled slices by position (InstanceNumber reversed) and maps to HU', async () => {
    const zs = [10, -5, 5, 0, 15, -10];
    const stacks = await series(zs.map((z) => ({ tag: z / 5 + 2, position: [-20, 30, z], instanceNumber: 100 - z })));
    const { value: v, diagnostics } = await assembleOne(stacks);
    expect(diagnostics).toEqual([]);
    expect(v.geometry.size).toEqual([COLS, ROWS, 6]);
    expect(v.geometry.spacing).toEqual([0.7, 0.5, 5]);
    expect(v.geometry.origin).toEqual([-20, 30, -10]);
    expect(v.geometry.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    for (let k = 0; k < 6; k++) expect(planeValue(v.data, k, 3)).toBe(100 * k + 3 - 1024);
    expect(v.meta).toMatchObject({ modality: 'CT', units: 'HU' });
    expect(v.meta.sourceSopInstanceUids).toHaveLength(6);
  });

  it('missing slice: SERIES_MISSING_SLICES; resample fills the gap linearly', async () => {
    const stacks = await series([0, 1, 2, 4, 5].map((t) => ({ tag: t, position: [0, 0, 2 * t] })));
    const accepted = await assembleOne(stacks);
    expect(accepted.diagnostics.map((d) => d.code)).toEqual(['SERIES_MISSING_SLICES']);
    expect(accepted.value.geometry.size[2]).toBe(5);
    const resampled = await assembleOne(stacks, { onUneven: 'resample' });
    expect(resampled.value.geometry.size[2]).toBe(6);
    expect(planeValue(resampled.value.data, 3)).toBeCloseTo(300 - 1024, 3);
    expect(planeValue(resampled.value.data, 5)).toBe(500 - 1024);
    await expectCode(assembleOne(stacks, { onUneven: 'reject' }), 'SERIES_MISSING_SLICES');
  });

  it('uneven spacing: SERIES_UNEVEN_SPACING', async () => {
    const stacks = await series([0, 2, 4, 5.5, 7.5].map((z, t) => ({ tag: t, position: [0, 0, z] })));
    expect((await assembleOne(stacks)).diagnostics.map((d) => d.code)).toEqual(['SERIES_UNEVEN_SPACING']);
    await expectCode(assembleOne(stacks, { onUneven: 'reject' }), 'SERIES_UNEVEN_SPACING');
  });

  it('gantry tilt: diagnostic; reject throws; resample gives an orthogonal grid', async () => {
    // Each 2 mm step along z shifts y by one row (0.5 mm): the slices are sheared.
    const stacks = await series([0, 1, 2, 3].map((t) => ({ tag: t, position: [0, 0.5 * t, 2 * t] })));
    const accepted = await assembleOne(stacks);
    expect(accepted.diagnostics.map((d) => d.code)).toEqual(['SERIES_GANTRY_TILT']);
    await expectCode(assembleOne(stacks, { onTilt: 'reject' }), 'SERIES_GANTRY_TILT');
    const { value } = await assembleOne(stacks, { onTilt: 'resample' });
    expect(value.geometry.direction).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    // Output voxel (i=1, j=1, k=1) lies on slice 1 at its row 0 (shifted by one row): stored 100 + 1.
    expect(value.data[1 * ROWS * COLS + 1 * COLS + 1]).toBe(100 + 1 - 1024);
  });

  it('duplicate positions: reject throws, keep-first drops the later file', async () => {
    const stacks = await series([
      { tag: 0, position: [0, 0, 0] },
      { tag: 1, position: [0, 0, 1] },
      { tag: 7, position: [0, 0, 1] },
      { tag: 2, position: [0, 0, 2] },
    ]);
    await expectCode(assembleOne(stacks), 'SERIES_DUPLICATE_POSITION');
    const { value, diagnostics } = await assembleOne(stacks, { onDuplicate: 'keep-first' });
    expect(diagnostics.map((d) => d.code)).toEqual(['SERIES_DUPLICATE_POSITION']);
    expect(value.geometry.size[2]).toBe(3);
  });

  it('mixed orientation inside a hand-made stack throws SERIES_MIXED_ORIENTATION', async () => {
    const a = await series([{ tag: 0, position: [0, 0, 0] }, { tag: 1, position: [0, 0, 1] }]);
    const b = await series([{ tag: 2, position: [0, 0, 2], orientation: [0, 1, 0, 0, 0, -1] }]);
    const mixed: Stack = { ...a[0]!, frames: [...a[0]!.frames, ...b[0]!.frames] };
    await expectCode(assembleVolume(mixed, { decode: 'inline' }), 'SERIES_MIXED_ORIENTATION');
  });

  it('different Rows in a hand-made stack throw SERIES_INCONSISTENT', async () => {
    const a = await series([{ tag: 0, position: [0, 0, 0] }]);
    const dir = await mkdtemp(join(root, 'r'));
    await writeFile(join(dir, 'x'), testSlice({ sopInstanceUid: '2.25.77', rows: 2, columns: COLS, pixels: new Int16Array(2 * COLS), position: [0, 0, 1] }));
    const other = groupSeries((await scanDicomPaths([dir])).instances)[0]!.series[0]!.stacks[0]!;
    await expectCode(assembleVolume({ ...a[0]!, frames: [...a[0]!.frames, ...other.frames] }, { decode: 'inline' }), 'SERIES_INCONSISTENT');
  });

  it('a single image without IPP/IOP gets index geometry and SERIES_MISSING_GEOMETRY', async () => {
    const stacks = await series([{ tag: 3, orientation: null, modality: 'DX' }]);
    const { value, diagnostics } = await assembleOne(stacks);
    expect(diagnostics.map((d) => d.code)).toEqual(['SERIES_MISSING_GEOMETRY']);
    expect(value.geometry.origin).toEqual([0, 0, 0]);
    expect(value.geometry.spacing.slice(0, 2)).toEqual([0.7, 0.5]);
  });

  it('two echoes assemble separately', async () => {
    const stacks = await series([1, 2].flatMap((echo) => [0, 1, 2].map((z) => ({ tag: echo * 3 + z, position: [0, 0, z], echoNumber: echo, modality: 'MR' }))));
    expect(stacks).toHaveLength(2);
    const echo2 = await assembleVolume(stacks[1]!, { decode: 'inline' });
    expect(planeValue(echo2.value.data, 0)).toBe(600 - 1024);
    expect(echo2.value.meta.units).toBe('unknown');
  });

  it('applies a Real World Value Mapping for MR (slope/intercept, units from the code sequence)', async () => {
    const rwv: TestElement = [
      '00409096',
      'SQ',
      [[
        ['00409216', 'SS', 0],
        ['00409211', 'SS', 4000],
        ['00409224', 'FD', 5],
        ['00409225', 'FD', 2],
        ['004008EA', 'SQ', [[['00080100', 'SH', 'mm2/s'], ['00080102', 'SH', 'UCUM'], ['00080104', 'LO', 'mm2/s']]]],
      ]],
    ];
    const stacks = await series([{ tag: 1, position: [0, 0, 0], modality: 'MR', extra: [rwv] }]);
    const { value } = await assembleOne(stacks);
    expect(value.meta.units).toBe('mm2/s');
    expect(value.data[3]).toBe(103 * 2 + 5);
  });

  it('pool and inline decoding give identical voxels', async () => {
    const stacks = await series([0, 1, 2].map((t) => ({ tag: t, position: [0, 0, t], slope: 2, intercept: -7 })));
    const inline = await assembleOne(stacks);
    const pooled = await assembleVolume(stacks[0]!, { onProgress: () => undefined });
    expect(Array.from(pooled.value.data)).toEqual(Array.from(inline.value.data));
    expect(pooled.value.data[1]).toBe(1 * 2 - 7);
  });
});
