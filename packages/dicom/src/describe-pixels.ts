import { MedlensError } from '@medlens/core';
import type { DicomDataset } from './dicom-dataset.js';

/** The Image Pixel module attributes that decoding needs (PS3.3 C.7.6.3). */
export interface PixelDescription {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: 0 | 1;
  photometricInterpretation: string;
  planarConfiguration: 0 | 1;
  numberOfFrames: number;
  /** 'float32' / 'float64' for Float / Double Float Pixel Data, else 'integer'. */
  kind: 'integer' | 'float32' | 'float64';
}

/**
 * Reads and validates the pixel description. BitsStored defaults to BitsAllocated, HighBit to
 * BitsStored − 1, SamplesPerPixel to 1, NumberOfFrames to 1 (each with no error: common omissions).
 * @throws MedlensError DICOM_MISSING_ATTRIBUTE (Rows, Columns, BitsAllocated, PhotometricInterpretation),
 *   DICOM_INVALID_ATTRIBUTE (values out of range)
 */
export function describePixels(dataset: DicomDataset, path?: string): PixelDescription {
  const required = (keyword: string, tag: string): number => {
    const v = dataset.number(tag);
    if (v === undefined) throw new MedlensError('DICOM_MISSING_ATTRIBUTE', `${keyword} is missing or empty`, { path, tag: paren(tag) });
    return v;
  };
  const invalid = (tag: string, message: string): never => {
    throw new MedlensError('DICOM_INVALID_ATTRIBUTE', message, { path, tag: paren(tag) });
  };
  const kind = dataset.has('7FE00008') ? 'float32' : dataset.has('7FE00009') ? 'float64' : 'integer';
  const rows = required('Rows', '00280010');
  const columns = required('Columns', '00280011');
  const bitsAllocated = kind === 'float32' ? (dataset.number('00280100') ?? 32) : kind === 'float64' ? (dataset.number('00280100') ?? 64) : required('BitsAllocated', '00280100');
  const samplesPerPixel = dataset.number('00280002') ?? 1;
  const bitsStored = dataset.number('00280101') ?? bitsAllocated;
  const highBit = dataset.number('00280102') ?? bitsStored - 1;
  const pr = dataset.number('00280103') ?? 0;
  const photometricInterpretation = dataset.string('00280004') ?? (samplesPerPixel === 1 ? 'MONOCHROME2' : undefined);
  if (photometricInterpretation === undefined) {
    throw new MedlensError('DICOM_MISSING_ATTRIBUTE', 'PhotometricInterpretation is missing', { path, tag: '(0028,0004)' });
  }
  const framesText = dataset.string('00280008');
  const numberOfFrames = framesText === undefined || framesText === '' ? 1 : Number(framesText);
  if (!Number.isInteger(rows) || rows < 1 || rows > 65535) invalid('00280010', `Rows ${rows} must be 1…65535`);
  if (!Number.isInteger(columns) || columns < 1 || columns > 65535) invalid('00280011', `Columns ${columns} must be 1…65535`);
  if (![1, 8, 16, 32, 64].includes(bitsAllocated) && !(bitsAllocated > 0 && bitsAllocated <= 32 && bitsAllocated % 8 === 0)) {
    invalid('00280100', `BitsAllocated ${bitsAllocated} is not supported (1, 8, 16, 24, 32, 64)`);
  }
  if ((kind === 'float32' && bitsAllocated !== 32) || (kind === 'float64' && bitsAllocated !== 64)) {
    invalid('00280100', `BitsAllocated ${bitsAllocated} does not match ${kind === 'float32' ? 'Float Pixel Data (32)' : 'Double Float Pixel Data (64)'}`);
  }
  if (!Number.isInteger(bitsStored) || bitsStored < 1 || bitsStored > bitsAllocated) invalid('00280101', `BitsStored ${bitsStored} must be 1…BitsAllocated (${bitsAllocated})`);
  if (!Number.isInteger(highBit) || highBit < bitsStored - 1 || highBit >= bitsAllocated) invalid('00280102', `HighBit ${highBit} must be BitsStored−1…BitsAllocated−1`);
  if (pr !== 0 && pr !== 1) invalid('00280103', `PixelRepresentation ${pr} must be 0 or 1`);
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3 && samplesPerPixel !== 4) invalid('00280002', `SamplesPerPixel ${samplesPerPixel} must be 1 or 3`);
  if (!Number.isInteger(numberOfFrames) || numberOfFrames < 1) invalid('00280008', `NumberOfFrames ${JSON.stringify(framesText)} must be a positive integer`);
  const pc = samplesPerPixel > 1 ? (dataset.number('00280006') ?? 0) : 0;
  return {
    rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit,
    pixelRepresentation: pr === 1 ? 1 : 0, photometricInterpretation,
    planarConfiguration: pc === 1 ? 1 : 0, numberOfFrames, kind,
  };
}

function paren(tag: string): string {
  return `(${tag.slice(0, 4).toLowerCase()},${tag.slice(4).toLowerCase()})`;
}
