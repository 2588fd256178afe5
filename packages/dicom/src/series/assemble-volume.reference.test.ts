import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { computeRange, geometryToAffine } from '@medlens/core';
import { resolveDataset } from '@medlens/testing';
import { assembleVolume } from './assemble-volume.js';
import { determineStackLayout } from './determine-stack-layout.js';
import { groupSeries } from './group-series.js';
import { scanDicomPaths } from './scan-dicom-paths.js';

/** Test-only NIfTI-1 reader (.nii.gz): dims, sform rows (RAS), float32/uint8 data. */
function readNifti(path: string): { dims: number[]; srow: number[][]; data: Float32Array | Uint8Array } {
  const bytes = gunzipSync(readFileSync(path));
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(v.getInt32(0, true)).toBe(348);
  const dims = [1, 2, 3].map((d) => v.getInt16(40 + 2 * d, true));
  const datatype = v.getInt16(70, true);
  const voxOffset = v.getFloat32(108, true);
  const srow = [280, 296, 312].map((o) => [0, 1, 2, 3].map((c) => v.getFloat32(o + 4 * c, true)));
  const count = dims[0]! * dims[1]! * dims[2]!;
  const body = bytes.slice(voxOffset, voxOffset + count * (datatype === 16 ? 4 : 1));
  const data = datatype === 16 ? new Float32Array(body.buffer, body.byteOffset, count) : new Uint8Array(body.buffer, body.byteOffset, count);
  return { dims, srow, data };
}

function hashFolder(dir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) h.update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

const ibsi = resolveDataset('ibsi', 'ibsi1_ct_phantom_PAT1');
const lidc = resolveDataset('lidc', 'LIDC-IDRI-0001');

describe('assembleVolume on reference series', () => {
  it.skipIf(!ibsi)('IBSI CT phantom: size, voxels and affine equal the reference NIfTI', async () => {
    const dir = join(ibsi!, 'dicom', 'image');
    const before = hashFolder(dir);
    const scan = await scanDicomPaths([dir]);
    expect(scan.errors).toEqual([]);
    const studies = groupSeries(scan.instances);
    expect(studies).toHaveLength(1);
    const stacks = studies[0]!.series[0]!.stacks;
    expect(stacks).toHaveLength(1);
    const { value: volume, diagnostics } = await assembleVolume(stacks[0]!);
    expect(diagnostics).toEqual([]);
    expect(volume.geometry.size).toEqual([204, 201, 60]);
    expect(volume.meta.units).toBe('HU');
    expect(determineStackLayout(stacks[0]!).geometry).toEqual(volume.geometry);
    const ref = readNifti(join(ibsi!, 'nifti', 'image', 'phantom.nii.gz'));
    expect(ref.dims).toEqual([204, 201, 60]);
    let differ = 0;
    for (let v = 0; v < ref.data.length; v++) if (ref.data[v] !== volume.data[v]) differ++;
    expect(differ).toBe(0);
    // NIfTI sform is RAS: negate rows x and y to compare with our LPS affine.
    const affine = geometryToAffine(volume.geometry);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 4; c++) expect(Math.abs(affine[r]![c]! - (r < 2 ? -1 : 1) * ref.srow[r]![c]!)).toBeLessThan(1e-3);
    }
    expect(hashFolder(dir)).toBe(before); // input never mutated
    console.log(`IBSI PAT1: ${volume.geometry.size.join('×')}, ${ref.data.length} voxels equal to phantom.nii.gz, spacing ${volume.geometry.spacing.map((s) => s.toFixed(4)).join('×')} mm`);
  });

  it.skipIf(!lidc)('LIDC-IDRI-0001: 133 slices, spacing 2.5 mm, z order independent of file names, sane HU', async () => {
    const scan = await scanDicomPaths([lidc!]);
    // 069.xml and nodules.json sit beside the images: listed as not DICOM, the scan goes on.
    expect(scan.errors.map((e) => [basename(e.path), e.code])).toEqual([
      ['069.xml', 'DICOM_NOT_DICOM'],
      ['nodules.json', 'DICOM_NOT_DICOM'],
    ]);
    expect(scan.instances).toHaveLength(133);
    const studies = groupSeries(scan.instances);
    const series = studies[0]!.series[0]!;
    expect(series.seriesInstanceUid).toBe('1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192');
    const { value: volume, diagnostics } = await assembleVolume(series.stacks[0]!);
    expect(diagnostics).toEqual([]);
    expect(volume.geometry.size).toEqual([512, 512, 133]);
    expect(volume.geometry.spacing[2]).toBeCloseTo(2.5, 6);
    expect(volume.geometry.spacing[0]).toBeCloseTo(0.703125, 6);
    expect(volume.geometry.origin[2]).toBeCloseTo(-340, 6);
    // File names are not in z order: the k order of source files differs from their name order.
    const byUid = new Map(series.instances.map((i) => [i.sopInstanceUid, basename(i.path)]));
    const names = volume.meta.sourceSopInstanceUids!.map((u) => byUid.get(u)!);
    expect(names).not.toEqual([...names].sort());
    expect(names[0]).not.toBe('000001.dcm');
    const { min, max } = computeRange(volume.data);
    expect(min).toBe(-2048); // stored −1024 outside the reconstruction circle (README)
    expect(max).toBe(3071); // stored 4095 − 1024
    // Reference values computed independently (pydicom: slices sorted by IPP z, stored·slope + intercept).
    const at = (i: number, j: number, k: number): number => volume.data[i + 512 * (j + 512 * k)]!;
    expect([at(256, 256, 66), at(100, 256, 66), at(300, 100, 0), at(256, 300, 132)]).toEqual([399, -914, -108, 18]);
    let sum = 0;
    for (let n = 0; n < volume.data.length; n++) sum += volume.data[n]!;
    expect(sum / volume.data.length).toBeCloseTo(-826.9439289121699, 3);
    console.log(`LIDC-IDRI-0001: ${volume.geometry.size.join('×')}, spacing ${volume.geometry.spacing.map((s) => s.toFixed(4)).join('×')} mm, HU ${min}…${max}`);
  });
});
