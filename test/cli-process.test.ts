// `medlens process` run as a user runs it: ops and parameters per DESIGN.md, pipelines, exit codes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSameGrid, type Volume } from '@medlens/core';
import { readNiftiFile } from '@medlens/formats';
import { computeDistanceTransform, gaussianFilter, labelConnectedComponents, medianFilter, resampleToSpacing, thresholdVolume } from '@medlens/kernels';
import { REPO_ROOT, SAMPLE_DIR } from '@medlens/testing';

const BIN = join(REPO_ROOT, 'packages', 'cli', 'bin', 'medlens.js');
const SAMPLE = join(SAMPLE_DIR, 'ct-sample');
let work: string;
let ct: Volume;

function medlens(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function run(out: string, ...args: string[]): Promise<Volume> {
  const r = medlens('process', SAMPLE, '--out', join(work, out), ...args);
  expect(r.code, r.stderr).toBe(0);
  return (await readNiftiFile(join(work, out))).value;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let n = 0; n < a.length; n++) m = Math.max(m, Math.abs(a[n]! - b[n]!));
  return m;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'medlens-process-'));
  expect(medlens('convert', SAMPLE, join(work, 'ct.nii'), '--datatype', 'float32').code).toBe(0);
  ct = (await readNiftiFile(join(work, 'ct.nii'))).value;
});

describe('medlens process', () => {
  it('median --radius 1 equals the library kernel on the same input', async () => {
    const out = await run('median.nii', '--op', 'median', '--radius', '1');
    expect(isSameGrid(out.geometry, ct.geometry)).toBe(true);
    expect(maxAbsDiff(out.data, medianFilter(ct, { radius: 1 }).data)).toBe(0);
  });

  it('gaussian --sigma-mm 1,1,2 equals the library kernel', async () => {
    const out = await run('gauss.nii', '--op', 'gaussian', '--sigma-mm', '1,1,2');
    expect(maxAbsDiff(out.data, gaussianFilter(ct, { sigmaMm: [1, 1, 2] }).data)).toBe(0);
  });

  it('threshold → connected-components (labels ordered by size, largest 1) through a YAML pipeline', async () => {
    const pipeline = join(work, 'steps.yaml');
    writeFileSync(pipeline, 'steps:\n  - op: threshold\n    lower: -500\n  - op: connected-components\n    connectivity: 6\n');
    const out = await run('cc.nii', '--pipeline', pipeline);
    const expected = labelConnectedComponents(thresholdVolume(ct, { lower: -500 }), { connectivity: 6 });
    expect(maxAbsDiff(out.data, expected.labels.data)).toBe(0);
    const sizes = new Map<number, number>();
    for (const v of out.data) if (v > 0) sizes.set(v, (sizes.get(v) ?? 0) + 1);
    expect(sizes.get(1)).toBe(Math.max(...sizes.values()));
  });

  it('distance-transform --signed: negative inside, positive outside, equal to the library', async () => {
    const pipeline = join(work, 'dt.json');
    writeFileSync(pipeline, JSON.stringify([{ op: 'threshold', lower: 0 }, { op: 'distance-transform', signed: true }]));
    const out = await run('dt.nii', '--pipeline', pipeline);
    const expected = computeDistanceTransform(thresholdVolume(ct, { lower: 0 }), { signed: true });
    expect(maxAbsDiff(out.data, expected.data)).toBe(0);
    let min = Infinity;
    for (const v of out.data) min = Math.min(min, v);
    expect(min).toBeLessThan(0);
  });

  it('resample --spacing-mm 2,2,2 changes the grid (the only geometry-changing op)', async () => {
    const out = await run('rs.nii', '--op', 'resample', '--spacing-mm', '2,2,2');
    expect([...out.geometry.spacing]).toEqual([2, 2, 2]);
    expect(maxAbsDiff(out.data, resampleToSpacing(ct, { spacingMm: [2, 2, 2], interpolation: 'linear' }).data)).toBe(0);
  });

  it.each([
    [['--op', 'median', '--radus', '1'], /unknown parameter --radus/],
    [['--op', 'no-such-op'], /unknown op "no-such-op"/],
    [['--op', 'gaussian'], /--sigma-mm must be a number or x,y,z \(required\)/],
    [['--op', 'median', '--mode', 'wrap'], /--mode must be one of reflect, nearest, constant/],
    [['--op', 'median', '--pipeline', 'x.yaml'], /exactly one of --op/],
  ])('bad usage %j exits 2 with a message naming the problem', (args, message) => {
    const r = medlens('process', SAMPLE, '--out', join(work, 'bad.nii'), ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
