import { createGeometry, cross, isMedlensError, MedlensError, type Diagnostic, type Mat3, type Vec3, type VolumeGeometry } from '@medlens/core';
import { parseNrrdVector, splitNrrdVectors, type NrrdHeader } from './nrrd-header.js';

/** `space` values → sign of each world axis relative to LPS (NRRD spec "space"). */
const SPACE_TO_LPS: Readonly<Record<string, readonly [number, number, number]>> = {
  'left-posterior-superior': [1, 1, 1],
  lps: [1, 1, 1],
  'right-anterior-superior': [-1, -1, 1],
  ras: [-1, -1, 1],
  'left-anterior-superior': [1, -1, 1],
  las: [1, -1, 1],
};
/** Spaces without an anatomical meaning, taken as LPS (DICOM scanner coordinates) with a warning. */
const SCANNER_SPACES = new Set(['scanner-xyz', '3d-right-handed']);
const UNIT_TO_MM: Readonly<Record<string, number>> = { mm: 1, millimeter: 1, millimeters: 1, m: 1000, meter: 1000, um: 0.001, µm: 0.001, micron: 0.001 };

function at(path: string | undefined, field: string): { path?: string; field: string } {
  return { ...(path !== undefined ? { path } : {}), field };
}

/**
 * LPS geometry from `space`, `space directions`, `space origin`, `space units` (or `spacings` when
 * there are no directions) for the spatial axes `spatialAxes` of the NRRD axes. Two spatial axes give
 * a single-slice volume whose third direction is their cross product.
 * @throws MedlensError NRRD_INVALID_HEADER, NRRD_UNSUPPORTED, GEOMETRY_SINGULAR_DIRECTION
 */
export function nrrdHeaderToGeometry(
  header: NrrdHeader,
  sizes: readonly number[],
  spatialAxes: readonly number[],
  path?: string,
): { geometry: VolumeGeometry; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const warn = (message: string): void => {
    diagnostics.push({ code: 'NRRD_INVALID_HEADER', message, severity: 'warning', ...(path !== undefined ? { path } : {}) });
  };
  const f = header.fields;
  const space = f.get('space')?.toLowerCase();
  const spaceDimension = f.get('space dimension');
  let signs: readonly [number, number, number] = [1, 1, 1];
  if (space !== undefined) {
    const s = SPACE_TO_LPS[space];
    if (s !== undefined) signs = s;
    else if (SCANNER_SPACES.has(space)) warn(`space "${space}" has no anatomical orientation; taken as LPS (DICOM scanner coordinates)`);
    else throw new MedlensError('NRRD_UNSUPPORTED', `space "${f.get('space')}" is not supported (use left-posterior-superior, right-anterior-superior, left-anterior-superior or scanner-xyz)`, at(path, 'space'));
    if (spaceDimension !== undefined) throw new MedlensError('NRRD_INVALID_HEADER', 'both "space" and "space dimension" are given', at(path, 'space dimension'));
  } else if (spaceDimension !== undefined) {
    if (spaceDimension.trim() !== '3') throw new MedlensError('NRRD_UNSUPPORTED', `space dimension ${spaceDimension} is not 3`, at(path, 'space dimension'));
    warn('"space dimension: 3" without "space": world axes taken as LPS');
  }
  let toMm = 1;
  const units = f.get('space units');
  if (units !== undefined) {
    const names = units.match(/"([^"]*)"/g)?.map((u) => u.slice(1, -1).toLowerCase()) ?? [];
    const factors = names.map((u) => UNIT_TO_MM[u]);
    if (names.length === 3 && factors.every((x) => x === factors[0]) && factors[0] !== undefined) toMm = factors[0];
    else warn(`space units ${units} not understood; assuming mm`);
  }

  const dimension = sizes.length;
  const columns: number[][] = [];
  const spacing: number[] = [];
  const directionsField = f.get('space directions');
  if (directionsField !== undefined) {
    const tokens = splitNrrdVectors(directionsField);
    if (tokens.length !== dimension) {
      throw new MedlensError('NRRD_INVALID_HEADER', `space directions has ${tokens.length} entries, dimension is ${dimension}`, at(path, 'space directions'));
    }
    for (const axis of spatialAxes) {
      const v = parseNrrdVector(tokens[axis]!, 3, 'space directions', path);
      if (v === undefined) throw new MedlensError('NRRD_INVALID_HEADER', `space directions: spatial axis ${axis} is "none"`, at(path, 'space directions'));
      const n = Math.hypot(v[0]!, v[1]!, v[2]!);
      if (!(n > 0)) throw new MedlensError('GEOMETRY_SINGULAR_DIRECTION', `space directions: axis ${axis} is a zero vector`, at(path, 'space directions'));
      spacing.push(n * toMm);
      columns.push([(signs[0] * v[0]!) / n, (signs[1] * v[1]!) / n, (signs[2] * v[2]!) / n]);
    }
  } else {
    const spacings = f.get('spacings')?.trim().split(/\s+/).map(Number);
    if (spacings === undefined) warn('no "space directions" nor "spacings": spacing 1 mm, identity orientation');
    else warn('no "space directions": orientation unknown, identity direction with "spacings"');
    spatialAxes.forEach((axis, c) => {
      const s = spacings?.[axis];
      spacing.push(s !== undefined && Number.isFinite(s) && s > 0 ? Math.abs(s) : 1);
      columns.push([0, 1, 2].map((r) => (r === c ? 1 : 0)));
    });
  }
  if (columns.length === 2) {
    columns.push([...cross(columns[0] as unknown as Vec3, columns[1] as unknown as Vec3)]);
    spacing.push(1);
  }
  let origin: Vec3 = [0, 0, 0];
  const originField = f.get('space origin');
  if (originField !== undefined) {
    const o = parseNrrdVector(originField.trim(), 3, 'space origin', path);
    if (o === undefined) throw new MedlensError('NRRD_INVALID_HEADER', 'space origin is "none"', at(path, 'space origin'));
    origin = [signs[0] * o[0]! * toMm, signs[1] * o[1]! * toMm, signs[2] * o[2]! * toMm];
  }
  const size = [...spatialAxes.map((a) => sizes[a]!), 1, 1].slice(0, 3) as unknown as Vec3;
  try {
    const geometry = createGeometry({ size, spacing: spacing as unknown as Vec3, origin, direction: columns.flat() as unknown as Mat3 });
    return { geometry, diagnostics };
  } catch (e) {
    if (isMedlensError(e)) throw e.withDetails({ ...(path !== undefined ? { path } : {}), field: e.details.field ?? 'space directions' });
    throw e;
  }
}
