import { describe, expect, it } from 'vitest';
import { MedlensError, indexToWorld, type Vec3 } from '@medlens/core';
import { determineSliceLayout, type SliceEntry, type SliceLayoutOptions } from './determine-slice-layout.js';

const AXIAL = [1, 0, 0, 0, 1, 0] as const;

function axial(zs: number[], extra: (z: number, n: number) => Partial<SliceEntry> = () => ({})): SliceEntry[] {
  return zs.map((z, n) => ({ position: [-100, -50, z] as Vec3, orientation: AXIAL, pixelSpacing: [0.7, 0.5] as const, label: `s${n}`, ...extra(z, n) }));
}

function codes(layout: { diagnostics: readonly { code: string }[] }): string[] {
  return layout.diagnostics.map((d) => d.code);
}

function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MedlensError);
    return (e as MedlensError).code;
  }
  return 'no error';
}

describe('determineSliceLayout', () => {
  it('orders shuffled slices by position along the normal, not by input or InstanceNumber order', () => {
    const zs = [7.5, -2.5, 5, 0, 2.5];
    const entries = axial(zs, (_z, n) => ({ instanceNumber: n + 1 }));
    const layout = determineSliceLayout(entries, 5, 4);
    expect(layout.order.map((n) => zs[n])).toEqual([-2.5, 0, 2.5, 5, 7.5]);
    expect(layout.geometry.spacing).toEqual([0.5, 0.7, 2.5]);
    expect(layout.geometry.origin).toEqual([-100, -50, -2.5]);
    expect(layout.geometry.size).toEqual([5, 4, 5]);
    expect(layout.diagnostics).toEqual([]);
  });

  it('builds a right-handed grid for a sagittal stack (k = row × column)', () => {
    // Sagittal: row → posterior (0,1,0), column → feet (0,0,-1); normal = (−1, 0, 0).
    const xs = [10, 12, 14, 16];
    const entries = xs.map((x, n) => ({ position: [x, 0, 0] as Vec3, orientation: [0, 1, 0, 0, 0, -1] as const, pixelSpacing: [1, 1] as const, label: `s${n}` }));
    const layout = determineSliceLayout(entries, 3, 3);
    expect(layout.order.map((n) => xs[n])).toEqual([16, 14, 12, 10]);
    expect(layout.geometry.direction.slice(6)).toEqual([-1, 0, 0]);
    expect(layout.geometry.spacing[2]).toBeCloseTo(2, 12);
    // index (0,0,k) lands on each slice's position
    layout.order.forEach((n, k) => expect(indexToWorld(layout.geometry, [0, 0, k])[0]).toBeCloseTo(xs[n]!, 9));
  });

  it('uses the median step, not SliceThickness', () => {
    const layout = determineSliceLayout(axial([0, 1.25, 2.5, 3.75], () => ({ sliceThickness: 2.5 })), 5, 4);
    expect(layout.geometry.spacing[2]).toBeCloseTo(1.25, 12);
  });

  const table: { name: string; zs: number[]; options?: SliceLayoutOptions; code?: string; throws?: string; nk?: number }[] = [
    { name: 'missing slice (gap of 2 steps)', zs: [0, 2.5, 5, 10, 12.5], code: 'SERIES_MISSING_SLICES', nk: 5 },
    { name: 'missing slice, reject', zs: [0, 2.5, 5, 10, 12.5], options: { onUneven: 'reject' }, throws: 'SERIES_MISSING_SLICES' },
    { name: 'missing slice, resample fills the gap', zs: [0, 2.5, 5, 10, 12.5], options: { onUneven: 'resample' }, code: 'SERIES_MISSING_SLICES', nk: 6 },
    { name: 'uneven spacing', zs: [0, 2.5, 5, 7.2, 9.7], code: 'SERIES_UNEVEN_SPACING', nk: 5 },
    { name: 'uneven spacing, reject', zs: [0, 2.5, 5, 7.2, 9.7], options: { onUneven: 'reject' }, throws: 'SERIES_UNEVEN_SPACING' },
    { name: 'step noise below 0.01 mm is even', zs: [0, 2.505, 5, 7.496, 10], nk: 5 },
    { name: 'duplicate position rejected by default', zs: [0, 2.5, 2.5, 5], throws: 'SERIES_DUPLICATE_POSITION' },
    { name: 'duplicate position keep-first', zs: [0, 2.5, 2.5, 5], options: { onDuplicate: 'keep-first' }, code: 'SERIES_DUPLICATE_POSITION', nk: 3 },
  ];
  it.each(table)('$name', ({ zs, options, code, throws, nk }) => {
    const entries = axial(zs);
    if (throws) {
      expect(thrown(() => determineSliceLayout(entries, 5, 4, options))).toBe(throws);
      return;
    }
    const layout = determineSliceLayout(entries, 5, 4, options);
    expect(codes(layout)).toEqual(code ? [code] : []);
    expect(layout.geometry.size[2]).toBe(nk);
  });

  it('keep-first keeps the entry earliest in input order', () => {
    const entries = axial([5, 2.5, 0, 2.5]);
    const layout = determineSliceLayout(entries, 5, 4, { onDuplicate: 'keep-first' });
    expect(layout.order).toEqual([2, 1, 0]);
  });

  describe('gantry tilt (positions shift in y along the stack)', () => {
    // 15° tilt: each 2 mm step along z shifts y by 2·tan(15°).
    const shift = 2 * Math.tan((15 * Math.PI) / 180);
    const tilted = [0, 1, 2, 3].map((n) => ({ position: [0, n * shift, n * 2] as Vec3, orientation: AXIAL, pixelSpacing: [0.5, 0.5] as const, label: `s${n}` }));
    it('accept: diagnostic, grid orthogonal along the normal', () => {
      const layout = determineSliceLayout(tilted, 8, 8);
      expect(codes(layout)).toEqual(['SERIES_GANTRY_TILT']);
      expect(layout.diagnostics[0]!.message).toMatch(/15\.00°/);
      expect(layout.geometry.direction.slice(6)).toEqual([0, 0, 1]);
      expect(layout.resample).toBeUndefined();
    });
    it('reject throws', () => expect(thrown(() => determineSliceLayout(tilted, 8, 8, { onTilt: 'reject' }))).toBe('SERIES_GANTRY_TILT'));
    it('resample: plan with per-slice in-plane shifts in pixels', () => {
      const layout = determineSliceLayout(tilted, 8, 8, { onTilt: 'resample' });
      expect(layout.resample?.shifts.map((s) => s[1])).toEqual([0, 1, 2, 3].map((n) => expect.closeTo((-n * shift) / 0.5, 9)));
      expect(layout.resample?.planeOffsets).toEqual([0, 2, 4, 6]);
    });
    it('positions along the normal of an oblique stack are not tilt', () => {
      const c = Math.SQRT1_2;
      const iop = [1, 0, 0, 0, c, -c] as const; // normal = (0, c, c)
      const entries = [0, 1, 2].map((n) => ({ position: [0, 3 * n * c, 3 * n * c] as Vec3, orientation: iop, pixelSpacing: [1, 1] as const, label: `s${n}` }));
      const layout = determineSliceLayout(entries, 4, 4);
      expect(layout.diagnostics).toEqual([]);
      expect(layout.geometry.spacing[2]).toBeCloseTo(3, 9);
    });
  });

  it('rejects mixed orientation within one stack', () => {
    const entries = axial([0, 1, 2]);
    const mixed = [...entries, { ...entries[0]!, position: [0, 0, 3] as Vec3, orientation: [0, 1, 0, 0, 0, -1] as const, label: 'sag' }];
    expect(thrown(() => determineSliceLayout(mixed, 5, 4))).toBe('SERIES_MIXED_ORIENTATION');
  });

  it('falls back to index geometry without IPP/IOP (single radiograph)', () => {
    const layout = determineSliceLayout([{ pixelSpacing: [0.2, 0.2], label: 'dx' }], 10, 12);
    expect(codes(layout)).toEqual(['SERIES_MISSING_GEOMETRY']);
    expect(layout.geometry.origin).toEqual([0, 0, 0]);
    expect(layout.geometry.spacing).toEqual([0.2, 0.2, 1]);
  });

  it('frames without positions are stacked in InstanceNumber order with index geometry', () => {
    const entries: SliceEntry[] = [3, 1, 2].map((n) => ({ instanceNumber: n, spacingBetweenSlices: 4, label: `f${n}` }));
    const layout = determineSliceLayout(entries, 2, 2);
    expect(layout.order).toEqual([1, 2, 0]);
    expect(layout.geometry.spacing[2]).toBe(4);
    expect(codes(layout)).toEqual(['SERIES_MISSING_GEOMETRY']);
  });

  it('rejects an ImageOrientationPatient that is not orthonormal', () => {
    const entries = axial([0, 1]).map((e) => ({ ...e, orientation: [1, 0, 0, 0.5, 0.5, 0] as const }));
    expect(thrown(() => determineSliceLayout(entries, 5, 4))).toBe('DICOM_INVALID_ATTRIBUTE');
  });

  it('rejects an empty stack', () => expect(thrown(() => determineSliceLayout([], 5, 4))).toBe('SERIES_EMPTY'));
});
