/**
 * The catalogue of stable error codes. Codes are public API: never rename one, only add.
 * `docs/errors.md` lists exactly these codes (kept equal by `error-codes.test.ts`).
 *
 * Each entry maps the code to a one-line summary of when it is raised.
 */
export const ERROR_CODES = {
  // core
  GEOMETRY_INVALID: 'A VolumeGeometry field is malformed (size, spacing, origin or direction).',
  GEOMETRY_SINGULAR_DIRECTION: 'The direction matrix is singular or not orthonormal.',
  GEOMETRY_MISMATCH: 'Two volumes that must share a grid do not.',
  VOLUME_DATA_LENGTH: 'The voxel array length does not equal size[0]·size[1]·size[2]·components.',
  LABELMAP_INVALID: 'A label map has non-integer data or a segment table that does not match its labels.',
  INPUT_NOT_FOUND: 'A path given on the command line or to a reader does not exist.',
  INPUT_UNSUPPORTED_FORMAT: 'The input is not a format Medlens reads (DICOM, NIfTI, NRRD).',
  OUTPUT_UNSUPPORTED_FORMAT: 'The output file extension is not one Medlens writes.',
  USAGE_INVALID_ARGUMENT: 'A command-line argument or option value is invalid.',
  // dicom
  DICOM_NOT_DICOM: 'The file has neither a Part 10 preamble + DICM prefix nor a plausible raw dataset start.',
  DICOM_TRUNCATED: 'The file ends inside an element header or value.',
  DICOM_INVALID_LENGTH: 'An element declares a length that exceeds the file or is otherwise impossible.',
  DICOM_INVALID_VR: 'An explicit-VR element carries a VR that is not defined in PS3.5.',
  DICOM_INVALID_SEQUENCE: 'A sequence or item is malformed (missing delimiters, bad item tags).',
  DICOM_MISSING_ATTRIBUTE: 'A required attribute (e.g. Rows, BitsAllocated) is missing or empty.',
  DICOM_INVALID_ATTRIBUTE: 'An attribute value is present but not valid for its use.',
  DICOM_UNSUPPORTED_TRANSFER_SYNTAX: 'The transfer syntax is unknown or has no decoder.',
  DICOM_NO_PIXEL_DATA: 'Pixel data was requested from an instance that has none.',
  DICOM_PIXEL_DATA_CORRUPT: 'Pixel data is shorter than declared, or a codec failed to decode a frame.',
  DICOM_DEFLATE_FAILED: 'The deflated dataset could not be inflated.',
  DICOM_CHARSET_UNSUPPORTED: 'A Specific Character Set term is not recognised (decoded as ISO_IR 6 instead).',
  SERIES_EMPTY: 'No image instances were found to assemble into a volume.',
  SERIES_INCONSISTENT: 'Instances of one series differ in size, orientation or pixel format.',
  SERIES_MISSING_SLICES: 'Slice positions show gaps (missing slices).',
  SERIES_UNEVEN_SPACING: 'Slice spacing varies along the stack.',
  SERIES_GANTRY_TILT: 'Slice positions do not lie along the slice normal (gantry tilt / sheared stack).',
  SERIES_MIXED_ORIENTATION: 'Instances of one stack have different ImageOrientationPatient.',
  SERIES_DUPLICATE_POSITION: 'Two or more slices share one position.',
  SERIES_MISSING_GEOMETRY: 'ImagePositionPatient / ImageOrientationPatient / PixelSpacing are missing.',
  DUPLICATE_SOP_INSTANCE: 'Two files share one SOP Instance UID.',
  RTSTRUCT_INVALID: 'An RT Structure Set lacks contours, references or has malformed contour data.',
  RTSTRUCT_ROI_NOT_FOUND: 'The requested ROI name or number is not in the structure set.',
  RTSTRUCT_CONTOUR_OFF_PLANE: 'A contour lies off the slice planes of the reference grid by more than the tolerance (drawn on the nearest slice).',
  // formats
  NIFTI_INVALID_HEADER: 'The NIfTI header is malformed (sizeof_hdr, magic, dims, datatype).',
  NIFTI_UNSUPPORTED_DATATYPE: 'The NIfTI datatype is not supported.',
  NIFTI_TRUNCATED: 'The NIfTI file is shorter than its header declares.',
  NIFTI_UNSUPPORTED_LAYOUT: 'The NIfTI image has axes a 3D Volume cannot hold (time series dim[4] > 1, dim[6] or dim[7] > 1).',
  NRRD_INVALID_HEADER: 'The NRRD header is malformed or lacks a required field.',
  NRRD_UNSUPPORTED: 'The NRRD file uses a type, encoding or layout Medlens does not support.',
  NRRD_TRUNCATED: 'The NRRD data is shorter than its header declares.',
  GZIP_FAILED: 'A gzip stream could not be inflated.',
} as const;

/** A stable Medlens error code (`AREA_PROBLEM`). */
export type ErrorCode = keyof typeof ERROR_CODES;

/** True when `code` is a catalogued error code. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
