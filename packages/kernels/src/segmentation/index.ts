// Classical segmentation kernels: thresholds, connected components, morphology, region growing.
export * from './compute-otsu-threshold.js';
export * from './compute-multi-otsu-thresholds.js';
export * from './threshold-volume.js';
export * from './label-connected-components.js';
export * from './keep-largest-component.js';
export * from './remove-small-components.js';
export * from './create-ball-structure.js';
export type { MorphologyOptions } from './binary-morphology-options.js';
export * from './binary-erode.js';
export * from './binary-dilate.js';
export * from './binary-open.js';
export * from './binary-close.js';
export * from './fill-holes.js';
export * from './grey-erode.js';
export * from './grey-dilate.js';
export * from './region-grow-connected-threshold.js';
export * from './region-grow-confidence-connected.js';
export type { Connectivity } from './segmentation-common.js';
