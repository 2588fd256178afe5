import type { Volume } from '@medlens/core';
import { remapAxes } from './remap-axes.js';
import { assertVolume, invalidArgument } from './volume-helpers.js';

/** Patient direction letters: the LPS axis (0 x, 1 y, 2 z) and sign each names. */
const LETTERS: Readonly<Record<string, readonly [number, 1 | -1]>> = {
  L: [0, 1],
  R: [0, -1],
  P: [1, 1],
  A: [1, -1],
  S: [2, 1],
  I: [2, -1],
};

const PERMUTATIONS = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
] as const;

/**
 * Re-indexes a volume so that index axes i, j, k point (as nearly as possible) towards the patient
 * directions of the 3-letter code, e.g. 'LPS' (DICOM: i → left, j → posterior, k → superior; the
 * identity direction), 'RAS' (NIfTI/nibabel), 'RAI', 'LIP'… The letters say where each axis points
 * TO, as nibabel's `aff2axcodes` and SimpleITK's `DICOMOrient`; ITK's legacy `SpatialOrientation`
 * enum names the opposite end (its RAI is 'LPS' here). For oblique grids each index axis is
 * assigned to the patient axis maximising Σ|cos| over the six permutations. Only flips and axis
 * permutations are applied (no interpolation): every voxel keeps its world position.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (field `orientation`: not three letters, one from each
 *   of L/R, P/A, S/I)
 */
export function reorientVolume(volume: Volume, orientation: string): Volume {
  assertVolume(volume);
  const code = typeof orientation === 'string' ? orientation.toUpperCase() : '';
  const wanted = [...code].map((ch) => LETTERS[ch]);
  if (code.length !== 3 || wanted.some((w) => w === undefined) || new Set(wanted.map((w) => w![0])).size !== 3) {
    invalidArgument('orientation', `expected three letters, one from each pair L/R, P/A, S/I (e.g. 'LPS', 'RAS'), got ${JSON.stringify(orientation)}`);
  }
  const d = volume.geometry.direction;
  // Best assignment old axis a → patient axis: maximise Σ |D[axis, a]|.
  let best: readonly number[] = PERMUTATIONS[0];
  let bestScore = -1;
  for (const p of PERMUTATIONS) {
    // p[a] = patient axis of old index axis a.
    const score = Math.abs(d[3 * 0 + p[0]]!) + Math.abs(d[3 * 1 + p[1]]!) + Math.abs(d[3 * 2 + p[2]]!);
    if (score > bestScore + 1e-12) {
      bestScore = score;
      best = p;
    }
  }
  const order: [number, number, number] = [0, 0, 0];
  const flip: [boolean, boolean, boolean] = [false, false, false];
  for (let c = 0; c < 3; c++) {
    const [patientAxis, sign] = wanted[c]!;
    const a = best.indexOf(patientAxis);
    order[c] = a;
    flip[c] = Math.sign(d[3 * a + patientAxis]!) !== sign;
  }
  return remapAxes(volume, order, flip);
}
