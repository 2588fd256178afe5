import { describe, expect, it } from 'vitest';
import { isMedlensError } from '@medlens/core';
import { keepLargestComponent, labelConnectedComponents, removeSmallComponents } from './index.js';
import { decode, firstDiff, golden, sha256, SPACING, vol } from './golden.js';

const ccMask = vol(decode(golden.ccMask) as Uint8Array);
const voxelMm3 = SPACING[0] * SPACING[1] * SPACING[2];

describe('labelConnectedComponents vs scipy.ndimage.label (canonical relabel, exact)', () => {
  it.each(golden.label as { connectivity: 6 | 18 | 26; count: number; sizes: number[]; labels: never }[])('connectivity $connectivity', (c) => {
    const before = sha256(ccMask);
    const r = labelConnectedComponents(ccMask, { connectivity: c.connectivity });
    expect(r.count).toBe(c.count);
    expect(r.sizesVoxels).toEqual(c.sizes);
    r.sizesMm3.forEach((mm3, n) => expect(mm3).toBeCloseTo(c.sizes[n]! * voxelMm3, 9));
    expect(firstDiff(r.labels.data, decode(c.labels))).toBe(-1);
    expect(r.labels.data).toBeInstanceOf(Uint16Array);
    expect(sha256(ccMask)).toBe(before);
  });

  it('orders equal sizes by first voxel and handles an empty mask', () => {
    const data = new Uint8Array(5 * 1 * 1);
    data[0] = 1;
    data[3] = 1;
    data[4] = 1;
    data[1] = 0;
    const r = labelConnectedComponents(vol(data, [5, 1, 1], [1, 1, 1]));
    expect(Array.from(r.labels.data)).toEqual([2, 0, 0, 1, 1]);
    const single = new Uint8Array([1, 0, 1, 0, 0]);
    expect(Array.from(labelConnectedComponents(vol(single, [5, 1, 1], [1, 1, 1])).labels.data)).toEqual([1, 0, 2, 0, 0]);
    const empty = labelConnectedComponents(vol(new Uint8Array(8), [2, 2, 2], [1, 1, 1]));
    expect(empty.count).toBe(0);
    expect(empty.sizesVoxels).toEqual([]);
  });

  it('switches to Uint32 labels above 65535 components', () => {
    const size = [160, 160, 6] as const;
    const data = new Uint8Array(size[0] * size[1] * size[2]);
    for (let k = 0; k < size[2]; k += 2) for (let j = 0; j < size[1]; j += 2) for (let i = 0; i < size[0]; i += 2) data[i + size[0] * (j + size[1] * k)] = 1;
    const few = labelConnectedComponents(vol(data, size, [1, 1, 1]));
    expect(few.count).toBe(80 * 80 * 3);
    expect(few.labels.data).toBeInstanceOf(Uint16Array);
    // 6-connected isolated voxels: (even, even, 0) and (odd, odd, 1) never share a face → 80 000 components.
    const big = new Uint8Array(400 * 400 * 2);
    for (let j = 0; j < 400; j++) for (let i = j % 2; i < 400; i += 2) big[i + 400 * j + (j % 2) * 160000] = 1;
    const r = labelConnectedComponents(vol(big, [400, 400, 2], [1, 1, 1]), { connectivity: 6 });
    expect(r.count).toBeGreaterThan(65535);
    expect(r.labels.data).toBeInstanceOf(Uint32Array);
    expect(r.sizesVoxels.every((s) => s === 1)).toBe(true);
  });
});

describe('keepLargestComponent / removeSmallComponents', () => {
  const labels = decode(golden.label[2].labels) as Uint16Array;
  const sizes = golden.label[2].sizes as number[];
  it('keepLargestComponent keeps label 1 of the canonical scipy labelling', () => {
    const out = keepLargestComponent(ccMask);
    expect(firstDiff(out.data, Uint8Array.from(labels, (l) => (l === 1 ? 1 : 0)))).toBe(-1);
  });
  it.each([1, 2, 3, 5, 10])('removeSmallComponents minVoxels=%i', (min) => {
    const expected = Uint8Array.from(labels, (l) => (l !== 0 && sizes[l - 1]! >= min ? 1 : 0));
    expect(firstDiff(removeSmallComponents(ccMask, { minVoxels: min }).data, expected)).toBe(-1);
    expect(firstDiff(removeSmallComponents(ccMask, { minVolumeMm3: min * voxelMm3 * (1 - 1e-12) }).data, expected)).toBe(-1);
  });
  const cases: [string, () => unknown, string][] = [
    ['connectivity 8', () => labelConnectedComponents(ccMask, { connectivity: 8 as never }), 'connectivity'],
    ['neither size', () => removeSmallComponents(ccMask, {}), 'minVoxels'],
    ['both sizes', () => removeSmallComponents(ccMask, { minVoxels: 1, minVolumeMm3: 1 }), 'minVoxels'],
    ['negative size', () => removeSmallComponents(ccMask, { minVolumeMm3: -1 }), 'minVolumeMm3'],
    ['NaN size', () => removeSmallComponents(ccMask, { minVoxels: NaN }), 'minVoxels'],
  ];
  it.each(cases)('%s → USAGE_INVALID_ARGUMENT', (_n, fn, field) => {
    try {
      fn();
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe(field);
    }
  });
});
