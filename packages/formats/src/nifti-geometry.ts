import { affineToGeometry, determinant3, isMedlensError, MedlensError, type Diagnostic, type Mat3, type Vec3, type VolumeGeometry } from '@medlens/core';
import type { NiftiHeader } from './nifti-header.js';

/** NIfTI xform codes (nifti1.h NIFTI_XFORM_*). */
export const NIFTI_XFORM = { UNKNOWN: 0, SCANNER_ANAT: 1, ALIGNED_ANAT: 2, TALAIRACH: 3, MNI_152: 4, TEMPLATE_OTHER: 5 } as const;

/** xyzt_units spatial codes → factor to millimetres (nifti1.h NIFTI_UNITS_METER/MM/MICRON). */
const SPATIAL_UNIT_TO_MM: Readonly<Record<number, number>> = { 1: 1000, 2: 1, 3: 0.001 };

type Affine = number[][];

/** Index → RAS affine (4×4 row-major) from the quaternion fields (nifti1_io quatern_to_mat44). */
export function quaternionToAffine(h: NiftiHeader, spacing: Vec3): Affine {
  let [b, c, d] = h.quatern;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // Rounding made |(b,c,d)| ≥ 1: a 180° rotation; renormalise (as nifti1_io does).
    const n = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= n;
    c *= n;
    d *= n;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const qfac = h.pixdim[0]! < 0 ? -1 : 1;
  const [xd, yd, zd0] = spacing;
  const zd = zd0 * qfac;
  const [ox, oy, oz] = h.qoffset;
  return [
    [(a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, ox],
    [2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, oy],
    [2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, oz],
    [0, 0, 0, 1],
  ];
}

/**
 * Quaternion (b, c, d) and qfac of an orthonormal rotation given as a column-major RAS direction
 * (nifti1_io mat44_to_quatern). A left-handed direction gets qfac = −1 and its third column negated.
 */
export function directionToQuaternion(directionRas: Mat3): { quatern: [number, number, number]; qfac: 1 | -1 } {
  const m = [...directionRas];
  const qfac: 1 | -1 = determinant3(directionRas) > 0 ? 1 : -1;
  if (qfac < 0) for (const n of [6, 7, 8]) m[n] = -m[n]!;
  // r(row, col) of the column-major matrix.
  const r = (row: number, col: number): number => m[3 * col + row]!;
  let a = r(0, 0) + r(1, 1) + r(2, 2) + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r(2, 1) - r(1, 2))) / a;
    c = (0.25 * (r(0, 2) - r(2, 0))) / a;
    d = (0.25 * (r(1, 0) - r(0, 1))) / a;
  } else {
    const xd = 1 + r(0, 0) - (r(1, 1) + r(2, 2));
    const yd = 1 + r(1, 1) - (r(0, 0) + r(2, 2));
    const zd = 1 + r(2, 2) - (r(0, 0) + r(1, 1));
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r(0, 1) + r(1, 0))) / b;
      d = (0.25 * (r(0, 2) + r(2, 0))) / b;
      a = (0.25 * (r(2, 1) - r(1, 2))) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r(0, 1) + r(1, 0))) / c;
      d = (0.25 * (r(1, 2) + r(2, 1))) / c;
      a = (0.25 * (r(0, 2) - r(2, 0))) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r(0, 2) + r(2, 0))) / d;
      c = (0.25 * (r(1, 2) + r(2, 1))) / d;
      a = (0.25 * (r(1, 0) - r(0, 1))) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { quatern: [b, c, d], qfac };
}

/** RAS ↔ LPS: negate the x and y rows of a 4×4 affine (its own inverse; 0 stays +0). */
export function flipRasLps(affine: readonly (readonly number[])[]): Affine {
  return affine.map((row, n) => (n < 2 ? row.map((x) => 0 - x) : [...row]));
}

/** Column-major direction with its x and y rows negated (LPS ↔ RAS). */
export function flipDirection(d: Mat3): Mat3 {
  return [0 - d[0], 0 - d[1], d[2], 0 - d[3], 0 - d[4], d[5], 0 - d[6], 0 - d[7], d[8]];
}

function scaleAffine(affine: Affine, factor: number): Affine {
  return affine.map((row, n) => (n < 3 ? row.map((x) => x * factor) : row));
}

/**
 * LPS geometry of a NIfTI image (the one place NIfTI's RAS world becomes LPS). Precedence as
 * nifti1.h: sform (sform_code > 0), else qform (qform_code > 0), else "method 1" — the pixdim
 * scaling alone, origin 0, axes along RAS (a warning diagnostic; nibabel flips x in that case).
 * The affine is scaled to millimetres by xyzt_units (metre, micron; unknown = mm) — origin included,
 * as ITK does. A sform that is not orthogonal (shear) falls back to the qform with a warning.
 * @throws MedlensError GEOMETRY_SINGULAR_DIRECTION, GEOMETRY_INVALID (with details.path)
 */
export function niftiHeaderToGeometry(h: NiftiHeader, size: Vec3, path?: string): { geometry: VolumeGeometry; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const warn = (message: string): void => {
    diagnostics.push({ code: 'NIFTI_INVALID_HEADER', message, severity: 'warning', ...(path !== undefined ? { path } : {}) });
  };
  const spatialUnit = h.xyztUnits & 0x07;
  let toMm = SPATIAL_UNIT_TO_MM[spatialUnit];
  if (toMm === undefined) {
    if (spatialUnit !== 0) warn(`xyzt_units spatial code ${spatialUnit} is not metre/mm/micron; assuming mm`);
    toMm = 1;
  }
  const spacing = [1, 2, 3].map((n) => {
    const p = Math.abs(h.pixdim[n]!);
    if (Number.isFinite(p) && p > 0) return p;
    warn(`pixdim[${n}] is ${h.pixdim[n]}; using 1`);
    return 1;
  }) as unknown as Vec3;
  const toGeometry = (ras: Affine, field: string): VolumeGeometry => {
    try {
      return affineToGeometry(flipRasLps(scaleAffine(ras, toMm)), size);
    } catch (e) {
      if (isMedlensError(e)) throw e.withDetails({ ...(path !== undefined ? { path } : {}), field });
      throw e;
    }
  };
  const qform = (): VolumeGeometry => toGeometry(quaternionToAffine(h, spacing), 'qform');
  if (h.sformCode > 0) {
    const sform = [...h.srow.map((row) => [...row]), [0, 0, 0, 1]];
    if (sform.flat().every(Number.isFinite)) {
      try {
        return { geometry: toGeometry(sform, 'sform'), diagnostics };
      } catch (e) {
        if (!(h.qformCode > 0 && isMedlensError(e, 'GEOMETRY_SINGULAR_DIRECTION'))) throw e;
        warn(`sform is not orthogonal (${e.message}); using the qform instead`);
        return { geometry: qform(), diagnostics };
      }
    }
    if (!(h.qformCode > 0)) throw new MedlensError('NIFTI_INVALID_HEADER', 'sform_code > 0 but srow_x/y/z hold non-finite values', { ...(path !== undefined ? { path } : {}), field: 'srow' });
    warn('srow_x/y/z hold non-finite values; using the qform instead');
  }
  if (h.qformCode > 0) {
    if (![...h.quatern, ...h.qoffset].every(Number.isFinite)) {
      throw new MedlensError('NIFTI_INVALID_HEADER', 'quatern_b/c/d or qoffset hold non-finite values', { ...(path !== undefined ? { path } : {}), field: 'qform' });
    }
    return { geometry: qform(), diagnostics };
  }
  warn('qform_code and sform_code are both 0: orientation unknown, using pixdim only (NIfTI method 1, RAS axes, origin 0)');
  const method1: Affine = [
    [spacing[0], 0, 0, 0],
    [0, spacing[1], 0, 0],
    [0, 0, spacing[2], 0],
    [0, 0, 0, 1],
  ];
  return { geometry: toGeometry(method1, 'pixdim'), diagnostics };
}
