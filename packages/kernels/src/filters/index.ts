// Smoothing filters (scipy.ndimage-compatible boundary modes and kernels).
export { BOUNDARY_MODES, MAX_FILTER_RADIUS, type BoundaryMode } from './filter-options.js';
export { gaussianFilter, gaussianHalfKernel, type GaussianFilterOptions } from './gaussian-filter.js';
export { meanFilter, type MeanFilterOptions } from './mean-filter.js';
export { medianFilter, type MedianFilterOptions } from './median-filter.js';
