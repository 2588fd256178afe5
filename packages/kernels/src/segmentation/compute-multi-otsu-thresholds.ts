import { MedlensError, type Volume } from '@medlens/core';
import { selectSamples, skimageHistogram, validateBins } from './skimage-histogram.js';

/** Options of {@link computeMultiOtsuThresholds}. */
export interface MultiOtsuThresholdsOptions {
  /** Number of classes (default 3); returns classes − 1 thresholds. Integer 2…5. */
  readonly classes?: number;
  /** Number of histogram bins for float volumes (default 256); integer volumes use one bin per value. */
  readonly bins?: number;
  /** Only voxels where the mask is non-zero are histogrammed. */
  readonly mask?: Volume;
}

const f = Math.fround;
/** Most threshold sets the exhaustive search may visit (about 10 s). */
const MAX_COMBINATIONS = 2e8;

/**
 * Multi-level Otsu thresholds (Liao, Chen & Chung 2001): the bin centres t₀ < … < t_{c−2}
 * maximising Σ_classes S²/P over the histogram. Matches
 * `skimage.filters.threshold_multiotsu(image[mask], classes, nbins=bins)` (skimage 0.19)
 * exactly: same histogram as {@link computeOtsuThreshold}, probabilities and moment tables in
 * float32 (emulated with Math.fround), exhaustive search in lexicographic order keeping the first
 * strict maximum, and skimage's shortcut when the histogram has exactly `classes` non-empty bins.
 * Cost O(bins^(classes−1)); more than 2·10⁸ threshold sets (e.g. 4 classes over a 2,000-value
 * integer histogram) is refused rather than run for minutes. NaN/±Inf rejected. Units: the volume's.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (classes, bins, fewer distinct values than classes, NaN/Inf), GEOMETRY_MISMATCH (mask)
 */
export function computeMultiOtsuThresholds(volume: Volume, options: MultiOtsuThresholdsOptions = {}): number[] {
  const classes = options.classes ?? 3;
  if (typeof classes !== 'number' || !Number.isInteger(classes) || classes < 2 || classes > 5) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `classes must be an integer in 2…5, got ${String(classes)}`, { field: 'classes' });
  }
  const bins = validateBins(options.bins);
  const samples = selectSamples(volume, options.mask);
  const hist = skimageHistogram(samples, bins);
  const nb = hist.counts.length;
  const prob = new Float32Array(nb);
  let nonEmpty = 0;
  for (let b = 0; b < nb; b++) {
    prob[b] = hist.counts[b]! / samples.length;
    if (prob[b]! > 0) nonEmpty++;
  }
  if (nonEmpty < classes) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `the input has only ${nonEmpty} distinct histogram values; it cannot be split into ${classes} classes`, {
      field: 'classes',
    });
  }
  const count = classes - 1;
  // The search visits C(nb − 1, classes − 1) threshold sets; refuse inputs that would run for minutes.
  let combinations = 1;
  for (let c = 0; c < count; c++) combinations = (combinations * (nb - 1 - c)) / (c + 1);
  if (nonEmpty > classes && combinations > MAX_COMBINATIONS) {
    throw new MedlensError(
      'USAGE_INVALID_ARGUMENT',
      `${classes} classes over ${nb} histogram bins means ${combinations.toExponential(2)} threshold sets (limit ${MAX_COMBINATIONS.toExponential(0)}); use fewer classes, or a float volume with fewer bins`,
      { field: 'classes' },
    );
  }
  const thresholdIdx: number[] = [];
  if (nonEmpty === classes) {
    for (let b = 0; b < nb && thresholdIdx.length < count; b++) if (prob[b]! > 0) thresholdIdx.push(b);
  } else {
    thresholdIdx.push(...searchThresholds(prob, count));
  }
  return thresholdIdx.map((b) => hist.centers[b]!);
}

/** skimage _multiotsu: float32 moment tables and brute-force search over the LUT H(i, j). */
function searchThresholds(prob: Float32Array, count: number): number[] {
  const nb = prob.length;
  const zeroth = new Float32Array(nb);
  const first = new Float32Array(nb);
  zeroth[0] = prob[0]!;
  first[0] = prob[0]!;
  for (let i = 1; i < nb; i++) {
    zeroth[i] = zeroth[i - 1]! + prob[i]!;
    first[i] = first[i - 1]! + f(i * prob[i]!);
  }
  // H(i, j): variance term of the class [i, j]; H(0, 0) is never set by skimage (stays 0).
  const h = (i: number, j: number): number => {
    if (i === 0) {
      if (j === 0) return 0;
      const z = zeroth[j]!;
      return z > 0 ? f(f(first[j]! * first[j]!) / z) : 0;
    }
    const z = f(zeroth[j]! - zeroth[i - 1]!);
    if (!(z > 0)) return 0;
    const s = f(first[j]! - first[i - 1]!);
    return f(f(s * s) / z);
  };
  // Precompute the LUT rows needed (all i ≤ j), as skimage does, when it fits in 64 MiB.
  const lutSize = (nb * (nb + 1)) / 2;
  let lookup = h;
  if (lutSize <= 1 << 24) {
    const lut = new Float32Array(lutSize);
    let idx = 0;
    for (let i = 0; i < nb; i++) for (let j = i; j < nb; j++) lut[idx++] = h(i, j);
    lookup = (i: number, j: number): number => lut[(i * (2 * nb - i + 1)) / 2 + j - i]!;
  }
  const current = new Int32Array(count);
  let best: number[] = [];
  let sigmaMax = 0;
  const recurse = (histIdx: number, t: number): void => {
    if (t < count) {
      for (let idx = histIdx; idx < nb - count + t; idx++) {
        current[t] = idx;
        recurse(idx + 1, t + 1);
      }
      return;
    }
    let sigma = f(lookup(0, current[0]!) + lookup(current[count - 1]! + 1, nb - 1));
    for (let k = 0; k < count - 1; k++) sigma = f(sigma + lookup(current[k]! + 1, current[k + 1]!));
    if (sigma > sigmaMax) {
      sigmaMax = sigma;
      best = Array.from(current);
    }
  };
  recurse(0, 0);
  if (best.length === 0) best = Array.from({ length: count }, (_, k) => k);
  return best;
}
