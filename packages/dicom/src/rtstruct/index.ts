export * from './rasterize-rt-struct.js';
export * from './fill-polygon-crossings.js';
