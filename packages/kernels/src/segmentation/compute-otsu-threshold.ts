import type { Volume } from '@medlens/core';
import { selectSamples, skimageHistogram, validateBins } from './skimage-histogram.js';

/** Options of {@link computeOtsuThreshold}. */
export interface OtsuThresholdOptions {
  /** Number of histogram bins for float volumes (default 256); integer volumes use one bin per value, as skimage. */
  readonly bins?: number;
  /** Only voxels where the mask is non-zero are histogrammed (same grid as `volume`). */
  readonly mask?: Volume;
}

/**
 * Otsu's threshold: the bin centre t maximising the between-class variance
 * w₁(t)·w₂(t)·(μ₁(t) − μ₂(t))² over the histogram, first maximum on ties. Voxels > t are
 * foreground. Matches `skimage.filters.threshold_otsu(image[mask], nbins=bins)` (skimage 0.19)
 * exactly, histogram included: float32/float64 volumes use `bins` equal bins over [min, max]
 * with numpy.histogram edges; integer volumes one bin per integer value (`bins` ignored). A
 * constant input returns its value. Units: the volume's.
 * NaN/±Inf are rejected (skimage raises on them too).
 * @throws MedlensError USAGE_INVALID_ARGUMENT (bins, empty mask, NaN/Inf, multi-component), GEOMETRY_MISMATCH (mask)
 */
export function computeOtsuThreshold(volume: Volume, options: OtsuThresholdOptions = {}): number {
  const bins = validateBins(options.bins);
  const hist = skimageHistogram(selectSamples(volume, options.mask), bins);
  if (hist.constant) return hist.first;
  const { counts, centers } = hist;
  const nb = counts.length;
  // Same float64 operation order as skimage: cumulative sums from both ends.
  const weight1 = new Float64Array(nb);
  const weight2 = new Float64Array(nb);
  const mean1 = new Float64Array(nb);
  const mean2 = new Float64Array(nb);
  let w = 0;
  let m = 0;
  for (let b = 0; b < nb; b++) {
    w += counts[b]!;
    m += counts[b]! * centers[b]!;
    weight1[b] = w;
    mean1[b] = m / w;
  }
  w = 0;
  m = 0;
  for (let b = nb - 1; b >= 0; b--) {
    w += counts[b]!;
    m += counts[b]! * centers[b]!;
    weight2[b] = w;
    mean2[b] = m / w;
  }
  let best = -Infinity;
  let bestIdx = 0;
  for (let b = 0; b < nb - 1; b++) {
    const d = mean1[b]! - mean2[b + 1]!;
    const v = weight1[b]! * weight2[b + 1]! * (d * d);
    if (v > best) {
      best = v;
      bestIdx = b;
    }
  }
  return centers[bestIdx]!;
}
