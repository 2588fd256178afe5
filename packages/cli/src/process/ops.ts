import { createVolume, type Vec3 } from '@medlens/core';
import {
  BOUNDARY_MODES, INTERPOLATIONS, RESAMPLE_GRIDS, binaryClose, binaryDilate, binaryErode, binaryOpen, computeDistanceTransform,
  computeOtsuThreshold, cropVolume, fillHoles, flipVolume, gaussianFilter, greyDilate, greyErode, keepLargestComponent,
  labelConnectedComponents, meanFilter, medianFilter, padVolume, regionGrowConnectedThreshold, removeSmallComponents,
  reorientVolume, resampleToSpacing, thresholdVolume, type IndexAxis,
} from '@medlens/kernels';
import { UsageError } from '../exit-codes.js';
import type { ParamReader, ProcessOp } from './op-registry.js';

const CONNECTIVITIES = ['6', '18', '26'] as const;
const MODES = Object.values(BOUNDARY_MODES);
const INTERPOLATION_NAMES = Object.values(INTERPOLATIONS);
const GRIDS = Object.values(RESAMPLE_GRIDS);
const connectivity = (p: ParamReader): 6 | 18 | 26 => {
  const c = p.optionalNumber('connectivity') ?? 26;
  if (c !== 6 && c !== 18 && c !== 26) throw new UsageError(`--connectivity must be one of ${CONNECTIVITIES.join(', ')}, got ${c}`);
  return c;
};
/** --radius (voxels) or --radius-mm; defaults to radius 1. */
const radius = (p: ParamReader): { radius: number | Vec3 } | { radiusMm: number | Vec3 } =>
  p.has('radius-mm') ? { radiusMm: p.vector('radius-mm') } : { radius: p.vector('radius', 1) };
const mode = (p: ParamReader): (typeof MODES)[number] => p.string('mode', MODES, 'reflect');
const filterParams = { radius: 'half-width in voxels, n or x,y,z (default 1)', 'radius-mm': 'half-width in mm instead', mode: `boundary: ${MODES.join(' | ')} (default reflect)` };
const morphology = { 'radius-mm': 'radius of the ellipsoid structuring element in mm, n or x,y,z (required)' };
const ijk = (p: ParamReader, name: string, fallback?: number[]): [number, number, number] => p.vector3(name, fallback);

const ops: ProcessOp[] = [
  { name: 'gaussian', summary: 'Gaussian smoothing (= scipy.ndimage.gaussian_filter)', params: { 'sigma-mm': 'σ in mm, n or x,y,z (required)', truncate: 'kernel half-width in σ (default 4)', mode: filterParams.mode },
    run: (v, p) => gaussianFilter(v, { sigmaMm: p.vector('sigma-mm'), truncate: p.number('truncate', 4), mode: mode(p) }) },
  { name: 'mean', summary: 'box mean (= scipy.ndimage.uniform_filter)', params: filterParams, run: (v, p) => meanFilter(v, { ...radius(p), mode: mode(p) }) },
  { name: 'median', summary: 'median in a box (= scipy.ndimage.median_filter)', params: filterParams, run: (v, p) => medianFilter(v, { ...radius(p), mode: mode(p) }) },
  { name: 'threshold', summary: 'mask of lower ≤ value ≤ upper', params: { lower: 'inclusive lower bound', upper: 'inclusive upper bound' },
    run: (v, p) => {
      const lower = p.optionalNumber('lower');
      const upper = p.optionalNumber('upper');
      if (lower === undefined && upper === undefined) throw new UsageError('threshold: give --lower and/or --upper');
      return thresholdVolume(v, { ...(lower !== undefined ? { lower } : {}), ...(upper !== undefined ? { upper } : {}) });
    } },
  { name: 'otsu', summary: 'mask of value > Otsu threshold (= skimage threshold_otsu, 256 bins)', params: { bins: 'histogram bins (default 256)' },
    run: (v, p) => {
      const t = computeOtsuThreshold(v, { bins: p.number('bins', 256) });
      // skimage convention: foreground is strictly above the threshold.
      const mask = new Uint8Array(v.data.length);
      for (let n = 0; n < mask.length; n++) mask[n] = v.data[n]! > t ? 1 : 0;
      return createVolume({ geometry: v.geometry, data: mask, meta: { ...v.meta, units: 'label' } });
    } },
  { name: 'connected-components', summary: 'labels of the mask components, ordered by size (largest 1)', params: { connectivity: '6 | 18 | 26 (default 26)' },
    run: (v, p) => labelConnectedComponents(v, { connectivity: connectivity(p) }).labels },
  { name: 'keep-largest-component', summary: 'the largest component of the mask', params: { connectivity: '6 | 18 | 26 (default 26)' },
    run: (v, p) => keepLargestComponent(v, { connectivity: connectivity(p) }) },
  { name: 'remove-small-components', summary: 'drop components below a size', params: { 'min-voxels': 'minimum size in voxels', 'min-volume-mm3': 'minimum size in mm³', connectivity: '6 | 18 | 26 (default 26)' },
    run: (v, p) => {
      const size = p.has('min-volume-mm3') ? { minVolumeMm3: p.number('min-volume-mm3') } : { minVoxels: p.number('min-voxels') };
      return removeSmallComponents(v, { ...size, connectivity: connectivity(p) });
    } },
  { name: 'erode', summary: 'binary erosion (= scipy binary_erosion, ellipsoid in mm)', params: morphology, run: (v, p) => binaryErode(v, { radiusMm: p.vector('radius-mm') }) },
  { name: 'dilate', summary: 'binary dilation', params: morphology, run: (v, p) => binaryDilate(v, { radiusMm: p.vector('radius-mm') }) },
  { name: 'open', summary: 'binary opening', params: morphology, run: (v, p) => binaryOpen(v, { radiusMm: p.vector('radius-mm') }) },
  { name: 'close', summary: 'binary closing', params: morphology, run: (v, p) => binaryClose(v, { radiusMm: p.vector('radius-mm') }) },
  { name: 'grey-erode', summary: 'grey-level erosion (= scipy grey_erosion)', params: morphology, run: (v, p) => greyErode(v, { radiusMm: p.vector('radius-mm') }) },
  { name: 'grey-dilate', summary: 'grey-level dilation (= scipy grey_dilation)', params: morphology, run: (v, p) => greyDilate(v, { radiusMm: p.vector('radius-mm') }) },
  { name: 'fill-holes', summary: 'fill cavities not connected to the border (= scipy binary_fill_holes)', params: {}, run: (v) => fillHoles(v) },
  { name: 'region-grow', summary: 'connected threshold region growing from a seed', params: { 'seed-lps': 'seed in LPS mm, x,y,z (required)', lower: 'inclusive lower bound (required)', upper: 'inclusive upper bound (required)', connectivity: '6 | 18 | 26 (default 6)' },
    run: (v, p) => regionGrowConnectedThreshold(v, { seedsWorld: [p.vector3('seed-lps')], lower: p.number('lower'), upper: p.number('upper'), connectivity: (p.optionalNumber('connectivity') ?? 6) as 6 | 18 | 26 }) },
  { name: 'distance-transform', summary: 'Euclidean distance in mm inside the mask to the nearest outside voxel', params: { signed: 'negative inside, positive outside' },
    run: (v, p) => computeDistanceTransform(v, { signed: p.flag('signed') }) },
  { name: 'resample', summary: 'resample to a voxel spacing', params: { 'spacing-mm': 'x,y,z or one value (required)', interpolation: `${INTERPOLATION_NAMES.join(' | ')} (default linear)`, grid: `${GRIDS.join(' | ')} (default origin-aligned)` },
    run: (v, p) => resampleToSpacing(v, { spacingMm: p.vector3('spacing-mm'), interpolation: p.string('interpolation', INTERPOLATION_NAMES, 'linear'), grid: p.string('grid', GRIDS, 'origin-aligned') }) },
  { name: 'crop', summary: 'crop to an index box', params: { start: 'i,j,k of the first voxel kept (required)', size: 'i,j,k voxels kept (required)' },
    run: (v, p) => cropVolume(v, { start: ijk(p, 'start'), size: ijk(p, 'size') }) },
  { name: 'pad', summary: 'pad with a constant', params: { before: 'voxels before, n or i,j,k', after: 'voxels after, n or i,j,k', value: 'fill value (default 0)' },
    run: (v, p) => padVolume(v, { before: ijk(p, 'before', [0, 0, 0]), after: ijk(p, 'after', [0, 0, 0]), value: p.number('value', 0) }) },
  { name: 'flip', summary: 'flip index axes (world positions of voxels unchanged)', params: { axes: 'any of i, j, k, e.g. ij (required)' },
    run: (v, p) => {
      const axes = p.string('axes', ['i', 'j', 'k', 'ij', 'ik', 'jk', 'ijk'] as const);
      return flipVolume(v, [...axes] as IndexAxis[]);
    } },
  { name: 'reorient', summary: 'reorder/flip axes to an orientation code such as LPS or RAS', params: { orientation: 'three letters, e.g. LPS, RAS, LAS (required)' },
    run: (v, p) => {
      const o = p.string('orientation', ORIENTATION_CODES);
      return reorientVolume(v, o);
    } },
];

/** Every valid three-letter orientation code (one of L/R, P/A, S/I each, in any order). */
const ORIENTATION_CODES: readonly string[] = (() => {
  const out: string[] = [];
  const pairs = [['L', 'R'], ['P', 'A'], ['S', 'I']] as const;
  for (const [a, b, c] of [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] as const) {
    for (const x of pairs[a]) for (const y of pairs[b]) for (const z of pairs[c]) out.push(x + y + z);
  }
  return out;
})();

/** The `medlens process` operations by kebab-case name (DESIGN.md). */
export const PROCESS_OPS: ReadonlyMap<string, ProcessOp> = new Map(ops.map((o) => [o.name, o]));
