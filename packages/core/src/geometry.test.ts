import { describe, expect, it } from 'vitest';
import {
  affineToGeometry,
  createGeometry,
  determinant3,
  geometryToAffine,
  indexToWorld,
  isSameGrid,
  worldToIndex,
  type Mat3,
  type Vec3,
  type VolumeGeometry,
} from './geometry.js';
import { isMedlensError } from './medlens-error.js';

/** Rotation matrix (column-major) from Euler angles, for oblique test geometries. */
function rotation(ax: number, ay: number, az: number): Mat3 {
  const [cx, sx, cy, sy, cz, sz] = [Math.cos(ax), Math.sin(ax), Math.cos(ay), Math.sin(ay), Math.cos(az), Math.sin(az)];
  // R = Rz·Ry·Rx, rows then transposed into column-major.
  const r = [
    [cz * cy, cz * sy * sx - sz * cx, cz * sy * cx + sz * sx],
    [sz * cy, sz * sy * sx + cz * cx, sz * sy * cx - cz * sx],
    [-sy, cy * sx, cy * cx],
  ];
  return [r[0]![0]!, r[1]![0]!, r[2]![0]!, r[0]![1]!, r[1]![1]!, r[2]![1]!, r[0]![2]!, r[1]![2]!, r[2]![2]!];
}

const geometries: [string, VolumeGeometry][] = [
  ['axial identity', { size: [512, 512, 200], spacing: [0.703, 0.703, 1.25], origin: [-180, -180, -300], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }],
  ['sagittal', { size: [256, 256, 30], spacing: [1, 1, 4], origin: [10, -120, 100], direction: [0, 1, 0, 0, 0, -1, -1, 0, 0] }],
  ['coronal left-handed', { size: [64, 64, 64], spacing: [2, 2, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 0, -1, 0, -1, 0] }],
  ['oblique', { size: [10, 20, 30], spacing: [0.5, 0.75, 3], origin: [1.5, -2.5, 7], direction: rotation(0.3, -0.7, 1.1) }],
];

describe('indexToWorld / worldToIndex', () => {
  it.each(geometries)('%s: worldToIndex ∘ indexToWorld = identity', (_name, g) => {
    const geometry = createGeometry(g);
    for (const index of [[0, 0, 0], [1, 2, 3], [9.5, 0.25, 29], [-3, 100, 7.125]] as Vec3[]) {
      const back = worldToIndex(geometry, indexToWorld(geometry, index));
      for (let c = 0; c < 3; c++) expect(back[c]).toBeCloseTo(index[c]!, 9);
    }
  });

  it.each(geometries)('%s: indexToWorld ∘ worldToIndex = identity', (_name, g) => {
    const geometry = createGeometry(g);
    for (const world of [[0, 0, 0], [-100, 50.5, 12], [3, 3, 3]] as Vec3[]) {
      const back = indexToWorld(geometry, worldToIndex(geometry, world));
      for (let c = 0; c < 3; c++) expect(back[c]).toBeCloseTo(world[c]!, 9);
    }
  });

  it('origin is the centre of voxel [0,0,0] and steps follow direction × spacing', () => {
    const g = createGeometry(geometries[1]![1]);
    expect(indexToWorld(g, [0, 0, 0])).toEqual([10, -120, 100]);
    // i → +P (1 mm), j → −S (1 mm), k → −L (4 mm)
    expect(indexToWorld(g, [1, 1, 1])).toEqual([6, -119, 99]);
  });

  it.each(geometries)('%s: affine round trip', (_name, g) => {
    const geometry = createGeometry(g);
    const back = affineToGeometry(geometryToAffine(geometry), geometry.size);
    expect(isSameGrid(geometry, back, 1e-9)).toBe(true);
    for (let n = 0; n < 9; n++) expect(back.direction[n]).toBeCloseTo(geometry.direction[n]!, 12);
    for (let c = 0; c < 3; c++) expect(back.spacing[c]).toBeCloseTo(geometry.spacing[c]!, 12);
  });
});

describe('createGeometry validation', () => {
  const base = geometries[0]![1];
  const invalid: [string, Partial<VolumeGeometry>, string][] = [
    ['singular direction (two equal columns)', { direction: [1, 0, 0, 1, 0, 0, 0, 0, 1] }, 'GEOMETRY_SINGULAR_DIRECTION'],
    ['zero direction', { direction: [0, 0, 0, 0, 0, 0, 0, 0, 0] }, 'GEOMETRY_SINGULAR_DIRECTION'],
    ['non-unit columns', { direction: [2, 0, 0, 0, 1, 0, 0, 0, 1] }, 'GEOMETRY_SINGULAR_DIRECTION'],
    ['sheared', { direction: [1, 0, 0, 0.2, 0.98, 0, 0, 0, 1] }, 'GEOMETRY_SINGULAR_DIRECTION'],
    ['NaN in direction', { direction: [NaN, 0, 0, 0, 1, 0, 0, 0, 1] }, 'GEOMETRY_INVALID'],
    ['zero spacing', { spacing: [1, 0, 1] }, 'GEOMETRY_INVALID'],
    ['negative spacing', { spacing: [1, 1, -1] }, 'GEOMETRY_INVALID'],
    ['fractional size', { size: [1.5, 2, 2] }, 'GEOMETRY_INVALID'],
    ['zero size', { size: [0, 2, 2] }, 'GEOMETRY_INVALID'],
    ['infinite origin', { origin: [Infinity, 0, 0] }, 'GEOMETRY_INVALID'],
  ];
  it.each(invalid)('%s → %s', (_name, patch, code) => {
    let caught: unknown;
    try {
      createGeometry({ ...base, ...patch } as VolumeGeometry);
    } catch (e) {
      caught = e;
    }
    expect(isMedlensError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe(code);
  });

  it('accepts left-handed directions (determinant −1) and freezes the result', () => {
    const g = createGeometry(geometries[2]![1]);
    expect(determinant3(g.direction)).toBeCloseTo(-1, 12);
    expect(Object.isFrozen(g)).toBe(true);
    expect(Object.isFrozen(g.size)).toBe(true);
  });

  it('does not alias the caller arrays', () => {
    const size: [number, number, number] = [2, 2, 2];
    const g = createGeometry({ ...base, size });
    size[0] = 99;
    expect(g.size[0]).toBe(2);
  });

  it('isSameGrid has false cases', () => {
    const g = createGeometry(base);
    expect(isSameGrid(g, createGeometry({ ...base, origin: [-180, -180, -299] }))).toBe(false);
    expect(isSameGrid(g, createGeometry({ ...base, size: [512, 512, 199] }))).toBe(false);
    expect(isSameGrid(g, createGeometry({ ...base, spacing: [0.703, 0.704, 1.25] }))).toBe(false);
    expect(isSameGrid(g, createGeometry({ ...base, origin: [-180, -180, -300.0005] }))).toBe(true);
  });
});
