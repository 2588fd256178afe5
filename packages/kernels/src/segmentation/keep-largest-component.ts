import type { Volume } from '@medlens/core';
import { labelConnectedComponents } from './label-connected-components.js';
import { maskVolume, type Connectivity } from './segmentation-common.js';

/** Options of {@link keepLargestComponent}. */
export interface KeepLargestComponentOptions {
  /** 6, 18 or 26 (default 26). */
  readonly connectivity?: Connectivity;
}

/**
 * Keeps the largest connected component of a mask (ties: the one whose first voxel comes first in
 * memory order); an empty mask stays empty. Returns a 0/1 Uint8 mask on the input grid.
 * Equivalent to `labels == argmax(bincount(scipy.ndimage.label(mask, structure)[0])[1:]) + 1`.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (connectivity, multi-component mask)
 */
export function keepLargestComponent(mask: Volume, options: KeepLargestComponentOptions = {}): Volume<Uint8Array> {
  const { labels } = labelConnectedComponents(mask, options);
  const l = labels.data;
  const out = new Uint8Array(l.length);
  for (let p = 0; p < l.length; p++) out[p] = l[p] === 1 ? 1 : 0;
  return maskVolume(mask, out);
}
