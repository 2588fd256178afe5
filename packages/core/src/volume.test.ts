import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLabelMap, countLabel } from './label-map.js';
import { isMedlensError } from './medlens-error.js';
import { computeRange, createVolume, voxelOffset, voxelTypeOf } from './volume.js';

const geometry = { size: [4, 3, 2], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] } as const;
const sha = (a: ArrayBufferView): string => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isMedlensError(e) ? e.code : 'NOT_MEDLENS';
  }
  return undefined;
}

describe('createVolume', () => {
  it('creates a frozen volume and leaves the data untouched', () => {
    const data = Float32Array.from({ length: 24 }, (_, n) => n - 5);
    const before = sha(data);
    const v = createVolume({ geometry, data, meta: { modality: 'CT', units: 'HU' } });
    expect(Object.isFrozen(v)).toBe(true);
    expect(Object.isFrozen(v.meta)).toBe(true);
    expect(v.components).toBe(1);
    expect(voxelTypeOf(v.data)).toBe('float32');
    expect(v.data[voxelOffset(v.geometry, 3, 2, 1)]).toBe(23 - 5);
    expect(computeRange(v.data)).toEqual({ min: -5, max: 18 });
    expect(sha(data)).toBe(before);
  });

  it.each([
    ['too short', new Float32Array(23), 1],
    ['too long', new Float32Array(25), 1],
    ['components not matching', new Uint8Array(24), 3],
    ['zero components', new Uint8Array(0), 0],
  ])('%s → VOLUME_DATA_LENGTH', (_n, data, components) => {
    expect(codeOf(() => createVolume({ geometry, data, components }))).toBe('VOLUME_DATA_LENGTH');
  });

  it('accepts multi-component data', () => {
    expect(createVolume({ geometry, data: new Uint8Array(72), components: 3 }).components).toBe(3);
  });
});

describe('createLabelMap', () => {
  it('keeps segments and counts labels', () => {
    const data = new Uint8Array(24);
    data[0] = 1;
    data[5] = 2;
    data[6] = 2;
    const lm = createLabelMap({ geometry, data, segments: [{ label: 1, name: 'left lung' }, { label: 2, name: 'nodule 1' }] });
    expect(lm.meta.units).toBe('label');
    expect(countLabel(lm, 2)).toBe(2);
    expect(countLabel(lm, 3)).toBe(0);
  });

  it.each([
    ['label without a segment', [{ label: 1, name: 'a' }], 2],
    ['duplicate labels', [{ label: 1, name: 'a' }, { label: 1, name: 'b' }], 1],
    ['label zero in the table', [{ label: 0, name: 'bg' }], 0],
    ['fractional label', [{ label: 1.5, name: 'x' }], 0],
  ])('%s → LABELMAP_INVALID', (_n, segments, value) => {
    const data = new Uint8Array(24);
    data[3] = value;
    expect(codeOf(() => createLabelMap({ geometry, data, segments }))).toBe('LABELMAP_INVALID');
  });
});
