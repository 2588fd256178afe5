import { describe, expect, it } from 'vitest';
import type { Vec3 } from '@medlens/core';
import type { DicomDataset } from './dicom-api.js';
import { groupSeries } from './group-series.js';
import type { FrameHeader, InstanceHeader, Orientation } from './instance-header.js';

const AXIAL: Orientation = [1, 0, 0, 0, 1, 0];
const SAGITTAL: Orientation = [0, 1, 0, 0, 0, -1];

let uid = 0;
function instance(o: {
  z: number;
  series?: string;
  study?: string;
  sop?: string;
  echo?: number;
  acq?: number;
  temporal?: number;
  orientation?: Orientation;
  rows?: number;
  bits?: number;
  pixels?: boolean;
}): InstanceHeader {
  const position: Vec3 = [0, 0, o.z];
  const frame: FrameHeader = {
    frameIndex: 0,
    imagePositionPatient: position,
    imageOrientationPatient: o.orientation ?? AXIAL,
    pixelSpacing: [1, 1],
    ...(o.echo !== undefined ? { echoNumber: o.echo } : {}),
    ...(o.temporal !== undefined ? { temporalPosition: o.temporal } : {}),
    realWorldValueMappings: [],
  };
  const sop = o.sop ?? `2.25.${++uid}`;
  return {
    path: `/x/${sop}-${uid}`,
    dataset: {} as DicomDataset,
    sopInstanceUid: sop,
    sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
    studyInstanceUid: o.study ?? '2.25.1000',
    seriesInstanceUid: o.series ?? '2.25.2000',
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    modality: 'MR',
    ...(o.acq !== undefined ? { acquisitionNumber: o.acq } : {}),
    ...(o.echo !== undefined ? { echoNumber: o.echo } : {}),
    hasPixelData: o.pixels ?? true,
    numberOfFrames: o.pixels === false ? 0 : 1,
    rows: o.rows ?? 4,
    columns: 4,
    samplesPerPixel: 1,
    bitsAllocated: o.bits ?? 16,
    bitsStored: o.bits ?? 16,
    pixelRepresentation: 0,
    frameLayout: 'single',
    frames: o.pixels === false ? [] : [frame],
  };
}

function only(instances: InstanceHeader[]): { stacks: number[]; labels: string[]; problems: string[] } {
  const series = groupSeries(instances)[0]!.series[0]!;
  return { stacks: series.stacks.map((s) => s.frames.length), labels: series.stacks.map((s) => s.label), problems: series.problems.map((p) => p.code) };
}

describe('groupSeries', () => {
  it('groups studies and series, keeping first-seen order', () => {
    const studies = groupSeries([instance({ z: 0, study: 'A', series: 'A1' }), instance({ z: 0, study: 'B', series: 'B1' }), instance({ z: 1, study: 'A', series: 'A2' }), instance({ z: 1, study: 'A', series: 'A1' })]);
    expect(studies.map((s) => [s.studyInstanceUid, s.series.map((x) => [x.seriesInstanceUid, x.instances.length])])).toEqual([
      ['A', [['A1', 2], ['A2', 1]]],
      ['B', [['B1', 1]]],
    ]);
  });

  it('a plain series is one stack without problems', () => {
    expect(only([0, 1, 2].map((z) => instance({ z })))).toEqual({ stacks: [3], labels: [''], problems: [] });
  });

  it('two echoes at the same positions → two stacks', () => {
    const r = only([0, 1, 2].flatMap((z) => [instance({ z, echo: 1 }), instance({ z, echo: 2 })]));
    expect(r.stacks).toEqual([3, 3]);
    expect(r.labels).toEqual(['echo 1', 'echo 2']);
  });

  it('temporal positions → one stack each', () => {
    expect(only([1, 2].flatMap((t) => [0, 1].map((z) => instance({ z, temporal: t })))).labels).toEqual(['temporal 1', 'temporal 2']);
  });

  it('mixed orientation → split with SERIES_MIXED_ORIENTATION', () => {
    const r = only([instance({ z: 0 }), instance({ z: 1 }), instance({ z: 2, orientation: SAGITTAL })]);
    expect(r.stacks).toEqual([2, 1]);
    expect(r.problems).toEqual(['SERIES_MIXED_ORIENTATION']);
  });

  it('different image sizes → split with SERIES_INCONSISTENT', () => {
    const r = only([instance({ z: 0 }), instance({ z: 1, rows: 8 })]);
    expect(r.stacks).toEqual([1, 1]);
    expect(r.problems).toEqual(['SERIES_INCONSISTENT']);
  });

  it('different bit depths in one stack → SERIES_INCONSISTENT problem (assembly throws)', () => {
    const r = only([instance({ z: 0 }), instance({ z: 1, bits: 12 })]);
    expect(r.stacks).toEqual([2]);
    expect(r.problems).toEqual(['SERIES_INCONSISTENT']);
  });

  it('AcquisitionNumber per slice does not split a volume', () => {
    expect(only([0, 1, 2].map((z) => instance({ z, acq: z + 1 }))).stacks).toEqual([3]);
  });

  it('AcquisitionNumber splits a repeated scan of the same positions', () => {
    const r = only([1, 2].flatMap((acq) => [0, 1, 2].map((z) => instance({ z, acq }))));
    expect(r.stacks).toEqual([3, 3]);
    expect(r.labels).toEqual(['acquisition 1', 'acquisition 2']);
  });

  it('two files with one SOP Instance UID: both kept, DUPLICATE_SOP_INSTANCE', () => {
    const series = groupSeries([instance({ z: 0, sop: '2.25.7' }), instance({ z: 0, sop: '2.25.7' }), instance({ z: 1 })])[0]!.series[0]!;
    expect(series.instances).toHaveLength(3);
    expect(series.problems.map((p) => p.code)).toEqual(['DUPLICATE_SOP_INSTANCE']);
    expect(series.stacks[0]!.frames).toHaveLength(3);
  });

  it('instances without pixel data (RTSTRUCT, SR) are listed but make no stack', () => {
    const series = groupSeries([instance({ z: 0, pixels: false })])[0]!.series[0]!;
    expect(series.instances).toHaveLength(1);
    expect(series.stacks).toEqual([]);
  });
});
