import { MedlensError, createGeometry, cross, dot, type Diagnostic, type Mat3, type Vec3, type VolumeGeometry } from '@medlens/core';
import type { Orientation } from './instance-header.js';

/** What to do with two slices at one position. */
export type DuplicatePolicy = 'reject' | 'keep-first';
/** What to do with gaps / uneven steps and with gantry tilt. */
export type GeometryPolicy = 'accept' | 'reject' | 'resample';

/** The geometry-relevant attributes of one slice (frame). */
export interface SliceEntry {
  readonly position?: Vec3;
  readonly orientation?: Orientation;
  /** [between rows, between columns] mm. */
  readonly pixelSpacing?: readonly [number, number];
  readonly sliceThickness?: number;
  readonly spacingBetweenSlices?: number;
  readonly instanceNumber?: number;
  /** For messages (file path, frame). */
  readonly label: string;
}

/** How source slices map onto the output grid when resampling along k. */
export interface ResamplePlan {
  /** Per kept slice (k order): its distance along the normal from the output origin plane, mm. */
  readonly planeOffsets: readonly number[];
  /** Per kept slice: in-plane offset of the output grid relative to the slice, in pixels [i, j]. */
  readonly shifts: readonly (readonly [number, number])[];
}

/** Result of {@link determineSliceLayout}. */
export interface SliceLayout {
  /** Indices into the entries, in k order; dropped duplicates are absent. */
  readonly order: readonly number[];
  /** The output grid. */
  readonly geometry: VolumeGeometry;
  /** Present when the slices must be resampled onto `geometry` (otherwise slice m is plane k=m). */
  readonly resample?: ResamplePlan;
  readonly diagnostics: readonly Diagnostic[];
}

/** Options of {@link determineSliceLayout}. */
export interface SliceLayoutOptions {
  onDuplicate?: DuplicatePolicy;
  onUneven?: GeometryPolicy;
  onTilt?: GeometryPolicy;
  frameOfReferenceUid?: string;
}

/** Two slices closer than this along the normal (mm) share a position (DS values carry ≥ 3 decimals). */
export const DUPLICATE_TOLERANCE_MM = 0.01;
/**
 * A step deviates from the median step when it differs by more than max(0.01 mm, 1 % of the step):
 * 0.01 mm absorbs DS rounding of positions, 1 % keeps a long stack within a tenth of a voxel of
 * its true position over ~10 slices, the error dcm2niix and ITK also tolerate.
 */
export const UNEVEN_ABSOLUTE_MM = 0.01;
export const UNEVEN_RELATIVE = 0.01;
/**
 * Slices whose positions leave the normal line through the first slice by more than
 * max(0.01 mm, 5 % of the smallest pixel spacing) are tilted: smaller shifts are DS rounding of
 * oblique positions and move no voxel measurably.
 */
export const TILT_ABSOLUTE_MM = 0.01;
export const TILT_RELATIVE_TO_PIXEL = 0.05;
/** Row/column cosines must be unit and orthogonal within this to be used (then re-orthonormalised). */
const ORIENTATION_TOLERANCE = 1e-3;

function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}
function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}
function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Orthonormal [row, column, normal] from ImageOrientationPatient (Gram–Schmidt on small noise).
 * @throws MedlensError DICOM_INVALID_ATTRIBUTE when the cosines are far from unit/orthogonal
 */
export function orientationFrame(iop: Orientation, label: string): { row: Vec3; col: Vec3; normal: Vec3 } {
  const r0: Vec3 = [iop[0], iop[1], iop[2]];
  const c0: Vec3 = [iop[3], iop[4], iop[5]];
  const nr = norm(r0);
  const nc = norm(c0);
  const rc = dot(r0, c0) / (nr * nc);
  if (Math.abs(nr - 1) > ORIENTATION_TOLERANCE || Math.abs(nc - 1) > ORIENTATION_TOLERANCE || Math.abs(rc) > ORIENTATION_TOLERANCE) {
    throw new MedlensError('DICOM_INVALID_ATTRIBUTE', `ImageOrientationPatient ${iop.join('\\')} is not two orthogonal unit vectors (${label})`, {
      tag: '(0020,0037)',
    });
  }
  const row = scale(r0, 1 / nr);
  const cTmp = sub(scale(c0, 1 / nc), scale(row, dot(row, scale(c0, 1 / nc))));
  const col = scale(cTmp, 1 / norm(cTmp));
  return { row, col, normal: cross(row, col) };
}

function makeGeometry(origin: Vec3, row: Vec3, col: Vec3, normal: Vec3, spacing: Vec3, size: Vec3, frameOfReferenceUid?: string): VolumeGeometry {
  const direction = [...row, ...col, ...normal] as unknown as Mat3;
  return createGeometry({ size, spacing, origin, direction, ...(frameOfReferenceUid !== undefined ? { frameOfReferenceUid } : {}) });
}

function indexGeometryLayout(entries: readonly SliceEntry[], columns: number, rows: number, options: SliceLayoutOptions): SliceLayout {
  // Order by InstanceNumber (the only order left), ties by input order.
  const order = entries.map((_, n) => n).sort((a, b) => (entries[a]!.instanceNumber ?? a) - (entries[b]!.instanceNumber ?? b) || a - b);
  const first = entries[order[0]!]!;
  const frame = first.orientation ? orientationFrame(first.orientation, first.label) : { row: [1, 0, 0] as Vec3, col: [0, 1, 0] as Vec3, normal: [0, 0, 1] as Vec3 };
  const ps = first.pixelSpacing ?? [1, 1];
  const sk = first.spacingBetweenSlices ?? first.sliceThickness ?? 1;
  const geometry = makeGeometry(first.position ?? [0, 0, 0], frame.row, frame.col, frame.normal, [ps[1], ps[0], sk > 0 ? sk : 1], [columns, rows, entries.length], options.frameOfReferenceUid);
  const missing = [first.position ? undefined : 'ImagePositionPatient', first.orientation ? undefined : 'ImageOrientationPatient', first.pixelSpacing ? undefined : 'PixelSpacing']
    .filter((x) => x !== undefined)
    .join(', ');
  const message =
    entries.length === 1
      ? `single image without full geometry${missing ? ` (missing ${missing})` : ''}: index geometry used (spacing ${geometry.spacing.map((s) => s.toFixed(3)).join('×')} mm)`
      : `${entries.length} frames without per-frame positions: stacked in InstanceNumber/frame order with index geometry along k (spacing ${sk} mm from ${first.spacingBetweenSlices !== undefined ? 'SpacingBetweenSlices' : first.sliceThickness !== undefined ? 'SliceThickness' : 'default 1'}); positions are not patient coordinates`;
  return { order, geometry, diagnostics: [{ code: 'SERIES_MISSING_GEOMETRY', severity: 'warning', message }] };
}

/**
 * Orders slices and derives the output grid from their geometry (a pure function; no pixels).
 *
 * - Order: by ImagePositionPatient projected on n = row × column (from ImageOrientationPatient),
 *   ascending, so k runs along +n and the grid is right-handed. InstanceNumber is not used.
 * - k spacing: the median of the steps between consecutive positions (SliceThickness is ignored).
 * - Duplicates (steps < {@link DUPLICATE_TOLERANCE_MM}): 'reject' (default) throws, 'keep-first'
 *   keeps the earliest entry and reports SERIES_DUPLICATE_POSITION.
 * - Gaps (a step ≈ r·median, r ≥ 2): SERIES_MISSING_SLICES; other deviations: SERIES_UNEVEN_SPACING.
 *   'accept' (default) stacks the slices at the median spacing, 'reject' throws, 'resample' builds a
 *   regular grid at the median spacing from the first to the last position.
 * - Tilt (positions off the normal line through the first slice): SERIES_GANTRY_TILT. VolumeGeometry
 *   is orthonormal, so 'accept' (default) keeps k = n (each slice is then displaced in-plane by the
 *   reported shift), 'reject' throws, 'resample' builds an orthogonal grid whose slice k lies on the
 *   plane at k·spacing along n, interpolated (bilinear in-plane, linear along the stack).
 * - Missing IPP/IOP on any slice: index geometry in InstanceNumber order + SERIES_MISSING_GEOMETRY.
 * @throws MedlensError SERIES_EMPTY, SERIES_MIXED_ORIENTATION, SERIES_DUPLICATE_POSITION, SERIES_UNEVEN_SPACING, SERIES_MISSING_SLICES, SERIES_GANTRY_TILT, DICOM_INVALID_ATTRIBUTE
 */
export function determineSliceLayout(entries: readonly SliceEntry[], columns: number, rows: number, options: SliceLayoutOptions = {}): SliceLayout {
  if (entries.length === 0) throw new MedlensError('SERIES_EMPTY', 'no slices to assemble');
  if (entries.some((e) => e.position === undefined || e.orientation === undefined)) return indexGeometryLayout(entries, columns, rows, options);
  const diagnostics: Diagnostic[] = [];
  const first = entries[0]!;
  const iop0 = first.orientation!;
  for (const e of entries) {
    if (!e.orientation!.every((v, i) => Math.abs(v - iop0[i]!) <= 1e-4)) {
      throw new MedlensError('SERIES_MIXED_ORIENTATION', `slices have different ImageOrientationPatient (${first.label}: ${iop0.join('\\')}; ${e.label}: ${e.orientation!.join('\\')}); assemble one stack per orientation (groupSeries splits them)`, { tag: '(0020,0037)', path: e.label });
    }
  }
  const { row, col, normal } = orientationFrame(iop0, first.label);
  const ps = first.pixelSpacing;
  let pixelSpacing: readonly [number, number] = ps ?? [1, 1];
  if (!ps) diagnostics.push({ code: 'SERIES_MISSING_GEOMETRY', severity: 'warning', message: 'PixelSpacing (0028,0030) absent: 1 mm assumed in-plane', tag: '(0028,0030)' });
  pixelSpacing = [pixelSpacing[0], pixelSpacing[1]];
  const d = entries.map((e) => dot(e.position!, normal));
  const sorted = entries.map((_, n) => n).sort((a, b) => d[a]! - d[b]! || a - b);
  // Duplicates: consecutive (in position order) entries closer than the tolerance.
  const order: number[] = [];
  const dropped: string[] = [];
  for (const n of sorted) {
    const last = order[order.length - 1];
    if (last !== undefined && Math.abs(d[n]! - d[last]!) < DUPLICATE_TOLERANCE_MM) {
      if ((options.onDuplicate ?? 'reject') === 'reject') {
        throw new MedlensError('SERIES_DUPLICATE_POSITION', `${entries[last]!.label} and ${entries[n]!.label} are at the same position (${d[n]!.toFixed(3)} mm along the normal); pass onDuplicate 'keep-first' to keep one`, { path: entries[n]!.label });
      }
      // keep-first: the entry earliest in input order wins.
      if (n < last) {
        order[order.length - 1] = n;
        dropped.push(entries[last]!.label);
      } else dropped.push(entries[n]!.label);
      continue;
    }
    order.push(n);
  }
  if (dropped.length > 0) {
    diagnostics.push({ code: 'SERIES_DUPLICATE_POSITION', severity: 'warning', message: `${dropped.length} slice(s) at an already occupied position dropped (kept the first): ${dropped.slice(0, 5).join(', ')}${dropped.length > 5 ? ' …' : ''}` });
  }
  const origin = entries[order[0]!]!.position!;
  const offsets = order.map((n) => d[n]! - d[order[0]!]!);
  const steps = offsets.slice(1).map((o, m) => o - offsets[m]!);
  const minPixel = Math.min(pixelSpacing[0], pixelSpacing[1]);
  // Single slice: no step to measure; SliceThickness is the slab the pixel values represent.
  const spacingK = steps.length > 0 ? median(steps) : (first.sliceThickness ?? first.spacingBetweenSlices ?? 1) || 1;
  // Gaps and uneven steps.
  const tol = Math.max(UNEVEN_ABSOLUTE_MM, UNEVEN_RELATIVE * spacingK);
  let gaps = 0;
  let missingSlices = 0;
  let uneven = 0;
  let worst = 0;
  steps.forEach((s) => {
    const r = Math.round(s / spacingK);
    if (r >= 2 && Math.abs(s - r * spacingK) <= tol * r) {
      gaps++;
      missingSlices += r - 1;
    } else if (Math.abs(s - spacingK) > tol) {
      uneven++;
      worst = Math.max(worst, Math.abs(s - spacingK));
    }
  });
  const unevenPolicy = options.onUneven ?? 'accept';
  if (gaps > 0) {
    const msg = `${missingSlices} slice(s) missing in ${gaps} gap(s) (median step ${spacingK.toFixed(3)} mm)`;
    if (unevenPolicy === 'reject') throw new MedlensError('SERIES_MISSING_SLICES', `${msg}; pass onUneven 'accept' or 'resample'`);
    diagnostics.push({ code: 'SERIES_MISSING_SLICES', severity: 'warning', message: `${msg}; ${unevenPolicy === 'resample' ? 'gaps interpolated onto a regular grid' : 'slices stacked at the median step, positions after a gap are off'}` });
  }
  if (uneven > 0) {
    const msg = `${uneven} of ${steps.length} slice steps differ from the median ${spacingK.toFixed(4)} mm by more than ${tol.toFixed(4)} mm (worst ${worst.toFixed(4)} mm)`;
    if (unevenPolicy === 'reject') throw new MedlensError('SERIES_UNEVEN_SPACING', `${msg}; pass onUneven 'accept' or 'resample'`);
    diagnostics.push({ code: 'SERIES_UNEVEN_SPACING', severity: 'warning', message: `${msg}; ${unevenPolicy === 'resample' ? 'resampled onto a regular grid (linear)' : 'slices stacked at the median step'}` });
  }
  // Tilt: distance of each position from the normal line through the first one.
  let maxLateral = 0;
  for (let m = 0; m < order.length; m++) {
    const v = sub(entries[order[m]!]!.position!, origin);
    maxLateral = Math.max(maxLateral, norm(sub(v, scale(normal, offsets[m]!))));
  }
  const tilted = maxLateral > Math.max(TILT_ABSOLUTE_MM, TILT_RELATIVE_TO_PIXEL * minPixel);
  const tiltPolicy = options.onTilt ?? 'accept';
  if (tilted) {
    const extent = offsets[offsets.length - 1]!;
    const angle = extent > 0 ? (Math.atan(maxLateral / extent) * 180) / Math.PI : 90;
    const msg = `slice positions leave the slice normal by up to ${maxLateral.toFixed(3)} mm (tilt ≈ ${angle.toFixed(2)}°)`;
    if (tiltPolicy === 'reject') throw new MedlensError('SERIES_GANTRY_TILT', `${msg}; pass onTilt 'accept' or 'resample'`);
    diagnostics.push({ code: 'SERIES_GANTRY_TILT', severity: 'warning', message: `${msg}; ${tiltPolicy === 'resample' ? 'resampled onto an orthogonal grid (bilinear in-plane, linear along the stack)' : 'grid kept orthogonal along the normal: voxel positions are off by up to that shift'}` });
  }
  const needsResample = (tilted && tiltPolicy === 'resample') || ((gaps > 0 || uneven > 0) && unevenPolicy === 'resample');
  const spacing: Vec3 = [pixelSpacing[1], pixelSpacing[0], spacingK];
  if (!needsResample) {
    return { order, geometry: makeGeometry(origin, row, col, normal, spacing, [columns, rows, order.length], options.frameOfReferenceUid), diagnostics };
  }
  const extent = offsets[offsets.length - 1]!;
  const nk = Math.floor(extent / spacingK + 1e-3) + 1;
  const shifts = order.map((n) => {
    const v = sub(origin, entries[n]!.position!);
    return [dot(v, row) / spacing[0], dot(v, col) / spacing[1]] as const;
  });
  return {
    order,
    geometry: makeGeometry(origin, row, col, normal, spacing, [columns, rows, nk], options.frameOfReferenceUid),
    resample: { planeOffsets: offsets, shifts },
    diagnostics,
  };
}
