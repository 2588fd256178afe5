import { createVolume, type Volume } from '@medlens/core';
import { backwardNeighbours, toBinary, validateConnectivity, voxelVolumeMm3, type Connectivity } from './segmentation-common.js';

/** Options of {@link labelConnectedComponents}. */
export interface LabelConnectedComponentsOptions {
  /** 6 (faces), 18 (+ edges) or 26 (+ corners, default). */
  readonly connectivity?: Connectivity;
}

/** Result of {@link labelConnectedComponents}. */
export interface LabelConnectedComponentsResult {
  /** Labels 1…count on the input grid (0 = background), Uint16 when count ≤ 65535 else Uint32. */
  readonly labels: Volume<Uint16Array | Uint32Array>;
  readonly count: number;
  /** Voxels per component; entry c − 1 is label c (non-increasing). */
  readonly sizesVoxels: readonly number[];
  /** Volume per component in mm³ (voxels · sx·sy·sz). */
  readonly sizesMm3: readonly number[];
}

/**
 * Connected-component labelling of a mask (non-zero = foreground) by two-pass union-find.
 * Labels are ordered by size: largest = 1; ties by the component's first voxel in memory order
 * (i fastest). The partition equals `scipy.ndimage.label(mask, generate_binary_structure(3, r))`
 * with r = 1, 2, 3 for connectivity 6, 18, 26 (scipy numbers in scan order; compare after relabelling).
 * @throws MedlensError USAGE_INVALID_ARGUMENT (connectivity, multi-component mask)
 */
export function labelConnectedComponents(mask: Volume, options: LabelConnectedComponentsOptions = {}): LabelConnectedComponentsResult {
  const connectivity = validateConnectivity(options.connectivity, 26);
  const fg = toBinary(mask);
  const [nx, ny, nz] = mask.geometry.size;
  const sxy = nx * ny;
  const full = backwardNeighbours(connectivity);
  // When the voxel at i − 1 is foreground, every backward neighbour that is also a backward
  // neighbour of i − 1 is already in its set: only the rest need a look.
  const fullKeys = new Set<string>();
  for (let q = 0; q < full.length; q += 3) fullKeys.add(`${full[q]},${full[q + 1]},${full[q + 2]}`);
  const rest: number[] = [];
  for (let q = 0; q < full.length; q += 3) {
    const [di, dj, dk] = [full[q]!, full[q + 1]!, full[q + 2]!];
    if (di === -1 && dj === 0 && dk === 0) continue;
    if (!fullKeys.has(`${di + 1},${dj},${dk}`)) rest.push(di, dj, dk);
  }
  const reduced = Int32Array.from(rest);
  const prov = new Int32Array(fg.length); // provisional label per voxel, 0 = background
  let parent = new Int32Array(1024);
  let provSize = new Float64Array(1024); // voxels per provisional label
  let next = 1;
  const find = (a: number): number => {
    let r = a;
    while (parent[r]! !== r) r = parent[r]!;
    while (parent[a]! !== r) {
      const p = parent[a]!;
      parent[a] = r;
      a = p;
    }
    return r;
  };
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = j * nx + k * sxy;
      for (let i = 0; i < nx; i++) {
        const p = row + i;
        if (fg[p] === 0) continue;
        let label = 0;
        let nbr = full;
        if (i > 0 && fg[p - 1] === 1) {
          const l = prov[p - 1]!;
          label = parent[l] === l ? l : find(l);
          nbr = reduced;
        }
        for (let q = 0; q < nbr.length; q += 3) {
          const ii = i + nbr[q]!;
          const jj = j + nbr[q + 1]!;
          const dk = nbr[q + 2]!;
          if (ii < 0 || ii >= nx || jj < 0 || jj >= ny || k + dk < 0) continue;
          const l = prov[ii + jj * nx + (k + dk) * sxy]!;
          if (l === 0) continue;
          const a = parent[l] === l ? l : find(l);
          if (label === 0) {
            label = a;
          } else if (a !== label) {
            // Keep the smaller provisional label as root: it holds the first voxel in memory order.
            if (a < label) {
              parent[label] = a;
              label = a;
            } else {
              parent[a] = label;
            }
          }
        }
        if (label === 0) {
          if (next >= parent.length) {
            const grown = new Int32Array(parent.length * 2);
            grown.set(parent);
            parent = grown;
            const grownSize = new Float64Array(grown.length);
            grownSize.set(provSize);
            provSize = grownSize;
          }
          parent[next] = next;
          label = next++;
        }
        prov[p] = label;
        provSize[label]! += 1;
      }
    }
  }
  // Resolve roots, count sizes per root.
  const rootSize = new Float64Array(next);
  for (let l = 1; l < next; l++) {
    parent[l] = find(l);
    rootSize[parent[l]!]! += provSize[l]!;
  }
  const roots: number[] = [];
  for (let l = 1; l < next; l++) if (parent[l] === l) roots.push(l);
  // Roots are the smallest provisional label of their component, so root order = first-voxel order.
  roots.sort((a, b) => rootSize[b]! - rootSize[a]! || a - b);
  const finalOf = new Int32Array(next);
  roots.forEach((r, idx) => {
    finalOf[r] = idx + 1;
  });
  for (let l = 1; l < next; l++) finalOf[l] = finalOf[parent[l]!]!; // roots map to themselves first
  const count = roots.length;
  const out = count <= 65535 ? new Uint16Array(prov.length) : new Uint32Array(prov.length);
  for (let p = 0; p < prov.length; p++) out[p] = finalOf[prov[p]!]!; // finalOf[0] = 0: background
  const vox = voxelVolumeMm3(mask);
  const sizesVoxels = roots.map((r) => rootSize[r]!);
  return {
    labels: createVolume({ geometry: mask.geometry, data: out, meta: { ...mask.meta, units: 'label' } }),
    count,
    sizesVoxels,
    sizesMm3: sizesVoxels.map((s) => s * vox),
  };
}
