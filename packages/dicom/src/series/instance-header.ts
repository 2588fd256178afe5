import type { Vec3 } from '@medlens/core';
import type { DicomDataset } from './dicom-api.js';
import { TAG } from './tags.js';

/** ImageOrientationPatient: row direction cosines (i axis) then column direction cosines (j axis). */
export type Orientation = readonly [number, number, number, number, number, number];

/**
 * Geometry and value attributes of one frame, merged from the instance level (classic IODs) or the
 * Shared + Per-Frame Functional Groups (enhanced / legacy-converted enhanced IODs; per-frame wins).
 */
export interface FrameHeader {
  /** 0-based frame number in the instance. */
  readonly frameIndex: number;
  /** ImagePositionPatient (0020,0032): LPS mm of the centre of the first transmitted pixel. */
  readonly imagePositionPatient?: Vec3;
  readonly imageOrientationPatient?: Orientation;
  /** PixelSpacing (0028,0030) [between rows, between columns] in mm (ImagerPixelSpacing as fallback). */
  readonly pixelSpacing?: readonly [number, number];
  /** SliceThickness (0018,0050), mm. Not used for geometry (positions are). */
  readonly sliceThickness?: number;
  /** SpacingBetweenSlices (0018,0088), mm; only used for frames without positions. */
  readonly spacingBetweenSlices?: number;
  readonly rescaleSlope?: number;
  readonly rescaleIntercept?: number;
  readonly rescaleType?: string;
  /** FrameContentSequence StackID (0020,9056). */
  readonly stackId?: string;
  readonly inStackPositionNumber?: number;
  /** TemporalPositionIndex (0020,9128) or, for classic IODs, TemporalPositionIdentifier (0020,0100). */
  readonly temporalPosition?: number;
  readonly dimensionIndexValues?: readonly number[];
  /** EchoNumbers (0018,0086) for classic IODs. */
  readonly echoNumber?: number;
  /** EchoTime (0018,0081) or EffectiveEchoTime (0018,9082), ms. */
  readonly echoTime?: number;
  readonly windowCenter?: number;
  readonly windowWidth?: number;
  /** Items of RealWorldValueMappingSequence (0040,9096) that apply to this frame. */
  readonly realWorldValueMappings: readonly DicomDataset[];
}

/** How the frames of an instance carry their geometry. */
export type FrameLayout = 'single' | 'enhanced' | 'classic-multiframe';

/** The header attributes of one DICOM file that grouping and assembly need. */
export interface InstanceHeader {
  /** Absolute path of the file. */
  readonly path: string;
  /** The header dataset (read up to, not including, the pixel data). */
  readonly dataset: DicomDataset;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly transferSyntaxUid: string;
  readonly modality?: string;
  readonly seriesDescription?: string;
  readonly seriesNumber?: number;
  readonly patientId?: string;
  readonly studyDate?: string;
  readonly frameOfReferenceUid?: string;
  readonly instanceNumber?: number;
  readonly acquisitionNumber?: number;
  readonly echoNumber?: number;
  readonly temporalPosition?: number;
  readonly imagePositionPatient?: Vec3;
  readonly imageOrientationPatient?: Orientation;
  readonly pixelSpacing?: readonly [number, number];
  readonly sliceThickness?: number;
  readonly rescaleSlope?: number;
  readonly rescaleIntercept?: number;
  readonly rescaleType?: string;
  /** True when the file has (7FE0,0010), (7FE0,0008) or (7FE0,0009). */
  readonly hasPixelData: boolean;
  readonly numberOfFrames: number;
  readonly rows?: number;
  readonly columns?: number;
  readonly samplesPerPixel?: number;
  readonly bitsAllocated?: number;
  readonly bitsStored?: number;
  readonly pixelRepresentation?: number;
  readonly photometricInterpretation?: string;
  readonly frameLayout: FrameLayout;
  /** One entry per frame (empty when the instance has no pixel data). */
  readonly frames: readonly FrameHeader[];
}

function vec3(values: number[]): Vec3 | undefined {
  return values.length >= 3 && values.slice(0, 3).every(Number.isFinite) ? [values[0]!, values[1]!, values[2]!] : undefined;
}

function orientation(values: number[]): Orientation | undefined {
  if (values.length < 6 || !values.slice(0, 6).every(Number.isFinite)) return undefined;
  // A zero-length direction cosine is as good as absent (seen in de-identified/secondary images).
  const r = Math.hypot(values[0]!, values[1]!, values[2]!);
  const c = Math.hypot(values[3]!, values[4]!, values[5]!);
  if (r < 1e-6 || c < 1e-6) return undefined;
  return values.slice(0, 6) as unknown as Orientation;
}

function spacing2(values: number[]): readonly [number, number] | undefined {
  return values.length >= 2 && values[0]! > 0 && values[1]! > 0 ? [values[0]!, values[1]!] : undefined;
}

function num(ds: DicomDataset | undefined, tag: string): number | undefined {
  if (ds === undefined) return undefined;
  try {
    const v = ds.number(tag);
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined; // malformed numeric string: treated as absent, the caller decides what is required
  }
}

function str(ds: DicomDataset | undefined, tag: string): string | undefined {
  if (ds === undefined) return undefined;
  const v = ds.string(tag);
  return v === undefined || v === '' ? undefined : v;
}

function nums(ds: DicomDataset | undefined, tag: string): number[] {
  if (ds === undefined) return [];
  try {
    return ds.numbers(tag);
  } catch {
    return [];
  }
}

/** First item of `seqTag` in the per-frame item, else in the shared item. */
function group(perFrame: DicomDataset | undefined, shared: DicomDataset | undefined, seqTag: string): DicomDataset | undefined {
  return perFrame?.sequence(seqTag)[0] ?? shared?.sequence(seqTag)[0];
}

function classicFrame(ds: DicomDataset, frameIndex: number, withPosition: boolean): FrameHeader {
  const echoSeq = ds.sequence(TAG.MrEchoSequence)[0];
  return {
    frameIndex,
    ...opt('imagePositionPatient', withPosition ? vec3(nums(ds, TAG.ImagePositionPatient)) : undefined),
    ...opt('imageOrientationPatient', orientation(nums(ds, TAG.ImageOrientationPatient))),
    ...opt('pixelSpacing', spacing2(nums(ds, TAG.PixelSpacing)) ?? spacing2(nums(ds, TAG.ImagerPixelSpacing))),
    ...opt('sliceThickness', num(ds, TAG.SliceThickness)),
    ...opt('spacingBetweenSlices', num(ds, TAG.SpacingBetweenSlices)),
    ...opt('rescaleSlope', num(ds, TAG.RescaleSlope)),
    ...opt('rescaleIntercept', num(ds, TAG.RescaleIntercept)),
    ...opt('rescaleType', str(ds, TAG.RescaleType)),
    ...opt('temporalPosition', num(ds, TAG.TemporalPositionIdentifier)),
    ...opt('echoNumber', num(ds, TAG.EchoNumbers)),
    ...opt('echoTime', num(ds, TAG.EchoTime) ?? num(echoSeq, TAG.EffectiveEchoTime)),
    ...opt('windowCenter', num(ds, TAG.WindowCenter)),
    ...opt('windowWidth', num(ds, TAG.WindowWidth)),
    realWorldValueMappings: ds.sequence(TAG.RealWorldValueMappingSequence),
  };
}

function enhancedFrame(ds: DicomDataset, frameIndex: number, perFrame: DicomDataset | undefined, shared: DicomDataset | undefined): FrameHeader {
  const position = group(perFrame, shared, TAG.PlanePositionSequence);
  const plane = group(perFrame, shared, TAG.PlaneOrientationSequence);
  const measures = group(perFrame, shared, TAG.PixelMeasuresSequence);
  const pvt = group(perFrame, shared, TAG.PixelValueTransformationSequence);
  const content = group(perFrame, shared, TAG.FrameContentSequence);
  const echo = group(perFrame, shared, TAG.MrEchoSequence);
  const voi = group(perFrame, shared, TAG.FrameVoiLutSequence);
  // RealWorldValueMappingSequence is itself the functional-group macro: its items are the mappings.
  const perFrameRwv = perFrame?.sequence(TAG.RealWorldValueMappingSequence) ?? [];
  const rwvItems = perFrameRwv.length > 0 ? perFrameRwv : (shared?.sequence(TAG.RealWorldValueMappingSequence) ?? []);
  const dims = nums(content, TAG.DimensionIndexValues);
  return {
    frameIndex,
    ...opt('imagePositionPatient', vec3(nums(position, TAG.ImagePositionPatient))),
    ...opt('imageOrientationPatient', orientation(nums(plane, TAG.ImageOrientationPatient))),
    ...opt('pixelSpacing', spacing2(nums(measures, TAG.PixelSpacing))),
    ...opt('sliceThickness', num(measures, TAG.SliceThickness)),
    ...opt('spacingBetweenSlices', num(measures, TAG.SpacingBetweenSlices)),
    ...opt('rescaleSlope', num(pvt, TAG.RescaleSlope) ?? num(ds, TAG.RescaleSlope)),
    ...opt('rescaleIntercept', num(pvt, TAG.RescaleIntercept) ?? num(ds, TAG.RescaleIntercept)),
    ...opt('rescaleType', str(pvt, TAG.RescaleType) ?? str(ds, TAG.RescaleType)),
    ...opt('stackId', str(content, TAG.StackId)),
    ...opt('inStackPositionNumber', num(content, TAG.InStackPositionNumber)),
    ...opt('temporalPosition', num(content, TAG.TemporalPositionIndex)),
    ...(dims.length > 0 ? { dimensionIndexValues: dims } : {}),
    ...opt('echoTime', num(echo, TAG.EffectiveEchoTime)),
    ...opt('windowCenter', num(voi, TAG.WindowCenter)),
    ...opt('windowWidth', num(voi, TAG.WindowWidth)),
    realWorldValueMappings: rwvItems,
  };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Extracts the attributes grouping and assembly need from a header dataset. Never throws on odd
 * values: missing or malformed attributes are left undefined and judged later (grouping/assembly).
 * UIDs that are absent become '' (grouped together; the CLI lists them as such).
 */
export function toInstanceHeader(dataset: DicomDataset, path: string): InstanceHeader {
  const ds = dataset;
  const hasPixelData = ds.pixelData !== undefined || ds.has('7FE00010') || ds.has('7FE00008') || ds.has('7FE00009');
  const numberOfFrames = Math.max(1, Math.trunc(num(ds, TAG.NumberOfFrames) ?? 1));
  const perFrameItems = ds.sequence(TAG.PerFrameFunctionalGroupsSequence);
  const shared = ds.sequence(TAG.SharedFunctionalGroupsSequence)[0];
  const enhanced = perFrameItems.length > 0 || shared !== undefined;
  const frameLayout: FrameLayout = enhanced ? 'enhanced' : numberOfFrames > 1 ? 'classic-multiframe' : 'single';
  const frames: FrameHeader[] = [];
  if (hasPixelData) {
    for (let f = 0; f < numberOfFrames; f++) {
      // Classic multi-frame (NM, US, XA): the instance IPP belongs to frame 0 only; later frames get
      // positions from the assembly's index geometry.
      frames.push(enhanced ? enhancedFrame(ds, f, perFrameItems[f], shared) : classicFrame(ds, f, f === 0 || numberOfFrames === 1));
    }
  }
  const first = frames[0];
  const sopClassUid = str(ds, TAG.SopClassUid) ?? str(ds, TAG.MediaStorageSopClassUid) ?? '';
  return {
    path,
    dataset: ds,
    sopInstanceUid: str(ds, TAG.SopInstanceUid) ?? '',
    sopClassUid,
    studyInstanceUid: str(ds, TAG.StudyInstanceUid) ?? '',
    seriesInstanceUid: str(ds, TAG.SeriesInstanceUid) ?? '',
    transferSyntaxUid: ds.transferSyntaxUid,
    ...opt('modality', str(ds, TAG.Modality)),
    ...opt('seriesDescription', str(ds, TAG.SeriesDescription)),
    ...opt('seriesNumber', num(ds, TAG.SeriesNumber)),
    ...opt('patientId', str(ds, TAG.PatientId)),
    ...opt('studyDate', str(ds, TAG.StudyDate)),
    ...opt('frameOfReferenceUid', str(ds, TAG.FrameOfReferenceUid)),
    ...opt('instanceNumber', num(ds, TAG.InstanceNumber)),
    ...opt('acquisitionNumber', num(ds, TAG.AcquisitionNumber)),
    ...opt('echoNumber', num(ds, TAG.EchoNumbers)),
    ...opt('temporalPosition', num(ds, TAG.TemporalPositionIdentifier)),
    ...opt('imagePositionPatient', first?.imagePositionPatient),
    ...opt('imageOrientationPatient', first?.imageOrientationPatient),
    ...opt('pixelSpacing', first?.pixelSpacing),
    ...opt('sliceThickness', first?.sliceThickness),
    ...opt('rescaleSlope', first?.rescaleSlope),
    ...opt('rescaleIntercept', first?.rescaleIntercept),
    ...opt('rescaleType', first?.rescaleType),
    hasPixelData,
    numberOfFrames: hasPixelData ? numberOfFrames : 0,
    ...opt('rows', num(ds, TAG.Rows)),
    ...opt('columns', num(ds, TAG.Columns)),
    ...opt('samplesPerPixel', num(ds, TAG.SamplesPerPixel)),
    ...opt('bitsAllocated', num(ds, TAG.BitsAllocated)),
    ...opt('bitsStored', num(ds, TAG.BitsStored)),
    ...opt('pixelRepresentation', num(ds, TAG.PixelRepresentation)),
    ...opt('photometricInterpretation', str(ds, TAG.PhotometricInterpretation)),
    frameLayout,
    frames,
  };
}
