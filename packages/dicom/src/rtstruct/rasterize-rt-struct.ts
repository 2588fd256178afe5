import {
  MedlensError,
  createLabelMap,
  worldToIndex,
  type Diagnostic,
  type LabelMap,
  type Segment,
  type VolumeGeometry,
  type WithDiagnostics,
} from '@medlens/core';
import type { DicomDataset } from '../series/dicom-api.js';
import { TAG } from '../series/tags.js';
import { fillPolygonCrossings } from './fill-polygon-crossings.js';

/** Options of {@link rasterizeRtStruct}. */
export interface RasterizeRtStructOptions {
  /** Rasterise only the ROI with this ROIName (3006,0026) as label 1. */
  roiName?: string;
  /** Rasterise only the ROI with this ROINumber (3006,0022) as label 1. */
  roiNumber?: number;
  /**
   * A contour whose points lie farther than this (mm) from the nearest slice plane is reported
   * (RTSTRUCT_CONTOUR_OFF_PLANE diagnostic) but still drawn on that slice. Default 0.1 mm: contours
   * drawn on the image they reference are on its plane to DS precision (≈ 1e-5 mm).
   */
  offPlaneToleranceMm?: number;
}

const REFERENCED_FRAME_OF_REFERENCE_SEQUENCE = '30060010';
const FRAME_OF_REFERENCE_UID = '00200052';

interface Roi {
  number: number;
  name: string;
  color?: readonly [number, number, number];
  contours: DicomDataset[];
}

function readRois(rtstruct: DicomDataset): Roi[] {
  const ssRois = rtstruct.sequence(TAG.StructureSetRoiSequence);
  const roiContours = rtstruct.sequence(TAG.RoiContourSequence);
  if (ssRois.length === 0) {
    throw new MedlensError('RTSTRUCT_INVALID', 'StructureSetROISequence (3006,0020) is missing or empty; is this an RT Structure Set?', { tag: '(3006,0020)' });
  }
  return ssRois.map((item, n) => {
    const number = item.number(TAG.RoiNumber);
    if (number === undefined) throw new MedlensError('RTSTRUCT_INVALID', `StructureSetROISequence item ${n + 1} has no ROINumber`, { tag: '(3006,0022)' });
    const rc = roiContours.find((c) => c.number(TAG.ReferencedRoiNumber) === number);
    const color = rc?.numbers(TAG.RoiDisplayColor) ?? [];
    return {
      number,
      name: item.string(TAG.RoiName) ?? `ROI ${number}`,
      ...(color.length === 3 ? { color: [color[0]!, color[1]!, color[2]!] as const } : {}),
      contours: rc?.sequence(TAG.ContourSequence) ?? [],
    };
  });
}

function selectRois(rois: Roi[], options: RasterizeRtStructOptions): Roi[] {
  if (options.roiName === undefined && options.roiNumber === undefined) return rois;
  const hit = rois.find((r) => (options.roiNumber === undefined || r.number === options.roiNumber) && (options.roiName === undefined || r.name === options.roiName));
  if (hit === undefined) {
    throw new MedlensError(
      'RTSTRUCT_ROI_NOT_FOUND',
      `no ROI ${options.roiName !== undefined ? `named "${options.roiName}"` : ''}${options.roiNumber !== undefined ? ` number ${options.roiNumber}` : ''}; the structure set has: ${rois.map((r) => `${r.number} "${r.name}"`).join(', ')}`,
      { field: options.roiName !== undefined ? 'roiName' : 'roiNumber' },
    );
  }
  return [hit];
}

/**
 * Rasterises RT Structure Set ROIs onto a reference grid (IBSI convention).
 *
 * Each CLOSED_PLANAR contour is mapped to continuous indices with worldToIndex; its slice is the
 * nearest k plane (contours farther than `offPlaneToleranceMm` from it, or oblique to the grid, get a
 * diagnostic). A voxel belongs to the ROI when its centre is inside the contours of its slice under
 * the even–odd rule: all contours of one ROI on one slice are XOR'ed, so holes and islands drawn as
 * separate contours come out right. Centres exactly on a boundary follow the half-open crossing rule
 * (a crossing at x counts for centres with i < x, edges count for rows with y in [min, max)), so two
 * polygons sharing an edge never both claim a centre on it.
 *
 * Labels: one per ROI, 1… in StructureSetROISequence order; with `roiName`/`roiNumber`, that ROI as
 * label 1. Where ROIs overlap, the later ROI wins (counted in a diagnostic). POINT and OPEN_* contours
 * are skipped with a diagnostic, as are contours outside the grid.
 * @throws MedlensError RTSTRUCT_INVALID, RTSTRUCT_ROI_NOT_FOUND, LABELMAP_INVALID, GEOMETRY_INVALID
 */
export function rasterizeRtStruct(rtstruct: DicomDataset, referenceGeometry: VolumeGeometry, options: RasterizeRtStructOptions = {}): WithDiagnostics<LabelMap> {
  const diagnostics: Diagnostic[] = [];
  const selected = selectRois(readRois(rtstruct), options);
  const [ni, nj, nk] = referenceGeometry.size;
  const plane = ni * nj;
  const data = selected.length > 255 ? new Uint16Array(plane * nk) : new Uint8Array(plane * nk);
  const tolerance = options.offPlaneToleranceMm ?? 0.1;
  const spacingK = referenceGeometry.spacing[2];
  const refFor = rtstruct.sequence(REFERENCED_FRAME_OF_REFERENCE_SEQUENCE)[0]?.string(FRAME_OF_REFERENCE_UID);
  if (refFor !== undefined && referenceGeometry.frameOfReferenceUid !== undefined && refFor !== referenceGeometry.frameOfReferenceUid) {
    diagnostics.push({ code: 'GEOMETRY_MISMATCH', severity: 'warning', message: `the structure set refers to frame of reference ${refFor}, the grid is in ${referenceGeometry.frameOfReferenceUid}` });
  }
  const segments: Segment[] = [];
  let overlaps = 0;
  selected.forEach((roi, n) => {
    const label = n + 1;
    segments.push({ label, name: roi.name, ...(roi.color ? { color: roi.color } : {}) });
    const perSlice = new Map<number, Float64Array[]>();
    let skipped = 0;
    let offPlane = 0;
    let worstOff = 0;
    let outside = 0;
    roi.contours.forEach((contour, c) => {
      const type = contour.string(TAG.ContourGeometricType);
      if (type !== 'CLOSED_PLANAR') {
        skipped++;
        return;
      }
      const xyz = contour.numbers(TAG.ContourData);
      if (xyz.length < 9 || xyz.length % 3 !== 0 || !xyz.every(Number.isFinite)) {
        diagnostics.push({ code: 'RTSTRUCT_INVALID', severity: 'error', message: `ROI "${roi.name}" contour ${c + 1}: ContourData has ${xyz.length} values (needs ≥ 3 finite x,y,z triplets); skipped`, tag: '(3006,0050)' });
        return;
      }
      const points = xyz.length / 3;
      const ij = new Float64Array(points * 2);
      let kSum = 0;
      const ks: number[] = [];
      for (let p = 0; p < points; p++) {
        const idx = worldToIndex(referenceGeometry, [xyz[3 * p]!, xyz[3 * p + 1]!, xyz[3 * p + 2]!]);
        ij[2 * p] = idx[0];
        ij[2 * p + 1] = idx[1];
        ks.push(idx[2]);
        kSum += idx[2];
      }
      const k = Math.round(kSum / points);
      const off = Math.max(...ks.map((v) => Math.abs(v - k))) * spacingK;
      if (off > tolerance) {
        offPlane++;
        worstOff = Math.max(worstOff, off);
      }
      if (k < 0 || k >= nk) {
        outside++;
        return;
      }
      perSlice.set(k, [...(perSlice.get(k) ?? []), ij]);
    });
    if (skipped > 0) diagnostics.push({ code: 'RTSTRUCT_INVALID', severity: 'warning', message: `ROI "${roi.name}": ${skipped} contour(s) not CLOSED_PLANAR (POINT/OPEN_*) skipped` });
    if (offPlane > 0) {
      diagnostics.push({ code: 'RTSTRUCT_CONTOUR_OFF_PLANE', severity: 'warning', message: `ROI "${roi.name}": ${offPlane} contour(s) lie up to ${worstOff.toFixed(3)} mm off the nearest slice plane (tolerance ${tolerance} mm); drawn on the nearest slice` });
    }
    if (outside > 0) diagnostics.push({ code: 'RTSTRUCT_INVALID', severity: 'warning', message: `ROI "${roi.name}": ${outside} contour(s) outside the grid's slice range skipped` });
    if (roi.contours.length === 0) diagnostics.push({ code: 'RTSTRUCT_INVALID', severity: 'warning', message: `ROI "${roi.name}" has no contours; its label is empty` });
    for (const [k, polygons] of perSlice) {
      const inside = fillPolygonCrossings(polygons, ni, nj);
      const base = k * plane;
      for (let v = 0; v < plane; v++) {
        if (inside[v] === 0) continue;
        if (data[base + v] !== 0) overlaps++;
        data[base + v] = label;
      }
    }
  });
  if (overlaps > 0) diagnostics.push({ code: 'LABELMAP_INVALID', severity: 'warning', message: `${overlaps} voxel(s) belong to more than one ROI; the later ROI's label was kept` });
  const labelMap = createLabelMap({ geometry: referenceGeometry, data, segments });
  return { value: labelMap, diagnostics };
}
