import type { DicomDataset } from './dicom-api.js';
import type { FrameHeader, InstanceHeader } from './instance-header.js';
import { TAG } from './tags.js';

/** Which mapping from stored values to output values {@link determineValueMapping} picks. */
export type ValueMappingPreference = 'auto' | 'modality' | 'real-world';

/** A mapping from stored pixel values to output (modality or real-world) values. */
export type ValueMapping =
  | {
      readonly kind: 'linear';
      readonly slope: number;
      readonly intercept: number;
      readonly units: string;
      readonly source: 'rescale' | 'real-world' | 'identity';
    }
  | {
      readonly kind: 'lut';
      /** Stored value mapped to table[0]; values outside the table clamp to its ends. */
      readonly firstMapped: number;
      readonly table: Float64Array;
      readonly units: string;
      readonly source: 'modality-lut' | 'real-world-lut';
    };

function signed16(value: number, pixelRepresentation: number | undefined): number {
  // LUT descriptor / first-value-mapped are US or SS following PixelRepresentation (PS3.3 C.11.1.1).
  return pixelRepresentation === 1 && value > 32767 ? value - 65536 : value;
}

function lutWords(item: DicomDataset, tag: string): number[] {
  const vr = item.vr(tag);
  if (vr === 'US' || vr === 'SS' || vr === 'FD' || vr === 'FL') return item.numbers(tag);
  const bytes = item.bytes(tag);
  if (bytes === undefined) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let o = 0; o + 1 < bytes.byteLength; o += 2) out.push(view.getUint16(o, true));
  return out;
}

function modalityLut(instance: InstanceHeader): ValueMapping | undefined {
  const item = instance.dataset.sequence(TAG.ModalityLutSequence)[0];
  if (item === undefined) return undefined;
  const desc = item.numbers(TAG.LutDescriptor);
  const data = lutWords(item, TAG.LutData);
  if (desc.length < 3 || data.length === 0) return undefined;
  const entries = desc[0] === 0 ? 65536 : desc[0]!;
  const table = Float64Array.from(data.slice(0, entries));
  const type = item.string(TAG.ModalityLutType);
  return {
    kind: 'lut',
    firstMapped: signed16(desc[1]!, instance.pixelRepresentation),
    table,
    units: type === undefined || type === 'US' ? 'unknown' : type,
    source: 'modality-lut',
  };
}

function unitsOf(item: DicomDataset): string {
  const code = item.sequence(TAG.MeasurementUnitsCodeSequence)[0];
  return code?.string(TAG.CodeValue) ?? code?.string(TAG.CodeMeaning) ?? 'unknown';
}

function realWorld(frame: FrameHeader, instance: InstanceHeader): ValueMapping | undefined {
  const item = frame.realWorldValueMappings[0];
  if (item === undefined) return undefined;
  const units = unitsOf(item);
  const lut = item.numbers(TAG.RealWorldValueLutData);
  if (lut.length > 0) {
    const first = item.number(TAG.RealWorldValueFirstValueMapped) ?? 0;
    return { kind: 'lut', firstMapped: signed16(first, instance.pixelRepresentation), table: Float64Array.from(lut), units, source: 'real-world-lut' };
  }
  const slope = item.number(TAG.RealWorldValueSlope);
  const intercept = item.number(TAG.RealWorldValueIntercept);
  if (slope === undefined || !Number.isFinite(slope)) return undefined;
  return { kind: 'linear', slope, intercept: intercept ?? 0, units, source: 'real-world' };
}

function modalityUnits(instance: InstanceHeader, frame: FrameHeader): string {
  const modality = instance.modality;
  if (modality === 'CT') return 'HU';
  // PET keeps the stored activity units (e.g. BQML); SUV conversion is a separate, later step.
  if (modality === 'PT') return instance.dataset.string(TAG.PetUnits) ?? 'unknown';
  const type = frame.rescaleType ?? instance.rescaleType;
  return type === undefined || type === 'US' ? 'unknown' : type;
}

/**
 * Picks how stored values of one frame become output values. Precedence (documented rule):
 * 1. 'auto' for CT and PT, and 'modality' always: the Modality LUT — Modality LUT Sequence
 *    (0028,3000) when present, else RescaleSlope/Intercept (per frame from the Pixel Value
 *    Transformation functional group for enhanced IODs), else identity. CT → 'HU'; PT keeps the
 *    stored Units (0054,1001), e.g. 'BQML' (SUV is not computed here).
 * 2. 'auto' for other modalities, and 'real-world' always: the first Real World Value Mapping item
 *    (0040,9096) of the frame (LUT data or slope/intercept, units from its Measurement Units Code
 *    Sequence), because it is the producer's declared quantitative mapping (ADC, T1, …); when absent,
 *    the modality mapping of rule 1. CT RWV items only restate HU, so CT stays on rule 1.
 * Units: 'HU' for CT, PET Units, RWV code value, ModalityLUTType/RescaleType unless 'US', else 'unknown'.
 */
export function determineValueMapping(instance: InstanceHeader, frame: FrameHeader, preference: ValueMappingPreference = 'auto'): ValueMapping {
  const realWorldFirst = preference === 'real-world' || (preference === 'auto' && instance.modality !== 'CT' && instance.modality !== 'PT');
  if (realWorldFirst) {
    const rwv = realWorld(frame, instance);
    if (rwv !== undefined) return rwv;
  }
  const lut = modalityLut(instance);
  if (lut !== undefined) return instance.modality === 'CT' ? { ...lut, units: 'HU' } : lut;
  const slope = frame.rescaleSlope ?? instance.rescaleSlope;
  const intercept = frame.rescaleIntercept ?? instance.rescaleIntercept;
  const units = modalityUnits(instance, frame);
  if (slope === undefined && intercept === undefined) {
    return { kind: 'linear', slope: 1, intercept: 0, units, source: 'identity' };
  }
  // A zero or missing slope with an intercept present is malformed; 1 keeps the stored contrast.
  return { kind: 'linear', slope: slope === undefined || slope === 0 ? 1 : slope, intercept: intercept ?? 0, units, source: 'rescale' };
}

/** Applies a LUT mapping to stored values, writing float32 outputs. */
export function applyLut(mapping: Extract<ValueMapping, { kind: 'lut' }>, stored: ArrayLike<number>, target: Float32Array, targetOffset: number): void {
  const { table, firstMapped } = mapping;
  const lastIndex = table.length - 1;
  for (let n = 0; n < stored.length; n++) {
    const idx = stored[n]! - firstMapped;
    target[targetOffset + n] = table[idx < 0 ? 0 : idx > lastIndex ? lastIndex : idx]!;
  }
}
