export * from './error-codes.js';
export * from './medlens-error.js';
export * from './geometry.js';
export * from './volume.js';
export * from './label-map.js';
export * from './progress.js';
export * from './diagnostic.js';
export * from './error-docs.js';
