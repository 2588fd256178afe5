import { createGeometry, type Volume, type VolumeGeometry, type VoxelArray } from '@medlens/core';
import { indexToIndexAffine, resampleData } from './sample-grid.js';
import { assertOutputSize, assertSameFrame } from './resolve-fill.js';
import { allocateLike, assertVolume, buildResult, invalidArgument, isIntegerArray, readChoice, requireScalar } from './volume-helpers.js';

/** Label resampling methods, as an `as const` object and its union. */
export const LABEL_RESAMPLING_METHODS = { nearest: 'nearest', partialVolume: 'partial-volume' } as const;
export type LabelResamplingMethod = (typeof LABEL_RESAMPLING_METHODS)[keyof typeof LABEL_RESAMPLING_METHODS];

/** Options of {@link resampleLabels}. */
export interface ResampleLabelsOptions {
  /** Default 'nearest'. */
  readonly method?: LabelResamplingMethod;
  /** Minimum fraction for a label to win under 'partial-volume', in (0, 1]; default 0.5. */
  readonly threshold?: number;
}

const SNAP = 1e-7;

/**
 * Partial-volume label resampling: the fraction of label L at a target point is the trilinear
 * interpolation of L's indicator (map_coordinates order 1, mode 'nearest'), i.e. the sum of the
 * trilinear weights of the eight neighbours carrying L.
 */
function partialVolume(data: VoxelArray, size: readonly number[], target: VolumeGeometry, m: Float64Array, threshold: number, out: VoxelArray): void {
  const ni = size[0]!;
  const nj = size[1]!;
  const nk = size[2]!;
  const sj = ni;
  const sk = ni * nj;
  const labels = new Float64Array(8);
  const fractions = new Float64Array(8);
  const corners = new Float64Array(8);
  const offsets = new Int32Array(8);
  let n = 0;
  for (let k = 0; k < target.size[2]; k++) {
    for (let j = 0; j < target.size[1]; j++) {
      for (let i = 0; i < target.size[0]; i++, n++) {
        let x = m[0]! * i + m[1]! * j + m[2]! * k + m[3]!;
        let y = m[4]! * i + m[5]! * j + m[6]! * k + m[7]!;
        let z = m[8]! * i + m[9]! * j + m[10]! * k + m[11]!;
        if (!(x >= -0.5 - SNAP && x <= ni - 0.5 + SNAP && y >= -0.5 - SNAP && y <= nj - 0.5 + SNAP && z >= -0.5 - SNAP && z <= nk - 0.5 + SNAP)) {
          out[n] = 0;
          continue;
        }
        x = Math.min(ni - 1, Math.max(0, x));
        y = Math.min(nj - 1, Math.max(0, y));
        z = Math.min(nk - 1, Math.max(0, z));
        const x0 = ni > 1 ? Math.min(ni - 2, Math.floor(x)) : 0;
        const y0 = nj > 1 ? Math.min(nj - 2, Math.floor(y)) : 0;
        const z0 = nk > 1 ? Math.min(nk - 2, Math.floor(z)) : 0;
        const fx = x - x0;
        const fy = y - y0;
        const fz = z - z0;
        const base = x0 + sj * y0 + sk * z0;
        const dx = ni > 1 ? 1 : 0;
        const dy = nj > 1 ? sj : 0;
        const dz = nk > 1 ? sk : 0;
        offsets[0] = base;
        offsets[1] = base + dx;
        offsets[2] = base + dy;
        offsets[3] = base + dy + dx;
        offsets[4] = base + dz;
        offsets[5] = base + dz + dx;
        offsets[6] = base + dz + dy;
        offsets[7] = base + dz + dy + dx;
        corners[0] = (1 - fx) * (1 - fy) * (1 - fz);
        corners[1] = fx * (1 - fy) * (1 - fz);
        corners[2] = (1 - fx) * fy * (1 - fz);
        corners[3] = fx * fy * (1 - fz);
        corners[4] = (1 - fx) * (1 - fy) * fz;
        corners[5] = fx * (1 - fy) * fz;
        corners[6] = (1 - fx) * fy * fz;
        corners[7] = fx * fy * fz;
        let distinct = 0;
        for (let c = 0; c < 8; c++) {
          const label = data[offsets[c]!]!;
          if (label === 0 || corners[c] === 0) continue;
          let slot = 0;
          while (slot < distinct && labels[slot] !== label) slot++;
          if (slot === distinct) {
            labels[slot] = label;
            fractions[slot] = 0;
            distinct++;
          }
          fractions[slot]! += corners[c]!;
        }
        let winner = 0;
        let best = -1;
        for (let s = 0; s < distinct; s++) {
          const f = fractions[s]!;
          // Ties go to the smaller label value; 1e-12 absorbs rounding of the weight sums.
          if (f > best + 1e-12 || (Math.abs(f - best) <= 1e-12 && labels[s]! < winner)) {
            best = f;
            winner = labels[s]!;
          }
        }
        out[n] = best >= threshold - 1e-12 ? winner : 0;
      }
    }
  }
}

/**
 * Resamples a label map (integer voxel type, one component) onto `target`; points outside the
 * input domain ([−0.5, n − 0.5] per axis, as {@link resampleToReference}) get label 0.
 * - 'nearest' (default): `scipy.ndimage.map_coordinates(labels, coords, order=0, mode='nearest')`.
 * - 'partial-volume': each non-zero label's indicator is linearly interpolated (order 1, mode
 *   'nearest'); the label with the highest fraction wins when that fraction ≥ `threshold`, else 0
 *   (ties: the smaller label). Smoother boundaries than nearest when downsampling by small factors;
 *   thin structures below the threshold vanish.
 * Output: same voxel type and segment table as the input, target geometry.
 * @throws MedlensError GEOMETRY_MISMATCH (frames of reference differ), USAGE_INVALID_ARGUMENT (labels
 *   with a float type or several components, method, threshold), GEOMETRY_INVALID (target)
 */
export function resampleLabels(labels: Volume, target: VolumeGeometry, options: ResampleLabelsOptions = {}): Volume {
  assertVolume(labels, 'labels');
  requireScalar(labels);
  if (!isIntegerArray(labels.data)) invalidArgument('labels', 'label maps must have an integer voxel type; use resampleToReference for intensities');
  const method = readChoice(options.method, 'method', Object.values(LABEL_RESAMPLING_METHODS), 'nearest');
  const threshold = options.threshold ?? 0.5;
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) invalidArgument('threshold', `expected a number in (0, 1], got ${JSON.stringify(options.threshold)}`);
  const geometry = createGeometry({
    ...target,
    ...(target.frameOfReferenceUid === undefined && labels.geometry.frameOfReferenceUid !== undefined ? { frameOfReferenceUid: labels.geometry.frameOfReferenceUid } : {}),
  });
  assertSameFrame(labels.geometry, target);
  assertOutputSize(geometry, 1, 'target');
  if (method === 'nearest') return buildResult(labels, geometry, resampleData(labels, geometry, 'nearest', 0));
  const out = allocateLike(labels.data, geometry.size[0] * geometry.size[1] * geometry.size[2]);
  partialVolume(labels.data, labels.geometry.size, geometry, indexToIndexAffine(labels.geometry, geometry), threshold, out);
  return buildResult(labels, geometry, out);
}
