import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MedlensError, countLabel, createGeometry, type VolumeGeometry } from '@medlens/core';
import { resolveDataset } from '@medlens/testing';
import { parseDicom } from '../series/dicom-api.js';
import { determineStackLayout } from '../series/determine-stack-layout.js';
import { groupSeries } from '../series/group-series.js';
import { scanDicomPaths } from '../series/scan-dicom-paths.js';
import { writeTestDicom, type TestElement } from '../series/write-test-dicom.js';
import { rasterizeRtStruct } from './rasterize-rt-struct.js';

/** Test-only NIfTI-1 reader (.nii.gz, uint8 data). */
function readNiftiMask(path: string): { dims: number[]; data: Uint8Array } {
  const bytes = gunzipSync(readFileSync(path));
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(v.getInt32(0, true)).toBe(348);
  expect(v.getInt16(70, true)).toBe(2); // DT_UNSIGNED_CHAR
  const dims = [1, 2, 3].map((d) => v.getInt16(40 + 2 * d, true));
  const offset = v.getFloat32(108, true);
  return { dims, data: bytes.slice(offset, offset + dims[0]! * dims[1]! * dims[2]!) };
}

/** True when voxel v differs in-plane (4-neighbourhood) from a neighbour of the reference mask. */
function onBorder(mask: Uint8Array, ni: number, nj: number, v: number): boolean {
  const i = v % ni;
  const j = Math.floor(v / ni) % nj;
  const here = mask[v];
  const n = [i > 0 ? v - 1 : -1, i < ni - 1 ? v + 1 : -1, j > 0 ? v - ni : -1, j < nj - 1 ? v + ni : -1];
  return n.some((w) => w >= 0 && mask[w] !== here);
}

const ibsi = resolveDataset('ibsi', 'ibsi1_ct_phantom_PAT1');

describe('rasterizeRtStruct', () => {
  it.skipIf(!ibsi)('IBSI PAT1 GTV-1 reproduces the reference mask (125,256 voxels)', async () => {
    const scan = await scanDicomPaths([join(ibsi!, 'dicom', 'image')]);
    // The grid assembleVolume produces (asserted equal in assemble-volume.reference.test.ts), from headers.
    const image = determineStackLayout(groupSeries(scan.instances)[0]!.series[0]!.stacks[0]!);
    const rs = parseDicom(new Uint8Array(readFileSync(join(ibsi!, 'dicom', 'mask', 'DCM_RS_00060.dcm')))).dataset;
    const { value: labels, diagnostics } = rasterizeRtStruct(rs, image.geometry, { roiName: 'GTV-1' });
    expect(diagnostics).toEqual([]);
    expect(labels.segments).toEqual([expect.objectContaining({ label: 1, name: 'GTV-1' })]);
    const ref = readNiftiMask(join(ibsi!, 'nifti', 'mask', 'mask.nii.gz'));
    expect(ref.dims).toEqual([...image.geometry.size]);
    const refCount = ref.data.reduce((n, x) => n + (x > 0 ? 1 : 0), 0);
    const ours = countLabel(labels, 1);
    let differ = 0;
    let border = 0;
    for (let v = 0; v < ref.data.length; v++) {
      if ((ref.data[v]! > 0 ? 1 : 0) !== labels.data[v]) {
        differ++;
        if (onBorder(ref.data, 204, 201, v)) border++;
      }
    }
    console.log(`GTV-1: ${refCount.toLocaleString('en')} ref voxels, ${ours.toLocaleString('en')} ours, ${differ} differ, ${border === differ ? 'all' : border} on border`);
    expect(refCount).toBe(125256);
    expect(border).toBe(differ);
    expect(differ).toBeLessThanOrEqual(Math.ceil(refCount * 0.002)); // border disagreement only
  });

  const geometry: VolumeGeometry = createGeometry({ size: [10, 10, 3], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
  const square = (x0: number, x1: number, z: number): number[] => [x0, x0, z, x1, x0, z, x1, x1, z, x0, x1, z];
  const contour = (type: string, data: number[]): TestElement[] => [
    ['30060042', 'CS', type],
    ['30060046', 'IS', String(data.length / 3)],
    ['30060050', 'DS', data.map((x) => String(x))],
  ];
  const rtstruct = parseDicom(
    writeTestDicom([
      ['00080016', 'UI', '1.2.840.10008.5.1.4.1.1.481.3'],
      ['00080018', 'UI', '2.25.5'],
      ['00080060', 'CS', 'RTSTRUCT'],
      ['30060020', 'SQ', [[['30060022', 'IS', '1'], ['30060026', 'LO', 'RING']], [['30060022', 'IS', '2'], ['30060026', 'LO', 'BOX']], [['30060022', 'IS', '3'], ['30060026', 'LO', 'EMPTY']]]],
      [
        '30060039',
        'SQ',
        [
          [
            ['30060084', 'IS', '1'],
            ['3006002A', 'IS', ['255', '0', '0']],
            ['30060040', 'SQ', [contour('CLOSED_PLANAR', square(0.5, 7.5, 2)), contour('CLOSED_PLANAR', square(2.5, 5.5, 2)), contour('POINT', [1, 1, 2])]],
          ],
          [['30060084', 'IS', '2'], ['30060040', 'SQ', [contour('CLOSED_PLANAR', square(6.5, 9.5, 4.3))]]],
        ],
      ],
    ]),
  ).dataset;

  it('XORs contours of one slice (hole), one label per ROI, skips POINT contours', () => {
    const { value, diagnostics } = rasterizeRtStruct(rtstruct, geometry);
    expect(value.segments.map((s) => [s.label, s.name])).toEqual([[1, 'RING'], [2, 'BOX'], [3, 'EMPTY']]);
    expect(value.segments[0]!.color).toEqual([255, 0, 0]);
    // RING: centres 1..7 minus 3..5 on slice k=1 → 49 − 9; BOX on k = 2 (0.3 mm off-plane): centres 7..9.
    expect(countLabel(value, 1)).toBe(49 - 9);
    expect(countLabel(value, 2)).toBe(9);
    expect(value.data[100 + 4 * 10 + 4]).toBe(0);
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['RTSTRUCT_CONTOUR_OFF_PLANE', 'RTSTRUCT_INVALID', 'RTSTRUCT_INVALID']);
  });

  it('the chosen ROI becomes label 1', () => {
    const { value } = rasterizeRtStruct(rtstruct, geometry, { roiNumber: 2 });
    expect(value.segments.map((s) => [s.label, s.name])).toEqual([[1, 'BOX']]);
    expect(countLabel(value, 1)).toBe(9);
  });

  it('an unknown ROI throws RTSTRUCT_ROI_NOT_FOUND; a non-RTSTRUCT throws RTSTRUCT_INVALID', () => {
    expect(() => rasterizeRtStruct(rtstruct, geometry, { roiName: 'LIVER' })).toThrow(expect.objectContaining({ code: 'RTSTRUCT_ROI_NOT_FOUND' }) as MedlensError);
    const ct = parseDicom(writeTestDicom([['00080018', 'UI', '2.25.6'], ['00080060', 'CS', 'CT']])).dataset;
    expect(() => rasterizeRtStruct(ct, geometry)).toThrow(expect.objectContaining({ code: 'RTSTRUCT_INVALID' }) as MedlensError);
  });
});
