import type { Volume } from '@medlens/core';
import { erodeBinary, dilateBinary } from './binary-morphology-core.js';
import type { MorphologyOptions } from './binary-morphology-options.js';
import { createBallStructure } from './create-ball-structure.js';
import { maskVolume, toBinary } from './segmentation-common.js';

/**
 * Binary opening = dilation(erosion(mask)) with the same element (removes structures smaller than the element).
 * The element is the ellipsoid ball of {@link createBallStructure} (radiusMm in mm, converted with
 * geometry.spacing). Matches `scipy.ndimage.binary_opening(mask, structure)` with `structure` = that ball, border_value=0,
 * iterations=1, exactly. Input: non-zero = foreground. Returns a 0/1 Uint8 mask on the input grid.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (radiusMm, multi-component mask)
 */
export function binaryOpen(mask: Volume, options: MorphologyOptions): Volume<Uint8Array> {
  const ball = createBallStructure(mask.geometry.spacing, options?.radiusMm);
  const fg = toBinary(mask);
  const size = mask.geometry.size;
  return maskVolume(mask, dilateBinary(erodeBinary(fg, size, ball), size, ball));
}
