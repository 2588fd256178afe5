/**
 * The parse/pixel half of packages/dicom that series assembly and RTSTRUCT rasterisation use, in one
 * place so that the import path is changed once. Importing from the concrete modules (not the package
 * index) avoids an import cycle index → series → index.
 * @packageDocumentation
 */
export { DicomDataset } from '../dicom-dataset.js';
export { parseDicom } from '../parse-dicom.js';
export type { ParseDicomResult } from '../parse-dicom.js';
export { readDicomHeader } from '../read-dicom-file.js';
export { describePixels } from '../describe-pixels.js';
export type { PixelDescription } from '../describe-pixels.js';
export { decodeFrame } from '../decode-frame.js';
export type { DecodedFrame } from '../decode-frame.js';
export { DicomDecodePool } from '../dicom-decode-pool.js';
export { rescaleToFloat32 } from '../rescale-to-float32.js';
