import { MedlensError, type Volume } from '@medlens/core';
import { maskVolume, requireScalar } from './segmentation-common.js';

/** Options of {@link thresholdVolume}: inclusive bounds in the volume's units; at least one. */
export interface ThresholdVolumeOptions {
  readonly lower?: number;
  readonly upper?: number;
}

/**
 * Binary threshold: mask = (lower ≤ v ≤ upper), bounds inclusive; a missing bound is unbounded.
 * Equivalent to numpy `(v >= lower) & (v <= upper)` as uint8. NaN voxels are never inside.
 * Returns a 0/1 Uint8 mask on the input grid.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (no bound, NaN bound, lower > upper, multi-component)
 */
export function thresholdVolume(volume: Volume, options: ThresholdVolumeOptions = {}): Volume<Uint8Array> {
  requireScalar(volume, 'volume');
  const { lower, upper } = options;
  if (lower === undefined && upper === undefined) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', 'give lower, upper or both', { field: 'lower' });
  }
  for (const [field, v] of [['lower', lower], ['upper', upper]] as const) {
    if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) {
      throw new MedlensError('USAGE_INVALID_ARGUMENT', `${field} must be a number, got ${String(v)}`, { field });
    }
  }
  const lo = lower ?? -Infinity;
  const hi = upper ?? Infinity;
  if (lo > hi) throw new MedlensError('USAGE_INVALID_ARGUMENT', `lower (${lo}) is above upper (${hi})`, { field: 'lower' });
  const src = volume.data;
  const out = new Uint8Array(src.length);
  for (let n = 0; n < src.length; n++) {
    const v = src[n]!;
    out[n] = v >= lo && v <= hi ? 1 : 0;
  }
  return maskVolume(volume, out);
}
