// Internal: validation shared by the intensity resampling kernels.
import { computeRange, MedlensError, type Volume, type VolumeGeometry } from '@medlens/core';
import { INTERPOLATIONS, type Interpolation } from './sample-grid.js';
import { assertRepresentable, invalidArgument, readChoice } from './volume-helpers.js';

/** Largest output the resampling kernels allocate (voxels × components). */
export const MAX_OUTPUT_VALUES = 2 ** 30;

/** Validated interpolation option (default 'linear'). */
export function readInterpolation(value: unknown): Interpolation {
  return readChoice(value, 'interpolation', Object.values(INTERPOLATIONS), 'linear');
}

/**
 * Fill value for points outside the input: the option when given (must be storable in the output
 * type), else the minimum of the input's non-NaN values (0 when there is none).
 */
export function resolveFill(volume: Volume, interpolation: Interpolation, fill: unknown): number {
  if (fill === undefined) {
    const { min } = computeRange(volume.data);
    return min === Infinity ? 0 : min;
  }
  if (typeof fill !== 'number') invalidArgument('fill', `expected a number, got ${JSON.stringify(fill)}`);
  if (interpolation === 'nearest') assertRepresentable(volume.data, fill, 'fill');
  return fill;
}

/** GEOMETRY_MISMATCH when both frames of reference are known and differ; never resample across frames silently. */
export function assertSameFrame(source: VolumeGeometry, target: VolumeGeometry): void {
  const a = source.frameOfReferenceUid;
  const b = target.frameOfReferenceUid;
  if (a !== undefined && b !== undefined && a !== b) {
    throw new MedlensError(
      'GEOMETRY_MISMATCH',
      `the volume is in frame of reference ${a} but the target grid is in ${b}; register the images first (positions in different frames are not comparable)`,
      { field: 'frameOfReferenceUid' },
    );
  }
}

/** Rejects outputs too large to allocate. */
export function assertOutputSize(target: VolumeGeometry, components: number, field: string): void {
  const values = target.size[0] * target.size[1] * target.size[2] * components;
  if (values > MAX_OUTPUT_VALUES) invalidArgument(field, `the output would have ${values} values (size ${target.size.join('×')}), more than the ${MAX_OUTPUT_VALUES} allowed`);
}
