// End-to-end tests of the built `medlens` command (packages/cli/bin/medlens.js → dist), run as a
// user runs it: exit codes, the `info --json` contract of DESIGN.md, and `convert` outputs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSameGrid } from '@medlens/core';
import { assembleVolume, groupSeries, scanDicomPaths } from '@medlens/dicom';
import { readNiftiFile, readNrrdFile } from '@medlens/formats';
import { REPO_ROOT, SAMPLE_DIR, resolveDataset } from '@medlens/testing';

const BIN = join(REPO_ROOT, 'packages', 'cli', 'bin', 'medlens.js');
const SAMPLE = join(SAMPLE_DIR, 'ct-sample');

function medlens(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'medlens-cli-'));
});
afterAll(() => undefined);

describe('medlens info', () => {
  it('prints the study → series tree of the sample', () => {
    const r = medlens('info', SAMPLE);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Study ');
    expect(r.stdout).toContain('128×128×48');
    expect(r.stdout).toContain('48 instances');
  });

  it('--json follows the DESIGN.md contract, with --pixel-hash frames', () => {
    const r = medlens('info', SAMPLE, '--json', '--pixel-hash');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.errors).toEqual([]);
    expect(doc.studies).toHaveLength(1);
    const series = doc.studies[0].series[0];
    expect(series.modality).toBe('CT');
    expect(series.size).toEqual([128, 128, 48]);
    expect(series.spacingMm[0]).toBeCloseTo(360 / 128, 6);
    expect(series.spacingMm[2]).toBeCloseTo(2.5, 6);
    expect(series.problems).toEqual([]);
    expect(series.instances).toHaveLength(48);
    for (const inst of series.instances) {
      expect(inst.path.startsWith('/')).toBe(true);
      expect(inst.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
      expect(inst.numberOfFrames).toBe(1);
      expect(inst.frames).toHaveLength(1);
      expect(inst.frames[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('lists bad files in errors, reports duplicates, reads the rest (nested folders, no extensions)', () => {
    const dir = join(work, 'mixed');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    const files = readdirSync(SAMPLE).slice(0, 3);
    copyFileSync(join(SAMPLE, files[0]!), join(dir, 'a', 'b', 'one'));
    copyFileSync(join(SAMPLE, files[1]!), join(dir, 'a', 'two'));
    copyFileSync(join(SAMPLE, files[1]!), join(dir, 'two-again'));
    writeFileSync(join(dir, 'notes.txt'), 'not a DICOM file\n');
    const r = medlens('info', dir, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const series = doc.studies[0].series[0];
    expect(series.instances).toHaveLength(3);
    expect(series.problems.map((p: { code: string }) => p.code)).toContain('DUPLICATE_SOP_INSTANCE');
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0].path).toBe(join(dir, 'notes.txt'));
    expect(doc.errors[0].code).toBe('DICOM_NOT_DICOM');
  });

  it('exits 1 when no file could be read, 2 on bad usage', () => {
    const dir = join(work, 'junk');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.bin'), Buffer.alloc(300, 7));
    const r = medlens('info', dir);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('DICOM_NOT_DICOM');
    expect(medlens('info').code).toBe(2);
    expect(medlens('no-such-command').code).toBe(2);
    expect(medlens('info', join(work, 'does-not-exist')).code).toBe(1);
  });
});

describe('medlens convert', () => {
  it('DICOM → .nii.gz keeps voxels and LPS geometry of the assembled volume', async () => {
    const out = join(work, 'sample.nii.gz');
    const r = medlens('convert', SAMPLE, out);
    expect(r.code, r.stderr).toBe(0);
    const scan = await scanDicomPaths([SAMPLE]);
    const stack = groupSeries(scan.instances)[0]!.series[0]!.stacks[0]!;
    const expected = (await assembleVolume(stack)).value;
    const written = (await readNiftiFile(out)).value;
    expect(isSameGrid(written.geometry, expected.geometry, 1e-4)).toBe(true);
    expect(written.data.length).toBe(expected.data.length);
    let maxDiff = 0;
    for (let n = 0; n < expected.data.length; n++) maxDiff = Math.max(maxDiff, Math.abs(written.data[n]! - expected.data[n]!));
    expect(maxDiff).toBe(0);
    expect(expected.meta.units).toBe('HU');
  });

  it('NIfTI → NRRD → NIfTI round trip', async () => {
    const nii = join(work, 'rt.nii');
    const nrrd = join(work, 'rt.nrrd');
    const back = join(work, 'rt-back.nii');
    expect(medlens('convert', SAMPLE, nii).code).toBe(0);
    expect(medlens('convert', nii, nrrd).code).toBe(0);
    expect(medlens('convert', nrrd, back).code).toBe(0);
    const a = (await readNiftiFile(nii)).value;
    const b = (await readNrrdFile(nrrd)).value;
    const c = (await readNiftiFile(back)).value;
    expect(isSameGrid(a.geometry, b.geometry, 1e-5)).toBe(true);
    expect(isSameGrid(a.geometry, c.geometry, 1e-5)).toBe(true);
    expect(Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength).equals(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength))).toBe(true);
  });

  it('bad usage exits 2: unknown output extension, unknown --series', () => {
    expect(medlens('convert', SAMPLE, join(work, 'x.png')).code).toBe(2);
    expect(medlens('convert', SAMPLE, join(work, 'x.nii'), '--series', '1.2.3').code).toBe(2);
    expect(medlens('convert', SAMPLE, join(work, 'x.nii'), '--datatype', 'int8').code).toBe(2);
  });

  const ibsi = resolveDataset('ibsi', 'ibsi1_ct_phantom_PAT1');
  it.skipIf(!ibsi)('IBSI CT phantom DICOM → NIfTI matches the shipped NIfTI (size, voxels, affine within 1e-3 mm)', async () => {
    const out = join(work, 'ibsi.nii.gz');
    expect(medlens('convert', join(ibsi!, 'dicom', 'image'), out).code).toBe(0);
    const ours = (await readNiftiFile(out)).value;
    const ref = (await readNiftiFile(join(ibsi!, 'nifti', 'image', 'phantom.nii.gz'))).value;
    expect([...ours.geometry.size]).toEqual([204, 201, 60]);
    expect(isSameGrid(ours.geometry, ref.geometry, 1e-3)).toBe(true);
    let differ = 0;
    for (let n = 0; n < ref.data.length; n++) if (ours.data[n] !== ref.data[n]) differ++;
    expect(differ).toBe(0);
  });
});
