// Image processing kernels over Volume: pure functions, inputs never mutated, geometry updated with
// the data. See packages/kernels/README.md.
export * from './geometry/index.js';
export * from './segmentation/index.js';
export * from './filters/index.js';
