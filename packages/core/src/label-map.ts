import type { VolumeGeometry } from './geometry.js';
import { MedlensError } from './medlens-error.js';
import { createVolume, type Volume, type VolumeMeta } from './volume.js';

/** A coded concept (DICOM code sequence item). */
export interface CodedConcept {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
}

/** One segment of a label map. */
export interface Segment {
  /** Label value in the voxel data (≥ 1; 0 is background). */
  readonly label: number;
  readonly name: string;
  readonly category?: CodedConcept;
  readonly type?: CodedConcept;
  /** Display colour, RGB 0–255. */
  readonly color?: readonly [number, number, number];
}

/** A volume of small non-negative integers with a segment table. */
export interface LabelMap extends Volume<Uint8Array | Uint16Array> {
  readonly segments: readonly Segment[];
}

/**
 * Creates a label map. Every label in `segments` must be ≥ 1 and unique; every non-zero label in
 * the data must have a segment.
 * @throws MedlensError LABELMAP_INVALID, VOLUME_DATA_LENGTH
 */
export function createLabelMap(input: {
  geometry: VolumeGeometry;
  data: Uint8Array | Uint16Array;
  segments: readonly Segment[];
  meta?: VolumeMeta;
}): LabelMap {
  const seen = new Set<number>();
  for (const s of input.segments) {
    if (!Number.isInteger(s.label) || s.label < 1 || s.label > 65535) {
      throw new MedlensError('LABELMAP_INVALID', `segment "${s.name}" has label ${s.label}; labels are integers 1…65535`, { field: 'segments' });
    }
    if (seen.has(s.label)) {
      throw new MedlensError('LABELMAP_INVALID', `label ${s.label} appears twice in the segment table`, { field: 'segments' });
    }
    seen.add(s.label);
  }
  const data = input.data;
  for (let n = 0; n < data.length; n++) {
    const v = data[n]!;
    if (v !== 0 && !seen.has(v)) {
      throw new MedlensError('LABELMAP_INVALID', `voxel ${n} has label ${v}, which has no segment; add it to the segment table`, { field: 'data', offset: n });
    }
  }
  const volume = createVolume({ geometry: input.geometry, data, meta: { units: 'label', ...input.meta } });
  return Object.freeze({ ...volume, segments: Object.freeze([...input.segments]) });
}

/** Number of voxels with the given label. */
export function countLabel(labelMap: Pick<LabelMap, 'data'>, label: number): number {
  let n = 0;
  const d = labelMap.data;
  for (let i = 0; i < d.length; i++) if (d[i] === label) n++;
  return n;
}
