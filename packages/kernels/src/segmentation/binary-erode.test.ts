import { describe, expect, it } from 'vitest';
import { isMedlensError, type Vec3 } from '@medlens/core';
import { binaryClose, binaryDilate, binaryErode, binaryOpen, createBallStructure, fillHoles } from './index.js';
import { decode, firstDiff, golden, sha256, SPACING, vol, type Encoded } from './golden.js';

const morphMask = vol(decode(golden.morphMask) as Uint8Array);
const ops = { erode: binaryErode, dilate: binaryDilate, open: binaryOpen, close: binaryClose } as const;

describe('binary morphology vs scipy.ndimage binary_* with the same ball (exact)', () => {
  for (const rec of golden.binary as { radiusMm: number | Vec3; ballSize: number }[]) {
    it(`ball size matches the python construction, radiusMm=${JSON.stringify(rec.radiusMm)}`, () => {
      expect(createBallStructure(SPACING, rec.radiusMm).size).toBe(rec.ballSize);
    });
    for (const [name, fn] of Object.entries(ops)) {
      it(`${name} radiusMm=${JSON.stringify(rec.radiusMm)}`, () => {
        const before = sha256(morphMask);
        const out = fn(morphMask, { radiusMm: rec.radiusMm });
        expect(firstDiff(out.data, decode((rec as unknown as Record<string, Encoded>)[name]!))).toBe(-1);
        expect(out.geometry).toEqual(morphMask.geometry);
        expect(sha256(morphMask)).toBe(before);
      });
    }
  }
});

describe('fillHoles vs scipy.ndimage.binary_fill_holes (exact)', () => {
  it.each(golden.fillHoles as { name: string; input: never; output: never }[])('$name', (c) => {
    const input = vol(decode(c.input) as Uint8Array);
    const before = sha256(input);
    expect(firstDiff(fillHoles(input).data, decode(c.output))).toBe(-1);
    expect(sha256(input)).toBe(before);
  });
});

describe('morphology option validation', () => {
  const cases: [string, unknown][] = [
    ['zero', 0],
    ['negative', -1],
    ['NaN', NaN],
    ['two values', [1, 2]],
    ['Infinity', Infinity],
    ['missing', undefined],
  ];
  it.each(cases)('radiusMm %s → USAGE_INVALID_ARGUMENT', (_n, radiusMm) => {
    for (const fn of Object.values(ops)) {
      try {
        fn(morphMask, { radiusMm: radiusMm as number });
        expect.unreachable();
      } catch (e) {
        expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
        expect((e as { details: { field: string } }).details.field).toBe('radiusMm');
      }
    }
  });
});

describe('binary morphology on rows of a multiple of 4 voxels (word-wise path) vs a direct definition', () => {
  const size: Vec3 = [24, 11, 7];
  const spacing: Vec3 = [0.6, 0.9, 1.7];
  let s = 99;
  const data = Uint8Array.from({ length: size[0] * size[1] * size[2] }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32 < 0.75 ? 1 : 0;
  });
  const mask = vol(data, size, spacing);
  /** out[p] = AND (erode) / OR (dilate) of mask over the ball, outside the grid = 0. */
  function direct(radiusMm: number | Vec3, erode: boolean): Uint8Array {
    const r: Vec3 = typeof radiusMm === 'number' ? [radiusMm, radiusMm, radiusMm] : radiusMm;
    const e = createBallStructure(spacing, r).extent;
    const out = new Uint8Array(data.length);
    for (let k = 0; k < size[2]; k++)
      for (let j = 0; j < size[1]; j++)
        for (let i = 0; i < size[0]; i++) {
          let acc = erode ? 1 : 0;
          for (let dk = -e[2]; dk <= e[2]; dk++)
            for (let dj = -e[1]; dj <= e[1]; dj++)
              for (let di = -e[0]; di <= e[0]; di++) {
                const a = (di * spacing[0]) / r[0];
                const b = (dj * spacing[1]) / r[1];
                const c = (dk * spacing[2]) / r[2];
                if (!(a * a + b * b + c * c <= 1)) continue;
                const [ii, jj, kk] = [i + di, j + dj, k + dk];
                const inside = ii >= 0 && jj >= 0 && kk >= 0 && ii < size[0] && jj < size[1] && kk < size[2];
                const v = inside ? data[ii + size[0] * (jj + size[1] * kk)]! : 0;
                acc = erode ? acc & v : acc | v;
              }
          out[i + size[0] * (j + size[1] * k)] = acc;
        }
    return out;
  }
  it.each([1, 2.5, [1.3, 1, 3.5]] as (number | Vec3)[])('radiusMm=%j', (radiusMm) => {
    expect(firstDiff(binaryErode(mask, { radiusMm }).data, direct(radiusMm, true))).toBe(-1);
    expect(firstDiff(binaryDilate(mask, { radiusMm }).data, direct(radiusMm, false))).toBe(-1);
  });
});
