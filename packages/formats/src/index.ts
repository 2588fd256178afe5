export * from './read-nifti.js';
export * from './write-nifti.js';
export * from './read-nrrd.js';
export * from './write-nrrd.js';
export { NIFTI_DATATYPES, type NiftiDatatype } from './nifti-header.js';
export { NIFTI_XFORM } from './nifti-geometry.js';
export { DEFAULT_COMPRESSION_LEVEL, isGzip } from './gzip.js';
