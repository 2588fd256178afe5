// Geometry kernels: distance transform, resampling, and index-space re-gridding (crop, pad, flip,
// permute, reorient). Every kernel returns a new Volume whose geometry matches its data.
export { computeDistanceTransform, type DistanceTransformOptions } from './compute-distance-transform.js';
export { resampleToSpacing, computeResampledGeometry, RESAMPLE_GRIDS, type ResampleGrid, type ResampleToSpacingOptions } from './resample-to-spacing.js';
export { resampleToReference, type ResampleToReferenceOptions } from './resample-to-reference.js';
export { resampleLabels, LABEL_RESAMPLING_METHODS, type LabelResamplingMethod, type ResampleLabelsOptions } from './resample-labels.js';
export { INTERPOLATIONS, type Interpolation } from './sample-grid.js';
export { cropVolume, type CropVolumeOptions } from './crop-volume.js';
export { padVolume, type PadVolumeOptions } from './pad-volume.js';
export { flipVolume, type IndexAxis } from './flip-volume.js';
export { permuteAxes } from './permute-axes.js';
export { reorientVolume } from './reorient-volume.js';
