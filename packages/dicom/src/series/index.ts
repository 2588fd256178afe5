export * from './instance-header.js';
export * from './scan-dicom-paths.js';
export * from './group-series.js';
export * from './determine-slice-layout.js';
export * from './determine-stack-layout.js';
export * from './determine-value-mapping.js';
export * from './resample-slices.js';
export * from './assemble-volume.js';
